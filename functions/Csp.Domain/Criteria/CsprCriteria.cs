namespace Csp.Domain.Criteria;

/// <summary>The two groups of CSPR criteria and their wording, for forms, reports and rationales.</summary>
public static class CsprCriteria
{
    public static IReadOnlyList<CsprCriterion> MustTakeIntoAccount { get; } =
    [
        CsprCriterion.ImprovementsNeeded,
        CsprCriterion.RecurrentThemes,
        CsprCriterion.MultiAgencyWorkingConcerns,
        CsprCriterion.PanelConsidersLocalReviewMoreAppropriate,
    ];

    public static IReadOnlyList<CsprCriterion> ShouldHaveRegardTo { get; } =
    [
        CsprCriterion.SingleAgencyConcern,
        CsprCriterion.NoAgencyInvolvementConcern,
        CsprCriterion.MoreThanOneAreaInvolved,
        CsprCriterion.InstitutionalSetting,
    ];

    public static bool IsMustTakeIntoAccount(CsprCriterion criterion) => MustTakeIntoAccount.Contains(criterion);

    /// <summary>The criterion in the guidance's words.</summary>
    public static string Describe(CsprCriterion criterion) => criterion switch
    {
        CsprCriterion.ImprovementsNeeded =>
            "The case highlights or may highlight improvements needed to safeguard and promote the welfare of children, including where those improvements have been previously identified.",
        CsprCriterion.RecurrentThemes =>
            "The case highlights or may highlight recurrent themes in the safeguarding and promotion of the welfare of children.",
        CsprCriterion.MultiAgencyWorkingConcerns =>
            "The case highlights or may highlight concerns about two or more organisations or agencies working together effectively to safeguard and promote the welfare of children.",
        CsprCriterion.PanelConsidersLocalReviewMoreAppropriate =>
            "The Child Safeguarding Practice Review Panel has considered the case and concluded a local review may be more appropriate.",
        CsprCriterion.SingleAgencyConcern =>
            "There is serious harm or death and a concern about the actions of a single agency.",
        CsprCriterion.NoAgencyInvolvementConcern =>
            "No agency had involvement with the child and family, and this gives the safeguarding partners cause for concern.",
        CsprCriterion.MoreThanOneAreaInvolved =>
            "More than one local authority, police area or health area is involved, including where families have moved around.",
        CsprCriterion.InstitutionalSetting =>
            "The case may raise issues about safeguarding or promoting the welfare of children in institutional settings (children's homes, custody, secure settings, detention under the Mental Health Act or Mental Capacity Act).",
        _ => throw new ArgumentOutOfRangeException(nameof(criterion), criterion, "Unknown CSPR criterion."),
    };
}
