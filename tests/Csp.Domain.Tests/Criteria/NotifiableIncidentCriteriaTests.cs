using Csp.Domain.Criteria;
using Csp.Domain.Referrals;

namespace Csp.Domain.Tests.Criteria;

public class NotifiableIncidentCriteriaTests
{
    [Fact]
    public void IsNotifiable_EveryCombination_RequiresAbuseOrNeglectAndHarmAndResponsibleArea()
    {
        foreach (var abuse in Enum.GetValues<AbuseOrNeglect>())
        foreach (var outcome in Enum.GetValues<IncidentOutcome>())
        foreach (var location in Enum.GetValues<IncidentLocation>())
        {
            var expected = abuse != AbuseOrNeglect.No && location != IncidentLocation.Elsewhere;
            Assert.True(expected == NotifiableIncidentCriteria.IsNotifiable(abuse, outcome, location), $"{abuse}/{outcome}/{location}");
        }
    }

    [Theory]
    [InlineData(AbuseOrNeglect.Suspected, IncidentOutcome.SeriousHarm, IncidentLocation.InArea, true, "abuse or neglect is suspected and the child was seriously harmed in the local authority's area")]
    [InlineData(AbuseOrNeglect.Known, IncidentOutcome.Death, IncidentLocation.OutsideEnglandWhileNormallyResident, true, "abuse or neglect is known and the child died outside England while normally resident")]
    [InlineData(AbuseOrNeglect.No, IncidentOutcome.Death, IncidentLocation.InArea, false, "neither known nor suspected")]
    [InlineData(AbuseOrNeglect.Known, IncidentOutcome.SeriousHarm, IncidentLocation.Elsewhere, false, "the area where it happened notifies")]
    public void Evaluate_Incident_GivesResultAndReason(AbuseOrNeglect abuse, IncidentOutcome outcome, IncidentLocation location, bool met, string reason)
    {
        var result = NotifiableIncidentCriteria.Evaluate(new ReferralIncident { AbuseOrNeglect = abuse, Outcome = outcome, Location = location });

        Assert.Equal(met, result.Met);
        Assert.Contains(reason, result.Reason);
    }

    [Fact]
    public void Evaluate_MissingAnswer_ThrowsDomainException()
    {
        var ex = Assert.Throws<DomainException>(() => NotifiableIncidentCriteria.Evaluate(
            new ReferralIncident { Outcome = IncidentOutcome.Death, Location = IncidentLocation.InArea }));

        Assert.Contains("abuse or neglect", ex.Message);
    }
}
