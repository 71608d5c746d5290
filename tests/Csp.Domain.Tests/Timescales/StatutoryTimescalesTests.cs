using Csp.Domain.Timescales;

namespace Csp.Domain.Tests.Timescales;

public class StatutoryTimescalesTests
{
    [Fact]
    public void Defaults_MatchTheStatutoryGuidance()
    {
        var t = new StatutoryTimescales();

        Assert.Equal(5, t.NationalPanelNotificationWorkingDays);
        Assert.Equal(5, t.PartnersInformedWorkingDays);
        Assert.Equal(5, t.ScopingReturnWorkingDays);
        Assert.Equal(7, t.ScopingPackBeforeMeetingCalendarDays);
        Assert.Equal(15, t.RapidReviewDecisionWorkingDays);
        Assert.Equal(6, t.LocalCsprCompletionMonths);
        Assert.Equal(3, t.OtherLearningReviewCompletionMonths);
        Assert.Equal(14, t.GovernanceResponseCalendarDays);
        Assert.Equal(7, t.PrePublicationNoticeWorkingDays);
        Assert.Equal(12, t.PublicationAvailabilityMonths);
        Assert.Equal(3, t.ActionPlanReportIntervalMonths);
        Assert.Empty(t.Validate());
    }

    [Fact]
    public void Validate_OutOfRangeValues_NamesEachSetting()
    {
        var t = new StatutoryTimescales { ScopingReturnWorkingDays = 0, LocalCsprCompletionMonths = -1 };

        var problems = t.Validate();

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("ScopingReturnWorkingDays"));
        Assert.Contains(problems, p => p.Contains("LocalCsprCompletionMonths"));
    }
}
