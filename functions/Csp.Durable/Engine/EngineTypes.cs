using Csp.Durable.Execution;
using Csp.Durable.History;
using Csp.Durable.Persistence;

namespace Csp.Durable.Engine;

/// <summary>An active instance as the engine holds it in memory.</summary>
internal sealed class InstanceState(string instanceId)
{
    public string InstanceId { get; } = instanceId;
    public object Gate { get; } = new();
    public InstanceRecord? Record { get; set; }
    public string? ETag { get; set; }
    public List<HistoryEvent> History { get; } = new();
    public OrchestrationExecutor? Executor { get; set; }
    public List<PendingMessage> Pending { get; } = new();
    public HashSet<string> KnownMessageIds { get; } = new(StringComparer.Ordinal);
    public bool Queued { get; set; }
    public bool Running { get; set; }
    public bool NeedsTurn { get; set; }
    public bool NeedsReload { get; set; }
    public TaskCompletionSource<InstanceRecord> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool HasWork
    {
        get
        {
            lock (Gate)
            {
                if (NeedsTurn) return true;
                if (Record is null || Record.Status.IsTerminal()) return false;
                // While suspended only resume and terminate can move the instance.
                return Record.Status == OrchestrationRuntimeStatus.Suspended
                    ? Pending.Exists(p => p.Stored is { Kind: not InstanceMessageKind.Event })
                    : Pending.Count > 0;
            }
        }
    }

    /// <summary>Events of turns run in memory since the last commit (write-behind).</summary>
    public List<HistoryEvent> Uncommitted { get; } = new();
    public int UncommittedTurns { get; set; }
    public long UncommittedSince { get; set; }

    public void ResetExecution() => Executor = null;

    public void DiscardUncommitted()
    {
        Uncommitted.Clear();
        UncommittedTurns = 0;
        Executor = null;
    }

    public void Reload(LoadedInstance loaded)
    {
        Record = loaded.Record;
        ETag = loaded.ETag;
        History.Clear();
        History.AddRange(loaded.History);
        Executor = null;
        NeedsReload = false;
        Uncommitted.Clear();
        UncommittedTurns = 0;
    }
}

/// <summary>
/// A message waiting for an instance's next turn: either stored by a client (events, terminate,
/// suspend, resume) or produced in memory by the engine (activity results, timers, sub-orchestration
/// results), which are produced again after a restart.
/// </summary>
internal sealed class PendingMessage
{
    private PendingMessage(InstanceMessage? stored, HistoryEvent? internalEvent, string? executionId)
    {
        Stored = stored;
        InternalEvent = internalEvent;
        ExecutionId = executionId;
    }

    public InstanceMessage? Stored { get; }
    public HistoryEvent? InternalEvent { get; }
    public string? ExecutionId { get; }

    public static PendingMessage FromStored(InstanceMessage message) => new(message, null, null);

    public static PendingMessage Internal(HistoryEvent e, string? executionId) => new(null, e, executionId);

    public HistoryEvent ToHistoryEvent() =>
        InternalEvent ?? new EventRaised(Stored!.Name!, Stored.Payload, Stored.MessageId);
}

internal sealed record ActivityWorkItem(string InstanceId, string RunKey, string ExecutionId, int Generation, int TaskId, string Name, string? Input);

internal sealed record TimerItem(string InstanceId, string RunKey, int TaskId, DateTimeOffset DueAt);

