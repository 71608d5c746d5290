using System.ComponentModel.DataAnnotations;

namespace Csp.Domain.Timescales;

/// <summary>
/// The statutory timescales, as configuration (section <see cref="SectionName"/>). The defaults are
/// Working Together 2023 chapter 5 and common local procedure; local settings win, so a partnership
/// can change any of them.
/// </summary>
public sealed class StatutoryTimescales
{
    public const string SectionName = "StatutoryTimescales";

    /// <summary>LA notifies the National Panel within this many working days of becoming aware.</summary>
    [Range(1, 365)]
    public int NationalPanelNotificationWorkingDays { get; set; } = 5;

    /// <summary>LA tells the safeguarding partners within this many working days of becoming aware.</summary>
    [Range(1, 365)]
    public int PartnersInformedWorkingDays { get; set; } = 5;

    /// <summary>Involved agencies return the scoping template within this many working days of the request.</summary>
    [Range(1, 365)]
    public int ScopingReturnWorkingDays { get; set; } = 5;

    /// <summary>The scoping pack goes to panel members, where possible, this many calendar days before the meeting.</summary>
    [Range(0, 365)]
    public int ScopingPackBeforeMeetingCalendarDays { get; set; } = 7;

    /// <summary>
    /// The Rapid Review meeting's minutes are uploaded and distributed to those who attended within this many
    /// calendar days of the meeting (the partnership's terms of reference: two weeks). Local procedure, not statute.
    /// </summary>
    [Range(1, 365)]
    public int RapidReviewMinutesCalendarDays { get; set; } = 14;

    /// <summary>The Rapid Review is completed and decided within this many working days of the notification.</summary>
    [Range(1, 365)]
    public int RapidReviewDecisionWorkingDays { get; set; } = 15;

    /// <summary>A local CSPR is completed within this many calendar months of the decision.</summary>
    [Range(1, 60)]
    public int LocalCsprCompletionMonths { get; set; } = 6;

    /// <summary>Another learning review is completed, ideally, within this many calendar months of the decision.</summary>
    [Range(1, 60)]
    public int OtherLearningReviewCompletionMonths { get; set; } = 3;

    /// <summary>Partner agencies' governance bodies confirm their responses within this many calendar days.</summary>
    [Range(1, 365)]
    public int GovernanceResponseCalendarDays { get; set; } = 14;

    /// <summary>The final report goes to the Panel and the Secretary of State at least this many working days before publication.</summary>
    [Range(1, 365)]
    public int PrePublicationNoticeWorkingDays { get; set; } = 7;

    /// <summary>A published report stays available for at least this many calendar months.</summary>
    [Range(1, 600)]
    public int PublicationAvailabilityMonths { get; set; } = 12;

    /// <summary>The action plan is reported to the executive every this many calendar months.</summary>
    [Range(1, 24)]
    public int ActionPlanReportIntervalMonths { get; set; } = 3;

    /// <summary>
    /// An incident shows amber when its next deadline falls within this many working days (0: only on
    /// the due date itself). A local choice, not statute: it sits here so that the dashboard's key and
    /// its colours come from the same setting.
    /// </summary>
    [Range(0, 30)]
    public int AmberWithinWorkingDays { get; set; } = 2;

    /// <summary>Plain-English problems with the settings; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return results.Select(r => $"{SectionName}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}").ToList();
    }
}
