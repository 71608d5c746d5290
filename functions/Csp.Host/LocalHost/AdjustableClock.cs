using Csp.Web.Development;

namespace Csp.Host.LocalHost;

/// <summary>
/// The development clock: system time plus an offset that only grows. Its timers are kept in
/// adjusted time, so when the offset jumps every timer is re-evaluated and those that came due
/// fire at once: the durable engine's timers (statutory deadlines, reminders, escalations) fire as
/// if the days had passed. Elapsed-time stamps (<see cref="GetTimestamp"/>) stay real, so leases and
/// timeouts measured with them are not disturbed.
/// </summary>
public sealed class AdjustableClock : TimeProvider, IDevelopmentClock
{
    private readonly TimeProvider _system;
    private readonly object _gate = new();
    private readonly HashSet<AdjustableTimer> _timers = [];
    private readonly Action<TimeSpan>? _offsetChanged;
    private TimeSpan _offset;

    /// <param name="offset">Where the clock starts (a persisted offset from an earlier run).</param>
    /// <param name="offsetChanged">Told the new offset after every move (to persist it).</param>
    public AdjustableClock(TimeSpan offset = default, Action<TimeSpan>? offsetChanged = null, TimeProvider? system = null)
    {
        if (offset < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(offset), "The clock cannot run behind real time.");
        _offset = offset;
        _offsetChanged = offsetChanged;
        _system = system ?? System;
    }

    public TimeSpan Offset
    {
        get
        {
            lock (_gate) return _offset;
        }
    }

    public DateTimeOffset UtcNow => GetUtcNow();

    public override DateTimeOffset GetUtcNow() => _system.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => _system.LocalTimeZone;

    public override long TimestampFrequency => _system.TimestampFrequency;

    public override long GetTimestamp() => _system.GetTimestamp();

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), "The clock only moves forward.");
        AdjustableTimer[] timers;
        TimeSpan offset;
        lock (_gate)
        {
            _offset += by;
            offset = _offset;
            timers = [.. _timers];
        }
        foreach (var timer in timers) timer.Reschedule();
        _offsetChanged?.Invoke(offset);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new AdjustableTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Timers waiting to fire (for tests and diagnostics).</summary>
    public int ActiveTimers
    {
        get
        {
            lock (_gate) return _timers.Count;
        }
    }

    /// <summary>A timer that remembers when (in adjusted time) it is due, over a real one-shot timer.</summary>
    private sealed class AdjustableTimer : ITimer
    {
        private readonly AdjustableClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly ITimer _inner;
        private readonly object _gate = new();
        private DateTimeOffset? _dueAt;
        private TimeSpan? _period;
        private bool _disposed;

        public AdjustableTimer(AdjustableClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            _inner = clock._system.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                if (_disposed) return false;
                _period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? null : period;
                _dueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            }
            Track(_dueAt is not null);
            Reschedule();
            return true;
        }

        /// <summary>Sets the real timer to the time left until the due time on the adjusted clock.</summary>
        public void Reschedule()
        {
            lock (_gate)
            {
                if (_disposed) return;
                if (_dueAt is not { } due)
                {
                    _inner.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    return;
                }
                var left = due - _clock.GetUtcNow();
                _inner.Change(left < TimeSpan.Zero ? TimeSpan.Zero : left, Timeout.InfiniteTimeSpan);
            }
        }

        private void Fire()
        {
            lock (_gate)
            {
                if (_disposed || _dueAt is not { } due) return;
                // A real timer can fire a little early relative to the adjusted clock: wait the rest.
                if (due > _clock.GetUtcNow())
                {
                    Reschedule();
                    return;
                }
                // A periodic timer that fell behind (the clock jumped) fires once, then keeps its period from now.
                var now = _clock.GetUtcNow();
                _dueAt = _period is { } period ? (due + period > now ? due + period : now + period) : null;
            }
            Track(_dueAt is not null);
            if (_dueAt is not null) Reschedule();
            _callback(_state);
        }

        private void Track(bool active)
        {
            lock (_clock._gate)
            {
                if (active && !_disposed) _clock._timers.Add(this);
                else _clock._timers.Remove(this);
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
                _dueAt = null;
            }
            Track(false);
            _inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
