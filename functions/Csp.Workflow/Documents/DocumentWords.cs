using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Workflow.Actions;
using Csp.Workflow.Model;

namespace Csp.Workflow.Documents;

/// <summary>How values read in the documents and pages: dates in prose (the one style, <see cref="DateWords.Prose"/>), identifiers in words as the guidance writes them.</summary>
public static class DocumentWords
{
    public static string Date(DateOnly date) => DateWords.Prose(date);

    public static string? Date(DateOnly? date) => date is { } d ? Date(d) : null;

    public static string YesNo(bool? value) => value switch { true => "Yes", false => "No", _ => "Not known" };

    public static string AgencyType(AgencyType type) => type switch
    {
        Domain.Referrals.AgencyType.ChildrensSocialCare => "Children's social care",
        Domain.Referrals.AgencyType.Police => "Police",
        Domain.Referrals.AgencyType.Health => "Health",
        Domain.Referrals.AgencyType.Education => "Education",
        Domain.Referrals.AgencyType.Probation => "Probation",
        _ => "Other agency",
    };

    /// <summary>An agency type stored as text (the pack's JSON); unknown text as it is.</summary>
    public static string AgencyType(string type) => Enum.TryParse<AgencyType>(type, out var t) && Enum.IsDefined(t) ? AgencyType(t) : type;

    public static string Outcome(RapidReviewOutcome outcome) => outcome switch
    {
        RapidReviewOutcome.NoFurtherReview => "No further review",
        RapidReviewOutcome.LocalCspr => "A local child safeguarding practice review",
        RapidReviewOutcome.OtherLearningReview => "Another learning review",
        _ => "A recommendation that the National Panel consider a national review",
    };

    public static string Status(AgencyScopingStatus status) => status switch
    {
        AgencyScopingStatus.Requested => "Requested, not returned",
        AgencyScopingStatus.Returned => "Returned, quality assurance not finished",
        AgencyScopingStatus.ResubmissionRequested => "Asked to resubmit",
        AgencyScopingStatus.Accepted => "Accepted",
        AgencyScopingStatus.Waived => "Waived",
        AgencyScopingStatus.CannotReturn => "Cannot return: with the business unit",
        _ => "Closed without an accepted return",
    };

    /// <summary>An enum value in lower-case words, first letter capitalised ("Serious harm").</summary>
    public static string Sentence<T>(T value) where T : notnull
    {
        var words = CaseTransitions.Words(value);
        return words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
