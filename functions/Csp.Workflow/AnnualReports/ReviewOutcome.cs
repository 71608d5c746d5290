using System.Text.Json.Serialization;
using Csp.Domain.Incidents;

namespace Csp.Workflow.AnnualReports;

/// <summary>What was decided for an incident: at triage (no Rapid Review) or by the Rapid Review.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReviewOutcome>))]
public enum ReviewOutcome
{
    LocalCspr,
    OtherLearningReview,
    NationalReviewRecommended,
    NoFurtherReview,

    /// <summary>Neither the chair's triage nor the Rapid Review has decided yet.</summary>
    NotYetDecided,
}

public static class ReviewOutcomes
{
    /// <summary>The Rapid Review's decision where there is one (as revised), else the chair's triage where it ended the route.</summary>
    public static ReviewOutcome Of(Incident incident) => incident.Decision?.Outcome switch
    {
        RapidReviewOutcome.LocalCspr => ReviewOutcome.LocalCspr,
        RapidReviewOutcome.OtherLearningReview => ReviewOutcome.OtherLearningReview,
        RapidReviewOutcome.RecommendNationalReview => ReviewOutcome.NationalReviewRecommended,
        RapidReviewOutcome.NoFurtherReview => ReviewOutcome.NoFurtherReview,
        _ => incident.Triage?.Outcome switch
        {
            ReferralTriageOutcome.OtherLearningReview => ReviewOutcome.OtherLearningReview,
            ReferralTriageOutcome.NoFurtherReview => ReviewOutcome.NoFurtherReview,
            _ => ReviewOutcome.NotYetDecided,
        },
    };

    /// <summary>Who decided it: the Rapid Review, the chair at triage, or nobody yet.</summary>
    public static string? DecidedBy(Incident incident) =>
        incident.Decision is not null ? "Rapid Review"
        : incident.Triage is { Outcome: not ReferralTriageOutcome.RapidReview } ? "Chair at triage"
        : null;

    public static DateOnly? DecidedOn(Incident incident) =>
        incident.Decision?.DecidedOn ?? (incident.Triage is { Outcome: not ReferralTriageOutcome.RapidReview } t ? t.DecidedOn : null);

    public static string Label(ReviewOutcome outcome) => outcome switch
    {
        ReviewOutcome.LocalCspr => "Local CSPR",
        ReviewOutcome.OtherLearningReview => "Other learning review",
        ReviewOutcome.NationalReviewRecommended => "National review recommended",
        ReviewOutcome.NoFurtherReview => "No further review",
        _ => "Not yet decided",
    };
}
