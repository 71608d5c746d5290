using Csp.Domain.Timescales;

namespace Csp.Domain.Tests.Timescales;

public class ScopingReturnsStatusTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso);

    [Fact]
    public void OneOverdueAndOneOutstanding_OpenAndDueOnTheEarliestOutstandingDate()
    {
        var status = ScopingReturnsStatus.Of(
        [
            new(D("2026-12-07"), D("2026-12-04"), null),
            new(D("2026-12-07"), null, null),
            new(D("2026-12-11"), null, null),
        ])!;

        Assert.Null(status.SettledOn);
        Assert.Equal(D("2026-12-07"), status.Due);
    }

    [Fact]
    public void AgencyAddedLaterReturnedLate_SettledLateOnItsDate()
    {
        var status = ScopingReturnsStatus.Of(
        [
            new(D("2026-12-07"), D("2026-12-04"), null),
            new(D("2026-12-11"), D("2026-12-15"), null),
        ])!;

        Assert.Equal(D("2026-12-15"), status.SettledOn);
        Assert.True(status.Late);
        Assert.False(status.AllWaived);
    }

    [Fact]
    public void AllReturnedOrWaivedOnTime_SettledOnTime()
    {
        var status = ScopingReturnsStatus.Of(
        [
            new(D("2026-12-07"), D("2026-12-04"), null),
            new(D("2026-12-11"), null, D("2026-12-09")),
        ])!;

        Assert.Equal(D("2026-12-09"), status.SettledOn);
        Assert.False(status.Late);
    }

    [Fact]
    public void EveryReturnWaived_AllWaived()
    {
        var status = ScopingReturnsStatus.Of([new(D("2026-12-07"), null, D("2026-12-02"))])!;

        Assert.True(status.AllWaived);
        Assert.Null(ScopingReturnsStatus.Of([]));
    }
}
