namespace Csp.Durable;

/// <summary>
/// A clock that moves only when told to. Timers created on it (including <c>Task.Delay</c> with this
/// provider) fire, in due order, as the clock passes them: months of process run in milliseconds.
/// </summary>
public sealed class VirtualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<VirtualTimer> _timers = new();
    private DateTimeOffset _now = start;
    private long _sequence;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), "Time cannot go backwards.");
        AdvanceTo(GetUtcNow() + by);
    }

    /// <summary>Moves the clock to <paramref name="to"/>, firing every timer due on the way in order.</summary>
    public void AdvanceTo(DateTimeOffset to)
    {
        while (true)
        {
            VirtualTimer? next;
            lock (_gate)
            {
                if (to < _now) return;
                next = _timers.Where(t => t.DueAt <= to).OrderBy(t => t.DueAt).ThenBy(t => t.Sequence).FirstOrDefault();
                if (next is null)
                {
                    _now = to;
                    return;
                }
                if (next.DueAt > _now) _now = next.DueAt;
                _timers.Remove(next);
                if (next.Period is { } period && period > TimeSpan.Zero)
                {
                    next.DueAt += period;
                    _timers.Add(next);
                }
            }
            next.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class VirtualTimer(VirtualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset DueAt;
        public TimeSpan? Period;
        public long Sequence;

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan) return true;
                DueAt = clock._now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
                Period = period == Timeout.InfiniteTimeSpan ? null : period;
                Sequence = Interlocked.Increment(ref clock._sequence);
                clock._timers.Add(this);
            }
            return true;
        }

        public void Dispose()
        {
            lock (clock._gate) clock._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
