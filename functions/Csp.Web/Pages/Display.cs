using System.Globalization;
using System.Text;
using Csp.Domain.Calendar;
using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using Csp.Workflow.Application;
using Csp.Workflow.Documents;

namespace Csp.Web.Pages;

/// <summary>How values read on the pages: dates as "22 March 2024", stages and states in words.</summary>
public static partial class Display
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static string Date(DateOnly date) => DocumentWords.Date(date);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "";

    /// <summary>A line the process wrote (a timeline entry, a decision) with its ISO dates in words: "due 2026-12-31" reads "due Thursday 31 December 2026".</summary>
    public static string Prose(string? text) =>
        string.IsNullOrEmpty(text) ? text ?? "" : IsoDate().Replace(text, m =>
            DateOnly.TryParseExact(m.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? Csp.Domain.DateWords.Prose(d) : m.Value);

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])")]
    private static partial System.Text.RegularExpressions.Regex IsoDate();

    public static string DateTime(DateTimeOffset instant) =>
        UkTime.Local(instant).ToString("d MMMM yyyy", English) + " at " + Time(instant);

    /// <summary>The UK time of day, GOV.UK style: "10am", "2:30pm".</summary>
    public static string Time(DateTimeOffset instant) => Csp.Domain.DateWords.Time(TimeOnly.FromDateTime(UkTime.Local(instant).DateTime));

    /// <summary>A meeting's span: "31 December 2026 at 10am to 12pm".</summary>
    public static string Span(DateTimeOffset start, DateTimeOffset end) =>
        UkTime.Date(start) == UkTime.Date(end) ? $"{DateTime(start)} to {Time(end)}" : $"{DateTime(start)} to {DateTime(end)}";

    public static string Stage(IncidentStage stage) => stage switch
    {
        IncidentStage.ReferralQa => "Referral quality assurance",
        IncidentStage.Notification => "Notification",
        IncidentStage.Scoping => "Rapid Review scoping",
        IncidentStage.RapidReview => "Rapid Review",
        IncidentStage.Decision => "Rapid Review decision",
        IncidentStage.LocalCspr => "Local CSPR",
        IncidentStage.OtherLearningReview => "Other learning review",
        IncidentStage.NationalReview => "National review",
        IncidentStage.NoFurtherReview => "No further review",
        IncidentStage.Publication => "Publication",
        IncidentStage.ActionPlan => "Action plan",
        IncidentStage.Closed => "Closed",
        _ => Words(stage.ToString()),
    };

    /// <summary>
    /// A value offered or shown on a page: an identifier ("ChildrensSocialCare", "RequestChanges") in
    /// words, anything a person wrote (an agency's name such as "Exampleton CSC") exactly as written.
    /// </summary>
    public static string Value(string value)
    {
        if (string.IsNullOrEmpty(value) || !value.All(char.IsAsciiLetter)) return value;
        return AgencyType(value) is { } agency ? agency : value switch
        {
            "RequestChanges" => "Ask for changes",
            "LocalCspr" => "Local CSPR",
            "RapidReview" => "Rapid Review",
            "RecommendNationalReview" => "Recommend a national review",
            "NeedsAction" => "No reply yet",
            _ => Words(value),
        };
    }

    /// <summary>An agency type as the guidance writes it (the documents' words); null for anything else.</summary>
    public static string? AgencyType(string? type) =>
        type is { Length: > 0 } && type.All(char.IsAsciiLetter) && Enum.TryParse<Csp.Domain.Referrals.AgencyType>(type, out var known) && Enum.IsDefined(known)
            ? DocumentWords.AgencyType(known)
            : null;

    /// <summary>"ResubmissionRequested" as "Resubmission requested".</summary>
    public static string Words(string pascal)
    {
        if (string.IsNullOrEmpty(pascal)) return pascal;
        var text = new StringBuilder();
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(pascal[i - 1])) text.Append(' ').Append(char.ToLowerInvariant(c));
            else text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>The dashboard's key to its colours, from the configured amber threshold.</summary>
    public static string RagKey(StatutoryTimescales timescales) =>
        $"red means a deadline has passed, amber that one falls within {TimescaleWords.WorkingDays(timescales.AmberWithinWorkingDays)} or that something puts the next step at risk (the reason is shown)";

    public static string WorkingDays(int days) => TimescaleWords.WorkingDays(days);

    public static (string Text, string TagClass) Rag(RagStatus rag) => rag switch
    {
        RagStatus.Red => ("Red: overdue", "govuk-tag--red"),
        RagStatus.Amber => ("Amber: due soon", "govuk-tag--yellow"),
        _ => ("Green: on track", "govuk-tag--green"),
    };

    public static (string Text, string TagClass) Deadline(DeadlineState state) => state switch
    {
        DeadlineState.Met => ("Met", "govuk-tag--green"),
        DeadlineState.MetLate => ("Met late", "govuk-tag--orange"),
        DeadlineState.Overdue => ("Overdue", "govuk-tag--red"),
        DeadlineState.Waived => ("Waived", "govuk-tag--grey"),
        DeadlineState.Missed => ("Missed", "govuk-tag--orange"),
        _ => ("Due", "govuk-tag--blue"),
    };

    public static string ScopingStatusTag(string status) => status switch
    {
        "Accepted" => "govuk-tag--green",
        "Returned" => "govuk-tag--turquoise",
        "ResubmissionRequested" or "CannotReturn" => "govuk-tag--orange",
        "Overdue" => "govuk-tag--red",
        _ => "govuk-tag--grey",
    };
}
