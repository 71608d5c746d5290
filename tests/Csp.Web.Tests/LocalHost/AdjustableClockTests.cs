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
        var firings = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var period = TimeSpan.FromSeconds(2);
        using var timer = clock.CreateTimer(_ => firings.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp()), null, TimeSpan.FromHours(1), period);

        // Two hours on: one firing for the jump, not one for every period the jump skipped; then
        // again a period later, on real time. Measured between the firings, not after a sleep.
        clock.Advance(TimeSpan.FromHours(2));
        await WaitUntilAsync(() => firings.Count >= 2, period * 5);

        var (first, second) = (firings.ElementAt(0), firings.ElementAt(1));
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(first, second) >= period - TimeSpan.FromMilliseconds(100),
            $"fired again after {System.Diagnostics.Stopwatch.GetElapsedTime(first, second).TotalMilliseconds:F0} ms: the jump fired it more than once");
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

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out");
            await Task.Delay(20);
        }
    }
}
