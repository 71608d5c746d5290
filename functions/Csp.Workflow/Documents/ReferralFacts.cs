using Csp.Domain.Criteria;
using Csp.Domain.Referrals;

namespace Csp.Workflow.Documents;

/// <summary>
/// The referral as rows of a table, for documents read by staff and panel members behind sign-in
/// (never emailed): the child, the incident, the referrer and why they asked for a review.
/// </summary>
public static class ReferralFacts
{
    public static IEnumerable<(string Label, string? Value)> Child(Referral referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        var child = referral.Child;
        yield return ("Child", Join(" ", child?.FirstName, child?.LastName));
        yield return ("Date of birth", DocumentWords.Date(child?.DateOfBirth));
        yield return ("Gender", child?.Gender is { } g ? DocumentWords.Sentence(g) : null);
        yield return ("Ethnicity", child?.Ethnicity);
        yield return ("Home local authority", child?.HomeLocalAuthority);
        yield return ("Looked after at the time", child?.LookedAfter is null ? null : DocumentWords.YesNo(child.LookedAfter));
        yield return ("Care leaver at the time", child?.CareLeaver is null ? null : DocumentWords.YesNo(child.CareLeaver));
    }

    public static IEnumerable<(string Label, string? Value)> Incident(Referral referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        var incident = referral.Incident;
        yield return ("Date of the incident", DocumentWords.Date(incident?.DateOfIncident));
        yield return ("Local authority aware", DocumentWords.Date(incident?.DateLocalAuthorityAware));
        yield return ("What happened to the child", incident?.Outcome is { } o ? DocumentWords.Sentence(o) : null);
        yield return ("Abuse or neglect", incident?.AbuseOrNeglect is { } a ? DocumentWords.Sentence(a) : null);
        yield return ("Where", incident?.Location switch
        {
            IncidentLocation.InArea => "In the local authority's area",
            IncidentLocation.OutsideEnglandWhileNormallyResident => "Outside England, while normally resident in the area",
            IncidentLocation.Elsewhere => "Elsewhere in England",
            _ => null,
        });
        yield return ("What happened", incident?.WhatHappened);
    }

    public static IEnumerable<(string Label, string? Value)> Referrer(Referral referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        yield return ("Referred by", Join(", ", referral.Referrer?.Name, referral.Referrer?.Role, referral.Referrer?.Agency));
        yield return ("Signed off by", Join(", ", referral.SignOff?.Name, referral.SignOff?.Role, DocumentWords.Date(referral.SignOff?.DateSignedOff)));
        yield return ("Why the referrer asks for a review", referral.ReferrerRationale);
        yield return ("Criteria the referrer thinks apply", referral.CriteriaReferrerThinksApply.Count == 0 ? null
            : string.Join("\n", referral.CriteriaReferrerThinksApply.Select(CsprCriteria.Describe)));
        yield return ("Other proceedings", referral.ParallelProceedings.Count == 0 ? null
            : string.Join("\n", referral.ParallelProceedings.Select(p => Join(": ", p.Type is { } t ? DocumentWords.Sentence(t) : null, p.Notes))));
    }

    private static string? Join(string separator, params string?[] parts)
    {
        var present = parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()).ToList();
        return present.Count == 0 ? null : string.Join(separator, present);
    }
}
