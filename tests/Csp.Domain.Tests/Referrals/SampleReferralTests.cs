using System.Text.Json;
using Csp.Domain.Criteria;
using Csp.Domain.Referrals;

namespace Csp.Domain.Tests.Referrals;

/// <summary>tests/data/referral.sample.json is the documented shape of a referral: it must stay valid.</summary>
public class SampleReferralTests
{
    private static Referral LoadSample()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "data", "referral.sample.json");
        var json = File.ReadAllText(path);
        return JsonSerializer.Deserialize<Referral>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("The sample referral deserialised to null.");
    }

    [Fact]
    public void SampleReferral_DeserialisedWithWebDefaults_HasNoValidationErrors()
    {
        var referral = LoadSample();

        Assert.Empty(ReferralValidator.Validate(referral, new DateOnly(2024, 4, 1)));
        Assert.Empty(ReferralValidator.Validate(referral, DateOnly.FromDateTime(DateTime.Today)));
    }

    [Fact]
    public void SampleReferral_HasTheFourCoreAgenciesAndEveryPart()
    {
        var referral = LoadSample();

        Assert.Equal(
            [AgencyType.ChildrensSocialCare, AgencyType.Police, AgencyType.Health, AgencyType.Education],
            referral.InvolvedAgencies.Select(a => a.AgencyType!.Value));
        Assert.Equal(new DateOnly(2024, 3, 22), referral.Incident!.DateLocalAuthorityAware);
        Assert.Equal(IncidentOutcome.SeriousHarm, referral.Incident.Outcome);
        Assert.Equal([CsprCriterion.MultiAgencyWorkingConcerns, CsprCriterion.ImprovementsNeeded], referral.CriteriaReferrerThinksApply);
        Assert.Equal(ParallelProceedingType.Criminal, referral.ParallelProceedings.Single().Type);
        Assert.NotNull(referral.SignOff);
        Assert.True(NotifiableIncidentCriteria.Evaluate(referral.Incident).Met);
    }

    [Fact]
    public void SampleReferral_RoundTrips_WithoutLosingAnything()
    {
        var referral = LoadSample();
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        var again = JsonSerializer.Deserialize<Referral>(JsonSerializer.Serialize(referral, options), options)!;

        Assert.Equal(JsonSerializer.Serialize(referral, options), JsonSerializer.Serialize(again, options));
        Assert.Equal(referral.Child, again.Child);
        Assert.Equal(referral.Incident, again.Incident);
    }
}
