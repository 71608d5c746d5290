using Csp.Host.LocalHost;

namespace Csp.Web.Tests.LocalHost;

public sealed class AdjustableClockTests
{
    [Fact]
    public async Task Advance_PastATimersDueTime_FiresItAtOnce()
    {
        var clock = new AdjustableClock();
        var fired = new TaskCompletionSource();
        using var timer = clock.CreateTimer(_ => fired.TrySetResult(), null, TimeSpan.FromDays(5), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromDays(5));

        await fired.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Advance_ShortOfTheDueTime_DoesNotFire()
    {
        var clock = new AdjustableClock();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromDays(5), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromDays(4));
        await Task.Delay(200);

        Assert.Equal(0, fired);
    }

    [Fact]
    public async Task TaskDelayOnTheClock_CompletesWhenTheClockJumps()
    {
        var clock = new AdjustableClock();
        var delay = Task.Delay(TimeSpan.FromDays(30), clock);

        clock.Advance(TimeSpan.FromDays(31));

        await delay.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Now_IsSystemTimePlusTheOffset_AndTimestampsStayReal()
    {
        var clock = new AdjustableClock(TimeSpan.FromDays(2));
        var stamp = clock.GetTimestamp();

        clock.Advance(TimeSpan.FromDays(1));

        Assert.InRange(clock.GetUtcNow() - DateTimeOffset.UtcNow, TimeSpan.FromDays(3) - TimeSpan.FromSeconds(5), TimeSpan.FromDays(3) + TimeSpan.FromSeconds(5));
        Assert.True(clock.GetElapsedTime(stamp) < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Advance_ReportsTheNewOffset_AndRefusesToGoBack()
    {
        TimeSpan? reported = null;
        var clock = new AdjustableClock(TimeSpan.Zero, offset => reported = offset);

        clock.Advance(TimeSpan.FromHours(36));

        Assert.Equal(TimeSpan.FromHours(36), reported);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public async Task PeriodicTimer_FiresOnceWhenTheClockJumpsAndAgainAfterItsPeriod()
    {
        var clock = new AdjustableClock();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromHours(1), TimeSpan.FromMilliseconds(300));

        clock.Advance(TimeSpan.FromHours(2));
        await Task.Delay(100);
        var afterJump = fired;
        await Task.Delay(600);

        Assert.Equal(1, afterJump);
        Assert.True(fired >= 2);
    }

    [Fact]
    public async Task DisposedTimer_NeverFires_AndIsForgotten()
    {
        var clock = new AdjustableClock();
        var fired = 0;
        var timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromDays(1), Timeout.InfiniteTimeSpan);

        timer.Dispose();
        clock.Advance(TimeSpan.FromDays(2));
        await Task.Delay(100);

        Assert.Equal(0, fired);
        Assert.Equal(0, clock.ActiveTimers);
    }
}
