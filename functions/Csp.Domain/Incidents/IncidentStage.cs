using System.Text.Json.Serialization;

namespace Csp.Domain.Incidents;

/// <summary>Where an incident is in the statutory process (see <see cref="Incident"/> for the legal moves).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IncidentStage>))]
public enum IncidentStage
{
    /// <summary>The business unit checks the referral is complete and signed off; the chair triages it.</summary>
    ReferralQa,

    /// <summary>The LA notifies the National Panel (and, where needed, the Secretary of State and Ofsted).</summary>
    Notification,

    /// <summary>Involved agencies return scoping templates.</summary>
    Scoping,

    /// <summary>The Rapid Review meeting applies the two tests and decides.</summary>
    RapidReview,

    /// <summary>The Rapid Review report is approved and sent to the National Panel; the Panel replies.</summary>
    Decision,

    LocalCspr,
    OtherLearningReview,

    /// <summary>Led by the National Panel; the partnership supports and tracks it.</summary>
    NationalReview,

    NoFurtherReview,
    Publication,
    ActionPlan,
    Closed,
}

/// <summary>What the Rapid Review decided.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RapidReviewOutcome>))]
public enum RapidReviewOutcome
{
    NoFurtherReview,
    LocalCspr,
    OtherLearningReview,
    RecommendNationalReview,
}

/// <summary>What the chair decided about a quality-assured referral.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReferralTriageOutcome>))]
public enum ReferralTriageOutcome
{
    /// <summary>A notifiable incident: notify and hold a Rapid Review.</summary>
    RapidReview,

    /// <summary>No notifiable incident, but the concerns merit another kind of learning review.</summary>
    OtherLearningReview,

    /// <summary>Does not meet the criteria; the referrer and subgroup chair are told why.</summary>
    NoFurtherReview,
}

[JsonConverter(typeof(JsonStringEnumConverter<ScopingReturnStatus>))]
public enum ScopingReturnStatus
{
    Requested,
    Returned,
    Accepted,
    ResubmissionRequested,

    /// <summary>The business unit waived the return (the agency had no involvement, say): nothing is outstanding.</summary>
    Waived,
}

/// <summary>The National Panel's reply to a Rapid Review report.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NationalPanelResponseOutcome>))]
public enum NationalPanelResponseOutcome
{
    DecisionRatified,
    QuestionsRaised,
    NationalReviewToBeCarriedOut,
    NationalReviewDeclined,
}

/// <summary>What was published: the report, or (with the Panel's agreement) information about the improvements.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PublicationForm>))]
public enum PublicationForm
{
    FullReport,
    ImprovementsSummary,
}
