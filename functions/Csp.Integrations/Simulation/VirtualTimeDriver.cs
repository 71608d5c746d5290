using Csp.Durable;
using Csp.Durable.Engine;

namespace Csp.Integrations.Simulation;

/// <summary>
/// Drives an engine on a <see cref="VirtualTimeProvider"/>: settles (every turn, activity and due
/// timer done), then jumps the clock to the next durable timer, and so on up to a target time.
/// Months of process run in seconds.
/// </summary>
public sealed class VirtualTimeDriver(Func<DurableEngine> engine, VirtualTimeProvider clock)
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

    public VirtualTimeProvider Clock => clock;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Waits until nothing is running and no timer is due now (checked twice, a moment apart, to close the gap between a timer leaving the queue and its delivery).</summary>
    public async Task SettleAsync()
    {
        var stable = 0;
        while (stable < 2)
        {
            await engine().WaitForIdleAsync().WaitAsync(IdleTimeout);
            if (engine().NextTimerDueAt is { } due && due <= clock.GetUtcNow())
            {
                stable = 0;
                await Task.Delay(1);
                continue;
            }
            stable++;
            if (stable < 2) await Task.Yield();
        }
    }

    /// <summary>Advances to <paramref name="target"/>, firing every durable timer on the way in order and settling after each.</summary>
    public async Task AdvanceToAsync(DateTimeOffset target)
    {
        while (true)
        {
            await SettleAsync();
            var next = engine().NextTimerDueAt;
            if (next is null || next > target)
            {
                if (target > clock.GetUtcNow()) clock.AdvanceTo(target);
                await SettleAsync();
                return;
            }
            if (next > clock.GetUtcNow()) clock.AdvanceTo(next.Value);
            else await Task.Delay(1);
        }
    }

    public Task AdvanceAsync(TimeSpan by) => AdvanceToAsync(clock.GetUtcNow() + by);
}
