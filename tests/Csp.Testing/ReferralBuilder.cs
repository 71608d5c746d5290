using Csp.Domain.Criteria;
using Csp.Domain.Referrals;

namespace Csp.Testing;

/// <summary>
/// A complete, valid, fictional referral (as of <see cref="Today"/>), changed one part at a time.
/// The incident is notifiable: suspected neglect, serious harm, in the area.
/// </summary>
public sealed class ReferralBuilder
{
    /// <summary>The "today" the built referral is valid for.</summary>
    public static readonly DateOnly Today = new(2025, 3, 14);

    /// <summary>The day the local authority became aware of the incident.</summary>
    public static readonly DateOnly Aware = new(2025, 3, 4);

    private Referral _referral = new()
    {
        Child = new ReferralChild
        {
            FirstName = "Robin",
            LastName = "Testchild",
            DateOfBirth = new DateOnly(2019, 7, 2),
            Gender = Gender.NotKnown,
            Ethnicity = "Not known",
            HomeLocalAuthority = "Exampleshire County Council",
            LookedAfter = false,
            CareLeaver = false,
        },
        Incident = new ReferralIncident
        {
            DateOfIncident = new DateOnly(2025, 3, 3),
            DateLocalAuthorityAware = Aware,
            WhatHappened = "A fictional account of serious harm, used only for testing.",
            Outcome = IncidentOutcome.SeriousHarm,
            AbuseOrNeglect = AbuseOrNeglect.Suspected,
            Location = IncidentLocation.InArea,
        },
        InvolvedAgencies =
        [
            new InvolvedAgency { Name = "Exampleshire Children's Services", AgencyType = AgencyType.ChildrensSocialCare, ContactEmail = "csc.scoping@exampleshire.example" },
            new InvolvedAgency { Name = "Exampleshire Police", AgencyType = AgencyType.Police, ContactEmail = "safeguarding@police.example" },
        ],
        Referrer = new Referrer
        {
            Name = "Pat Referrer",
            Role = "Team manager",
            Agency = "Exampleshire Children's Services",
            Email = "pat.referrer@exampleshire.example",
            Phone = "01632 960 001",
        },
        SignOff = new SeniorManagerSignOff
        {
            Name = "Morgan Manager",
            Role = "Head of service",
            Email = "morgan.manager@exampleshire.example",
            DateSignedOff = new DateOnly(2025, 3, 5),
        },
        ReferrerRationale = "Fictional rationale: agencies may not have shared information.",
        CriteriaReferrerThinksApply = [CsprCriterion.MultiAgencyWorkingConcerns],
        ParallelProceedings = [new ParallelProceeding { Type = ParallelProceedingType.Criminal, Notes = "Police investigation open." }],
    };

    public ReferralBuilder With(Func<Referral, Referral> change)
    {
        _referral = change(_referral);
        return this;
    }

    public ReferralBuilder WithChild(Func<ReferralChild, ReferralChild> change) =>
        With(r => r with { Child = change(r.Child!) });

    public ReferralBuilder WithIncident(Func<ReferralIncident, ReferralIncident> change) =>
        With(r => r with { Incident = change(r.Incident!) });

    public ReferralBuilder WithReferrer(Func<Referrer, Referrer> change) =>
        With(r => r with { Referrer = change(r.Referrer!) });

    public ReferralBuilder WithSignOff(Func<SeniorManagerSignOff, SeniorManagerSignOff> change) =>
        With(r => r with { SignOff = change(r.SignOff!) });

    public ReferralBuilder WithAgency(int index, Func<InvolvedAgency, InvolvedAgency> change) =>
        With(r => r with { InvolvedAgencies = r.InvolvedAgencies.Select((a, i) => i == index ? change(a) : a).ToList() });

    public ReferralBuilder WithAgencies(params InvolvedAgency[] agencies) =>
        With(r => r with { InvolvedAgencies = agencies });

    /// <summary>A looked-after child died (neglect suspected, as in the default referral).</summary>
    public ReferralBuilder LookedAfterChildDied() =>
        WithChild(c => c with { LookedAfter = true, CareLeaver = false })
            .WithIncident(i => i with { Outcome = IncidentOutcome.Death });

    public Referral Build() => _referral;
}