/// <summary>What history scheduled and did not yet complete.</summary>
internal sealed record OpenWork(
    IReadOnlyList<TaskScheduled> Activities, IReadOnlyList<TimerCreated> Timers, IReadOnlyList<SubOrchestrationCreated> SubOrchestrations)
{
    public static OpenWork From(IEnumerable<HistoryEvent> history)
    {
        var activities = new Dictionary<int, TaskScheduled>();
        var timers = new Dictionary<int, TimerCreated>();
        var subs = new Dictionary<int, SubOrchestrationCreated>();
        foreach (var e in history)
        {
            switch (e)
            {
                case TaskScheduled ts: activities[ts.TaskId] = ts; break;
                case TaskCompleted tc: activities.Remove(tc.TaskId); break;
                case TaskFailed tf: activities.Remove(tf.TaskId); break;
                case TimerCreated tm: timers[tm.TaskId] = tm; break;
                case TimerFired tf: timers.Remove(tf.TaskId); break;
                case SubOrchestrationCreated sc: subs[sc.TaskId] = sc; break;
                case SubOrchestrationCompleted scc: subs.Remove(scc.TaskId); break;
                case SubOrchestrationFailed scf: subs.Remove(scf.TaskId); break;
            }
        }
        return new OpenWork(activities.Values.ToList(), timers.Values.ToList(), subs.Values.ToList());
    }
}

/// <summary>
/// Durable timers held in memory (they are in history too) and fired by the engine's clock. Waits
/// are capped so that a changed clock or a very long timer is re-checked regularly. A timer taken
/// off the queue counts as work in progress (<paramref name="taken"/>) until it has been handed to
/// its instance (<paramref name="delivered"/>): otherwise a virtual-time driver could see the engine
/// idle in between, move the clock on, and the turn the timer starts would be stamped late.
/// </summary>
internal sealed class TimerQueue(TimeProvider time, Action<TimerItem> fire, Action taken, Action delivered)
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);
    private readonly PriorityQueue<TimerItem, DateTimeOffset> _queue = new();
    private readonly object _gate = new();
    private CancellationTokenSource _wake = new();

    public DateTimeOffset? NextDueAt
    {
        get
        {
            lock (_gate) return _queue.TryPeek(out _, out var due) ? due : null;
        }
    }

    /// <summary>
    /// Runs <paramref name="check"/> while no timer can leave the queue, and tells whether a timer
    /// is due now and still queued. Taking a timer and counting it as work happen under the same
    /// lock, so the check sees either the timer queued or the work counted, never neither.
    /// </summary>
    public bool WhileHeld(Func<bool> check, out bool timerDue)
    {
        lock (_gate)
        {
            timerDue = _queue.TryPeek(out _, out var due) && due <= time.GetUtcNow();
            return check();
        }
    }

    /// <summary>Makes the loop look at the queue now (the clock may have passed a due time while it was not waiting on it).</summary>
    public void Wake()
    {
        CancellationTokenSource wake;
        lock (_gate) wake = _wake;
        wake.Cancel();
    }

    public void Add(TimerItem item)
    {
        CancellationTokenSource wake;
        lock (_gate)
        {
            var earliest = _queue.TryPeek(out _, out var due) ? due : DateTimeOffset.MaxValue;
            _queue.Enqueue(item, item.DueAt);
            if (item.DueAt >= earliest) return;
            wake = _wake;
        }
        wake.Cancel();
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var due = new List<TimerItem>();
            TimeSpan wait;
            CancellationTokenSource wake;
            lock (_gate)
            {
                var now = time.GetUtcNow();
                while (_queue.TryPeek(out var item, out var at) && at <= now)
                {
                    _queue.Dequeue();
                    taken();
                    due.Add(item);
                }
                wait = _queue.TryPeek(out _, out var next) ? next - now : MaxWait;
                if (wait > MaxWait) wait = MaxWait;
                // A spent wake source is replaced, never disposed: Add and Wake may still hold it and
                // cancel it after leaving the lock (cancelling it again is harmless; a disposed one throws).
                if (_wake.IsCancellationRequested) _wake = new CancellationTokenSource();
                wake = _wake;
            }
            foreach (var item in due)
            {
                try
                {
                    fire(item);
                }
                finally
                {
                    delivered();
                }
            }
            if (due.Count > 0) continue;

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, wake.Token);
            try
            {
                await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, time, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Woken by an earlier timer, or stopping.
            }
        }
    }
}
