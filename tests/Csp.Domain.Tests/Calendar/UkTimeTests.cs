using Csp.Domain.Calendar;

namespace Csp.Domain.Tests.Calendar;

public class UkTimeTests
{
    [Fact]
    public void Today_LateEveningInSummer_IsAlreadyTomorrowInTheUk()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 6, 1, 23, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 6, 2), UkTime.Today(time));
    }

    [Fact]
    public void Today_LateEveningInWinter_IsStillTodayInTheUk()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 12, 14, 23, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 12, 14), UkTime.Today(time));
    }

    [Fact]
    public void FindZone_EuropeLondon_KeepsTheUkSummerTimeRules()
    {
        var zone = UkTime.FindZone(UkTime.ZoneId);

        Assert.Equal(TimeSpan.FromHours(1), zone.GetUtcOffset(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(TimeSpan.Zero, zone.GetUtcOffset(new DateTime(2026, 3, 29, 0, 59, 0, DateTimeKind.Utc)));
        Assert.Equal(TimeSpan.Zero, zone.GetUtcOffset(new DateTime(2026, 10, 25, 1, 0, 0, DateTimeKind.Utc)));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
