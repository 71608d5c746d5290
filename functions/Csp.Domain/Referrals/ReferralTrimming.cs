namespace Csp.Domain.Referrals;

/// <summary>
/// A referral with the spaces around its text and addresses taken off, as it is checked and kept:
/// an address typed with a trailing space is the same address, and a name is recorded as the
/// person wrote it, not with the blank the form picked up.
/// </summary>
public static class ReferralTrimming
{
    public static Referral Trimmed(this Referral referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        return referral with
        {
            Child = referral.Child is { } c ? c with
            {
                FirstName = T(c.FirstName), LastName = T(c.LastName), Ethnicity = T(c.Ethnicity), HomeLocalAuthority = T(c.HomeLocalAuthority),
            } : null,
            Incident = referral.Incident is { } i ? i with { WhatHappened = T(i.WhatHappened) } : null,
            InvolvedAgencies = referral.InvolvedAgencies?.Select(a => a is null ? a! : a with { Name = T(a.Name), ContactEmail = T(a.ContactEmail) }).ToList() ?? [],
            Referrer = referral.Referrer is { } r ? r with { Name = T(r.Name), Role = T(r.Role), Agency = T(r.Agency), Email = T(r.Email), Phone = T(r.Phone) } : null,
            SignOff = referral.SignOff is { } s ? s with { Name = T(s.Name), Role = T(s.Role), Email = T(s.Email) } : null,
            ReferrerRationale = T(referral.ReferrerRationale),
            ParallelProceedings = referral.ParallelProceedings?.Select(p => p is null ? p! : p with { Notes = T(p.Notes) }).ToList() ?? [],
        };
    }

    private static string? T(string? value) => value?.Trim();
}
