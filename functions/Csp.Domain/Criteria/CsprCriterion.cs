using System.Text.Json.Serialization;

namespace Csp.Domain.Criteria;

/// <summary>
/// The criteria for a local child safeguarding practice review (Working Together 2023, chapter 5).
/// The first four are the ones partners must take into account; the rest they should have regard to.
/// See <see cref="CsprCriteria"/>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<CsprCriterion>))]
public enum CsprCriterion
{
    // Must take into account whether the case highlights or may highlight:
    ImprovementsNeeded,
    RecurrentThemes,
    MultiAgencyWorkingConcerns,
    PanelConsidersLocalReviewMoreAppropriate,

    // Should have regard to:
    SingleAgencyConcern,
    NoAgencyInvolvementConcern,
    MoreThanOneAreaInvolved,
    InstitutionalSetting,
}
