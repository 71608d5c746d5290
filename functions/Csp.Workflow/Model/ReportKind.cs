using System.Text.Json.Serialization;
using Csp.Domain.Incidents;

namespace Csp.Workflow.Model;

/// <summary>The reports the process produces, which staff upload and whose versions are kept.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReportKind>))]
public enum ReportKind
{
    RapidReviewReport,
    DraftCsprReport,
    FinalCsprReport,
    LearningBrief,

    /// <summary>The CSPR's terms of reference, methodology and timeline, which the panel chair approves.</summary>
    TermsOfReference,

    /// <summary>The Rapid Review meeting's minutes, which go to those who attended.</summary>
    RapidReviewMinutes,
}

public static class ReportKinds
{
    /// <summary>Who a version drafted by the process itself (not uploaded by a person) is recorded as.</summary>
    public const string DraftedFromCaseRecord = "Drafted from the case record";

    public static string Label(ReportKind kind) => kind switch
    {
        ReportKind.RapidReviewReport => "Rapid Review report",
        ReportKind.DraftCsprReport => "Draft CSPR report",
        ReportKind.FinalCsprReport => "Final CSPR report",
        ReportKind.TermsOfReference => "Terms of reference",
        ReportKind.RapidReviewMinutes => "Rapid Review minutes",
        _ => "Learning brief",
    };

    /// <summary>
    /// The reports an incident can have at its stage: the Rapid Review report from the meeting on,
    /// the CSPR reports once a local CSPR is decided, a learning brief once any review is decided;
    /// none once "no further review" is acted on (the case closes: no report is due).
    /// </summary>
    public static IReadOnlyList<ReportKind> AllowedAt(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var kinds = new List<ReportKind>();
        if (incident.Stage is IncidentStage.ReferralQa or IncidentStage.Notification or IncidentStage.Scoping or IncidentStage.NoFurtherReview or IncidentStage.Closed) return kinds;
        kinds.Add(ReportKind.RapidReviewReport);
        if (incident.RapidReviewMeetingOn is not null) kinds.Add(ReportKind.RapidReviewMinutes);
        var cspr = incident.Stage is IncidentStage.LocalCspr or IncidentStage.Publication
            || (incident.Stage == IncidentStage.ActionPlan && incident.Decision?.Outcome == RapidReviewOutcome.LocalCspr);
        if (cspr)
        {
            kinds.Add(ReportKind.TermsOfReference);
            kinds.Add(ReportKind.DraftCsprReport);
            kinds.Add(ReportKind.FinalCsprReport);
        }
        if (incident.Stage is IncidentStage.LocalCspr or IncidentStage.Publication or IncidentStage.ActionPlan or IncidentStage.OtherLearningReview or IncidentStage.NationalReview)
            kinds.Add(ReportKind.LearningBrief);
        return kinds;
    }
}
