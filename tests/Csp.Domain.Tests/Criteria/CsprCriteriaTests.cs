using System.Text.Json;
using Csp.Domain.Criteria;

namespace Csp.Domain.Tests.Criteria;

public class CsprCriteriaTests
{
    [Fact]
    public void Groups_TogetherCoverEveryCriterionExactlyOnce()
    {
        Assert.Equal(4, CsprCriteria.MustTakeIntoAccount.Count);
        Assert.Equal(4, CsprCriteria.ShouldHaveRegardTo.Count);
        Assert.Equal(
            Enum.GetValues<CsprCriterion>().Order(),
            CsprCriteria.MustTakeIntoAccount.Concat(CsprCriteria.ShouldHaveRegardTo).Order());
        Assert.True(CsprCriteria.IsMustTakeIntoAccount(CsprCriterion.RecurrentThemes));
        Assert.False(CsprCriteria.IsMustTakeIntoAccount(CsprCriterion.InstitutionalSetting));
    }

    [Fact]
    public void Describe_EveryCriterion_HasDistinctWording()
    {
        var descriptions = Enum.GetValues<CsprCriterion>().Select(CsprCriteria.Describe).ToList();

        Assert.Equal(descriptions.Count, descriptions.Distinct().Count());
        Assert.Contains("two or more organisations or agencies", CsprCriteria.Describe(CsprCriterion.MultiAgencyWorkingConcerns));
    }

    [Fact]
    public void Assessment_CriteriaMetAndCsprAppropriate_SupportsLocalCspr()
    {
        var assessment = new CsprCriteriaAssessment(
            [CsprCriterion.MultiAgencyWorkingConcerns, CsprCriterion.MultiAgencyWorkingConcerns], true,
            "Information sharing between four agencies failed.", "Rapid Review panel", new DateOnly(2025, 3, 20));

        Assert.True(assessment.MeetsCriteria);
        Assert.True(assessment.SupportsLocalCspr);
        Assert.Equal([CsprCriterion.MultiAgencyWorkingConcerns], assessment.CriteriaMet);
    }

    [Fact]
    public void Assessment_CriteriaMetButCsprNotProportionate_DoesNotSupportLocalCspr()
    {
        var assessment = new CsprCriteriaAssessment(
            [CsprCriterion.RecurrentThemes], false, "The theme is already under a thematic review.", "Chair", new DateOnly(2025, 3, 20));

        Assert.True(assessment.MeetsCriteria);
        Assert.False(assessment.SupportsLocalCspr);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Assessment_WithoutRationale_ThrowsDomainException(string? rationale)
    {
        var ex = Assert.Throws<DomainException>(() => new CsprCriteriaAssessment([], false, rationale!, "Chair", new DateOnly(2025, 3, 20)));

        Assert.Contains("rationale", ex.Message);
    }

    [Fact]
    public void Assessment_WithoutAssessor_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => new CsprCriteriaAssessment([], false, "Reason", " ", new DateOnly(2025, 3, 20)));
    }

    [Fact]
    public void Assessment_RoundTripsThroughJson()
    {
        var assessment = new CsprCriteriaAssessment([CsprCriterion.InstitutionalSetting], true, "Secure setting.", "Chair", new DateOnly(2025, 3, 20));

        var json = JsonSerializer.Serialize(assessment, JsonSerializerOptions.Web);
        var again = JsonSerializer.Deserialize<CsprCriteriaAssessment>(json, JsonSerializerOptions.Web)!;

        Assert.Contains("\"InstitutionalSetting\"", json);
        Assert.Equal(assessment.CriteriaMet, again.CriteriaMet);
        Assert.Equal((assessment.CsprMostAppropriateResponse, assessment.Rationale, assessment.AssessedBy, assessment.AssessedOn),
            (again.CsprMostAppropriateResponse, again.Rationale, again.AssessedBy, again.AssessedOn));
    }
}
