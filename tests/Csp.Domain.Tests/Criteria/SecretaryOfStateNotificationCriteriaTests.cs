using Csp.Domain.Criteria;
using Csp.Domain.Referrals;

namespace Csp.Domain.Tests.Criteria;

public class SecretaryOfStateNotificationCriteriaTests
{
    private static ReferralChild Child(bool lookedAfter, bool careLeaver, string dateOfBirth = "2010-01-01") =>
        new() { LookedAfter = lookedAfter, CareLeaver = careLeaver, DateOfBirth = DateOnly.Parse(dateOfBirth) };

    private static ReferralIncident Incident(IncidentOutcome outcome, string date = "2025-03-03", AbuseOrNeglect abuse = AbuseOrNeglect.No) =>
        new() { Outcome = outcome, DateOfIncident = DateOnly.Parse(date), AbuseOrNeglect = abuse, Location = IncidentLocation.InArea };

    [Fact]
    public void Evaluate_LookedAfterChildDied_WithoutAbuseOrNeglect_Required()
    {
        var result = SecretaryOfStateNotificationCriteria.Evaluate(Child(lookedAfter: true, careLeaver: false), Incident(IncidentOutcome.Death));

        Assert.True(result.Met);
        Assert.Contains("looked-after child", result.Reason);
    }

    [Fact]
    public void Evaluate_LookedAfterChildSeriouslyHarmed_NotRequired()
    {
        var result = SecretaryOfStateNotificationCriteria.Evaluate(Child(true, false), Incident(IncidentOutcome.SeriousHarm, abuse: AbuseOrNeglect.Known));

        Assert.False(result.Met);
    }

    [Theory]
    [InlineData("2000-06-15", "2025-06-14", true)]  // 24, the day before turning 25
    [InlineData("2000-06-15", "2025-06-15", false)] // 25th birthday
    [InlineData("2006-01-01", "2025-03-03", true)]  // 19
    [InlineData("2000-02-29", "2025-02-28", true)]  // leap-day birthday: still 24 on 28 February
    [InlineData("2000-02-29", "2025-03-01", false)] // and 25 on 1 March
    public void Evaluate_CareLeaverDied_RequiredUpToAndIncludingAge24(string dateOfBirth, string dateOfDeath, bool required)
    {
        var result = SecretaryOfStateNotificationCriteria.Evaluate(Child(false, true, dateOfBirth), Incident(IncidentOutcome.Death, dateOfDeath));

        Assert.Equal(required, result.Met);
    }

    [Fact]
    public void Evaluate_NeitherLookedAfterNorCareLeaver_NotRequired()
    {
        Assert.False(SecretaryOfStateNotificationCriteria.Evaluate(Child(false, false), Incident(IncidentOutcome.Death, abuse: AbuseOrNeglect.Known)).Met);
    }

    [Fact]
    public void Evaluate_LookedAfterStatusUnknown_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => SecretaryOfStateNotificationCriteria.Evaluate(
            new ReferralChild { CareLeaver = false }, Incident(IncidentOutcome.Death)));
    }

    [Theory]
    [InlineData("2010-05-10", "2025-05-09", 14)]
    [InlineData("2010-05-10", "2025-05-10", 15)]
    [InlineData("2008-02-29", "2024-02-29", 16)]
    [InlineData("2008-02-29", "2023-02-28", 14)]
    [InlineData("2008-02-29", "2023-03-01", 15)]
    public void AgeInYears_Dates_CountsCompletedYears(string dateOfBirth, string on, int expected)
    {
        Assert.Equal(expected, SecretaryOfStateNotificationCriteria.AgeInYears(DateOnly.Parse(dateOfBirth), DateOnly.Parse(on)));
    }
}
