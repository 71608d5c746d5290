using Csp.Domain.Criteria;

namespace Csp.Domain.Referrals;

/// <summary>
/// A serious incident referral as the referrer submitted it. Fields are nullable because a referral
/// can arrive incomplete: quality assurance (<see cref="ReferralValidator"/>) reports what is
/// missing and the business unit returns it to the referrer. JSON property names are the camelCase
/// forms of these property names (<c>JsonSerializerDefaults.Web</c>).
/// </summary>
public sealed record Referral
{
    public ReferralChild? Child { get; init; }
    public ReferralIncident? Incident { get; init; }
    public IReadOnlyList<InvolvedAgency> InvolvedAgencies { get; init; } = [];
    public Referrer? Referrer { get; init; }
    public SeniorManagerSignOff? SignOff { get; init; }

    /// <summary>Why the referrer thinks the case needs a review.</summary>
    public string? ReferrerRationale { get; init; }

    /// <summary>The CSPR criteria the referrer thinks apply (may be empty: the panel decides).</summary>
    public IReadOnlyList<CsprCriterion> CriteriaReferrerThinksApply { get; init; } = [];

    /// <summary>Criminal, coroner, family court or other proceedings the referrer knows of.</summary>
    public IReadOnlyList<ParallelProceeding> ParallelProceedings { get; init; } = [];
}

public sealed record ReferralChild
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public DateOnly? DateOfBirth { get; init; }
    public Gender? Gender { get; init; }
    public string? Ethnicity { get; init; }

    /// <summary>The local authority where the child normally lives.</summary>
    public string? HomeLocalAuthority { get; init; }

    /// <summary>Looked after by a local authority at the time of the incident.</summary>
    public bool? LookedAfter { get; init; }

    /// <summary>A care leaver at the time of the incident.</summary>
    public bool? CareLeaver { get; init; }
}

public sealed record ReferralIncident
{
    public DateOnly? DateOfIncident { get; init; }

    /// <summary>The day the local authority became aware: day 0 for the National Panel notification.</summary>
    public DateOnly? DateLocalAuthorityAware { get; init; }

    /// <summary>What happened, in the referrer's words.</summary>
    public string? WhatHappened { get; init; }

    public IncidentOutcome? Outcome { get; init; }
    public AbuseOrNeglect? AbuseOrNeglect { get; init; }
    public IncidentLocation? Location { get; init; }
}

public sealed record InvolvedAgency
{
    public string? Name { get; init; }
    public AgencyType? AgencyType { get; init; }

    /// <summary>Where the scoping request goes (a team mailbox, not a child's details).</summary>
    public string? ContactEmail { get; init; }
}

public sealed record Referrer
{
    public string? Name { get; init; }
    public string? Role { get; init; }
    public string? Agency { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
}

/// <summary>A senior manager of the referrer's agency has signed the referral off (required by QA).</summary>
public sealed record SeniorManagerSignOff
{
    public string? Name { get; init; }
    public string? Role { get; init; }
    public string? Email { get; init; }
    public DateOnly? DateSignedOff { get; init; }
}

public sealed record ParallelProceeding
{
    public ParallelProceedingType? Type { get; init; }
    public string? Notes { get; init; }
}
