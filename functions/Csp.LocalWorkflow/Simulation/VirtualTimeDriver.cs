using Csp.Durable;
using Csp.Durable.Engine;

namespace Csp.LocalWorkflow.Simulation;

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

    /// <summary>Waits until nothing is running and no timer is due now.</summary>
    public Task SettleAsync() => engine().WaitForSettledAsync().WaitAsync(IdleTimeout);

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
            // Settled means no timer is due, so the next one lies ahead.
            clock.AdvanceTo(next.Value);
        }
    }

    public Task AdvanceAsync(TimeSpan by) => AdvanceToAsync(clock.GetUtcNow() + by);
}
