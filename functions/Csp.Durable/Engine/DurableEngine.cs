using Csp.Domain;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Csp.Durable.Execution;
using Csp.Durable.History;
using Csp.Durable.Persistence;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Csp.Durable.Engine;

/// <summary>
/// The embedded durable engine. It owns the task hub (one host at a time, by lease), keeps active
/// instances in memory, runs each instance's turns one at a time, commits every turn atomically
/// through the store, runs activities in-process and carries durable timers. After a restart it
/// rebuilds everything from storage and replays history.
/// </summary>
public sealed partial class DurableEngine : IAsyncDisposable
{
    private readonly RegisteredTasks _registry;
    private readonly IOrchestrationStore _store;
    private readonly DurableEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, InstanceState> _instances = new(StringComparer.Ordinal);
    // Recently finished instances, so waiting clients learn the outcome without a storage read.
    private readonly ConcurrentDictionary<string, InstanceRecord> _finished = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _finishedOrder = new();
    private const int FinishedCacheSize = 10_000;
    private readonly Channel<InstanceState> _ready = Channel.CreateUnbounded<InstanceState>();
    private readonly Channel<ActivityWorkItem> _activities = Channel.CreateUnbounded<ActivityWorkItem>();
    private readonly TimerQueue _timers;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = new();
    private readonly object _idleLock = new();
    private readonly string _ownerId = Guid.NewGuid().ToString("N");
    private int _busy;
    private List<TaskCompletionSource> _idleWaiters = new();
    private IHubLease? _lease;
    private int _started;

    public DurableEngine(
        DurableTaskRegistry registry, IOrchestrationStore store, DurableEngineOptions? options = null,
        TimeProvider? time = null, IServiceProvider? services = null, ILoggerFactory? loggers = null)
    {
        _registry = new RegisteredTasks(registry);
        _store = store;
        _options = options ?? new DurableEngineOptions();
        _time = time ?? TimeProvider.System;
        _services = services ?? EmptyServices.Instance;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _log = _loggers.CreateLogger<DurableEngine>();
        _timers = new TimerQueue(_time, FireTimer, BusyUp, BusyDown);
        Client = new EngineClient(this);
    }

    /// <summary>A client bound to this engine: messages reach instances without polling.</summary>
    public DurableTaskClient Client { get; }

    internal IOrchestrationStore Store => _store;
    internal RegisteredTasks Registry => _registry;
    internal TimeProvider Time => _time;
    internal bool IsRunning => _started == 1 && !_stopping.IsCancellationRequested;

    /// <summary>When the earliest pending durable timer is due, if any.</summary>
    public DateTimeOffset? NextTimerDueAt => _timers.NextDueAt;

    internal int BusyCount { get { lock (_idleLock) return _busy; } }

    /// <summary>Fires when the engine stops because it lost the hub lease or storage failed for good.</summary>
    public CancellationToken Stopped => _stopping.Token;

    /// <summary>
    /// Waits for the hub lease, creates the storage it needs, reloads every unfinished instance and
    /// starts processing.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellation = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) throw new InvalidOperationException("The engine has already been started.");
        await _store.InitializeAsync(cancellation).ConfigureAwait(false);
        _lease = await _store.AcquireHubLeaseAsync(_ownerId, cancellation).ConfigureAwait(false);
        _lease.Lost.Register(() =>
        {
            LogLeaseLost(_log, _options.TaskHub);
            _stopping.Cancel();
        });

        await foreach (var loaded in _store.LoadActiveAsync(cancellation).ConfigureAwait(false))
        {
            Recover(loaded);
        }

        for (var i = 0; i < _options.MaxConcurrentTurns; i++) _loops.Add(Task.Run(TurnLoopAsync));
        for (var i = 0; i < _options.MaxConcurrentActivities; i++) _loops.Add(Task.Run(ActivityLoopAsync));
        _loops.Add(Task.Run(() => _timers.RunAsync(_stopping.Token)));
        _loops.Add(Task.Run(SignalLoopAsync));
        LogStarted(_log, _options.TaskHub, _instances.Count);
    }

    /// <summary>Stops processing. In-flight work is abandoned; it is redone after the next start.</summary>
    public async Task StopAsync()
    {
        if (!_stopping.IsCancellationRequested) _stopping.Cancel();
        _ready.Writer.TryComplete();
        _activities.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // Loops end on cancellation; a stuck activity is abandoned.
        }
        if (_lease is not null)
        {
            await _lease.DisposeAsync().ConfigureAwait(false);
            _lease = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>
    /// Completes when no turn, activity or instance creation is in progress or ready to run.
    /// Pending timers do not count: a virtual-time driver uses <see cref="WaitForSettledAsync"/>.
    /// </summary>
    public Task WaitForIdleAsync(CancellationToken cancellation = default)
    {
        lock (_idleLock)
        {
            if (_busy == 0) return Task.CompletedTask;
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _idleWaiters.Add(tcs);
            return tcs.Task.WaitAsync(cancellation);
        }
    }

    /// <summary>
    /// Completes when nothing is in progress and no durable timer is due: the only moment a virtual
    /// clock may move on. A timer that has come due but is still queued is woken and waited for, so
    /// the turn it starts is stamped with its due time, not a later one.
    /// </summary>
    public async Task WaitForSettledAsync(CancellationToken cancellation = default)
    {
        while (true)
        {
            await WaitForIdleAsync(cancellation).ConfigureAwait(false);
            var idle = _timers.WhileHeld(() => BusyCount == 0, out var timerDue);
            if (idle && !timerDue) return;
            if (timerDue) _timers.Wake();
            // Real time: the timer loop and the turn it starts run on other threads.
            await Task.Delay(1, cancellation).ConfigureAwait(false);
        }
    }

    private void BusyUp()
    {
        lock (_idleLock) _busy++;
    }

    private void BusyDown()
    {
        List<TaskCompletionSource>? release = null;
        lock (_idleLock)
        {
            _busy--;
            if (_busy == 0 && _idleWaiters.Count > 0)
            {
                release = _idleWaiters;
                _idleWaiters = new();
            }
        }
        if (release is null) return;
        foreach (var w in release) w.TrySetResult();
    }

    // ---------------------------------------------------------------- instance bookkeeping

    /// <summary>Called by the in-process client after it created an instance in storage.</summary>
    internal void OnInstanceCreated(InstanceRecord record, string etag)
    {
        var state = new InstanceState(record.InstanceId) { Record = record, ETag = etag };
        _finished.TryRemove(record.InstanceId, out _);
        // A finished instance with the same id may still be cached: the new one replaces it.
        _instances[record.InstanceId] = state;
        ScheduleStart(state);
    }

    private void ScheduleStart(InstanceState state)
    {
        var record = state.Record!;
        if (record.HistoryPages > 0) return;
        if (record.ScheduledStartAt is { } at && at > _time.GetUtcNow())
        {
            _timers.Add(new TimerItem(state.InstanceId, RunKey(record), -1, at));
            return;
        }
        lock (state.Gate) state.NeedsTurn = true;
        Enqueue(state);
    }

    /// <summary>Called by the in-process client after it stored a message.</summary>
    internal void OnMessageStored(string instanceId, InstanceMessage message)
    {
        if (!_instances.TryGetValue(instanceId, out var state))
        {
            // Not in memory (finished, or created by another process): load it.
            _ = LoadAndScheduleAsync(instanceId);
            return;
        }
        Deliver(state, PendingMessage.FromStored(message));
    }

    private async Task LoadAndScheduleAsync(string instanceId)
    {
        BusyUp();
        try
        {
            if (_instances.TryGetValue(instanceId, out var existing))
            {
                await MergeStoredMessagesAsync(existing, _stopping.Token).ConfigureAwait(false);
                return;
            }
            await RecoverAsync(instanceId, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLoadFailed(_log, instanceId, ex);
        }
        finally
        {
            BusyDown();
        }
    }

    private async Task MergeStoredMessagesAsync(InstanceState state, CancellationToken cancellation)
    {
        var loaded = await _store.LoadAsync(state.InstanceId, cancellation).ConfigureAwait(false);
        if (loaded is null) return;
        foreach (var m in loaded.Messages) Deliver(state, PendingMessage.FromStored(m));
    }

    /// <summary>Rebuilds an instance from storage: history, open tasks, timers, messages.</summary>
    private async Task RecoverAsync(string instanceId, CancellationToken cancellation)
    {
        var loaded = await _store.LoadAsync(instanceId, cancellation).ConfigureAwait(false);
        if (loaded is not null) Recover(loaded);
    }

    private void Recover(LoadedInstance loaded)
    {
        var record = loaded.Record;
        var instanceId = record.InstanceId;
        if (record.Status.IsTerminal())
        {
            // Nothing to run. Messages for a finished instance are not delivered.
            return;
        }
        var state = new InstanceState(instanceId) { Record = record, ETag = loaded.ETag };
        state.History.AddRange(loaded.History);
        if (!_instances.TryAdd(instanceId, state)) return;

        foreach (var m in loaded.Messages) Deliver(state, PendingMessage.FromStored(m), schedule: false);

        if (record.HistoryPages == 0)
        {
            ScheduleStart(state);
            return;
        }

        // Open work is whatever history scheduled and did not complete.
        DispatchOpenWork(state, record, loaded.History);
        if (record.Generation > 0 && record.HistoryPages == 1)
        {
            // Continued as new but the new generation has not run a turn yet.
            lock (state.Gate) state.NeedsTurn = true;
        }
        Enqueue(state);
    }

    private void Deliver(InstanceState state, PendingMessage message, bool schedule = true)
    {
        lock (state.Gate)
        {
            if (message.Stored is { } stored && !state.KnownMessageIds.Add(stored.MessageId)) return;
            state.Pending.Add(message);
        }
        if (schedule) Enqueue(state);
    }

    private void Enqueue(InstanceState state)
    {
        lock (state.Gate)
        {
            if (state.Queued || state.Running) return;
            if (state.Pending.Count == 0 && !state.NeedsTurn) return;
            state.Queued = true;
        }
        BusyUp();
        if (!_ready.Writer.TryWrite(state)) BusyDown();
    }

    // ---------------------------------------------------------------- turns

    private async Task TurnLoopAsync()
    {
        var reader = _ready.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var state))
                {
                    lock (state.Gate)
                    {
                        state.Queued = false;
                        state.Running = true;
                    }
                    var again = false;
                    try
                    {
                        again = await RunTurnAsync(state).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!_stopping.IsCancellationRequested)
                    {
                        LogTurnFailed(_log, state.InstanceId, ex);
                        state.ResetExecution();
                        again = true;
                        await DelayAsync(_options.CommitRetryDelay).ConfigureAwait(false);
                    }
                    catch (Exception) when (_stopping.IsCancellationRequested)
                    {
                        // Stopping: the turn is redone after the next start.
                    }
                    finally
                    {
                        lock (state.Gate) state.Running = false;
                        if (again || state.HasWork) Enqueue(state);
                        BusyDown();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task DelayAsync(TimeSpan delay)
    {
        try
        {
            // Real time: a retry delay is about the storage service, not the process being run.
            await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Runs one turn of an instance and commits it. Returns true when another turn is needed.</summary>
    private async Task<bool> RunTurnAsync(InstanceState state)
    {
        if (state.Record is null || state.NeedsReload)
        {
            var loaded = await _store.LoadAsync(state.InstanceId, _stopping.Token).ConfigureAwait(false);
            if (loaded is null)
            {
                _instances.TryRemove(state.InstanceId, out _);
                return false;
            }
            state.Reload(loaded);
            lock (state.Gate)
            {
                // In-memory results may belong to turns that never reached storage: the open work of
                // the stored history is dispatched again instead.
                state.Pending.RemoveAll(p => p.Stored is null);
                foreach (var m in loaded.Messages)
                {
                    if (state.KnownMessageIds.Add(m.MessageId)) state.Pending.Add(PendingMessage.FromStored(m));
                }
            }
            if (loaded.Record.Status.IsTerminal())
            {
                OnCompleted(state, loaded.Record);
                return false;
            }
            DispatchOpenWork(state, loaded.Record, loaded.History);
            if (loaded.History.Count == 0) lock (state.Gate) state.NeedsTurn = true;
        }

        var record = state.Record!;
        List<PendingMessage> batch;
        lock (state.Gate)
        {
            batch = state.Pending.Take(_options.MaxMessagesPerTurn).ToList();
            state.NeedsTurn = false;
        }

        if (record.Status.IsTerminal())
        {
            lock (state.Gate) state.Pending.Clear();
            return false;
        }

        var now = _time.GetUtcNow().UtcDateTime;
        var events = new List<HistoryEvent> { new OrchestratorStarted(now) };
        var consumed = new List<string>();
        var processed = new List<PendingMessage>();
        var status = record.Status;
        string? terminatedOutput = null;
        var terminated = false;
        var runKey = RunKey(record);

        // A turn runs on the executor held in memory; after a restart it is rebuilt from history.
        var starting = state.History.Count == 0;
        var executor = state.Executor;
        if (executor is null && !starting)
        {
            try
            {
                executor = state.Executor = BuildExecutor(state, record);
            }
            catch (NonDeterministicOrchestrationException ex)
            {
                return await FailOnReplayAsync(state, record, now, batch, ex).ConfigureAwait(false);
            }
        }
        if (starting)
        {
            var started = new ExecutionStarted(record.Name, record.Version, record.Input, record.Generation, record.ExecutionId,
                record.ParentInstanceId, record.ParentTaskId, record.ScheduledStartAt?.UtcDateTime);
            events.Add(started);
            status = OrchestrationRuntimeStatus.Running;
            executor = state.Executor = CreateExecutor(state, record, started);
        }
        if (executor is null) throw new InvalidOperationException($"Instance '{state.InstanceId}' has no history to run.");

        TaskFailureDetails? engineFailure = null;
        try
        {
            executor.Apply(events[0], replaying: false);
            if (starting) executor.Apply(events[1], replaying: false);

            foreach (var message in batch)
            {
                if (terminated) break;
                if (message.Stored is { } stored && stored.Kind != InstanceMessageKind.Event)
                {
                    switch (stored.Kind)
                    {
                        case InstanceMessageKind.Terminate:
                            terminated = true;
                            terminatedOutput = stored.Payload;
                            events.Add(new ExecutionTerminated(stored.Payload));
                            break;
                        case InstanceMessageKind.Suspend when status != OrchestrationRuntimeStatus.Suspended:
                            status = OrchestrationRuntimeStatus.Suspended;
                            events.Add(new ExecutionSuspended(stored.Payload));
                            break;
                        case InstanceMessageKind.Resume when status == OrchestrationRuntimeStatus.Suspended:
                            status = OrchestrationRuntimeStatus.Running;
                            events.Add(new ExecutionResumed(stored.Payload));
                            break;
                    }
                    processed.Add(message);
                    consumed.Add(stored.MessageId);
                    continue;
                }

                // While suspended, messages wait; after completion, only stored events carry over.
                if (status == OrchestrationRuntimeStatus.Suspended || executor.IsCompleted) continue;
                var e = message.ToHistoryEvent();
                if (message.Stored is null && (message.ExecutionId != runKey || !executor.CanAccept(e)))
                {
                    processed.Add(message); // From an earlier run, or a duplicate of a result already applied.
                    continue;
                }
                executor.Apply(e, replaying: false);
                events.Add(e);
                processed.Add(message);
                if (message.Stored is { } s) consumed.Add(s.MessageId);
            }

            if (!terminated) events.AddRange(executor.TakeNewActions());
        }
        catch (NonDeterministicOrchestrationException ex)
        {
            engineFailure = TaskFailureDetails.FromException(ex);
        }

        if (!starting && processed.Count == 0 && events.Count == 1 && executor.Outcome is null && !executor.CustomStatusChanged)
        {
            return false; // Nothing happened: no commit.
        }

        var outcome = terminated
            ? new ExecutionOutcome(OrchestrationRuntimeStatus.Terminated, terminatedOutput, null)
            : engineFailure is not null
                ? new ExecutionOutcome(OrchestrationRuntimeStatus.Failed, null, engineFailure)
                : executor.Outcome;

        var newRecord = record with
        {
            Status = status,
            LastUpdatedAt = now,
            CustomStatus = executor.CustomStatus ?? record.CustomStatus,
        };

        // Write-behind: a turn that only schedules activities (and has activities still running)
        // may wait for the next turn's commit. Activities run at least once anyway; after a crash
        // the stored history schedules them again with the same idempotency keys.
        if (outcome is null && consumed.Count == 0 && CanDefer(state, executor, events))
        {
            state.Uncommitted.AddRange(events);
            if (state.UncommittedTurns++ == 0) state.UncommittedSince = Environment.TickCount64;
            state.History.AddRange(events);
            state.Record = newRecord;
            lock (state.Gate)
            {
                foreach (var p in processed) state.Pending.Remove(p);
            }
            DispatchActions(state, newRecord, events);
            return false;
        }

        List<HistoryEvent>? nextPage = null;
        newRecord = newRecord with { HistoryPages = record.HistoryPages + 1 };
        if (outcome is not null)
        {
            events.Add(new ExecutionCompleted(outcome.Status, outcome.Output, outcome.Failure));
            if (outcome.ContinuedAsNew)
            {
                var nextGeneration = record.Generation + 1;
                var restarted = new ExecutionStarted(record.Name, record.Version, outcome.NewInput, nextGeneration, record.ExecutionId,
                    record.ParentInstanceId, record.ParentTaskId);
                nextPage = [new OrchestratorStarted(now), restarted];
                if (outcome.PreserveUnprocessedEvents) nextPage.AddRange(executor.UnconsumedEvents);
                newRecord = newRecord with
                {
                    Status = OrchestrationRuntimeStatus.Running,
                    Generation = nextGeneration,
                    Input = outcome.NewInput,
                    HistoryPages = 1,
                };
            }
            else
            {
                newRecord = newRecord with { Status = outcome.Status, Output = outcome.Output, Failure = outcome.Failure };
            }
        }

        var pageEvents = state.Uncommitted.Count == 0 ? events : [.. state.Uncommitted, .. events];
        var commit = new TurnCommit(newRecord, state.ETag!, record.Generation, record.HistoryPages, pageEvents, consumed, nextPage);
        string etag;
        try
        {
            etag = await _store.CommitAsync(commit, _stopping.Token).ConfigureAwait(false);
        }
        catch (InstanceConflictException)
        {
            // Another writer changed the record: start again from what storage holds.
            state.NeedsReload = true;
            state.DiscardUncommitted();
            return true;
        }
        catch
        {
            // Transient: the executor is rebuilt from the in-memory history (stored plus uncommitted) and the turn redone.
            state.ResetExecution();
            throw;
        }

        // Committed: now the turn's effects may leave the instance.
        state.Uncommitted.Clear();
        state.UncommittedTurns = 0;
        lock (state.Gate)
        {
            foreach (var p in processed) state.Pending.Remove(p);
            if (outcome?.ContinuedAsNew == true || newRecord.Status.IsTerminal())
            {
                // Internal messages of the finished generation are void.
                state.Pending.RemoveAll(p => p.Stored is null);
            }
        }
        state.ETag = etag;
        state.Record = newRecord;
        executor.CustomStatusChanged = false;

        if (outcome?.ContinuedAsNew == true)
        {
            state.History.Clear();
            state.History.AddRange(nextPage!);
            state.Executor = null;
            lock (state.Gate) state.NeedsTurn = true;
        }
        else
        {
            state.History.AddRange(events);
        }

        if (!terminated && outcome?.ContinuedAsNew != true)
        {
            DispatchActions(state, newRecord, events);
        }

        if (newRecord.Status.IsTerminal())
        {
            OnCompleted(state, newRecord);
        }
        return outcome?.ContinuedAsNew == true;
    }

    /// <summary>Identifies one generation of one start of an instance: results of other runs are void.</summary>
    internal static string RunKey(InstanceRecord record) => $"{record.ExecutionId}:{record.Generation}";

    private bool CanDefer(InstanceState state, OrchestrationExecutor executor, List<HistoryEvent> events)
    {
        if (_options.MaxDeferredTurns <= 0 || state.UncommittedTurns >= _options.MaxDeferredTurns) return false;
        if (state.UncommittedTurns > 0 && Environment.TickCount64 - state.UncommittedSince > _options.MaxCommitDelay.TotalMilliseconds) return false;
        foreach (var e in events)
        {
            if (e is not (OrchestratorStarted or ExecutionStarted or TaskScheduled or TaskCompleted or TaskFailed)) return false;
        }
        // Something must come back to trigger the next turn, and with it the commit.
        return executor.HasOpenActivities;
    }

    private void DispatchOpenWork(InstanceState state, InstanceRecord record, IReadOnlyList<HistoryEvent> history)
    {
        var open = OpenWork.From(history);
        foreach (var activity in open.Activities)
        {
            EnqueueActivity(new ActivityWorkItem(state.InstanceId, RunKey(record), record.ExecutionId, record.Generation, activity.TaskId, activity.Name, activity.Input));
        }
        foreach (var timer in open.Timers)
        {
            _timers.Add(new TimerItem(state.InstanceId, RunKey(record), timer.TaskId, new DateTimeOffset(timer.FireAt, TimeSpan.Zero)));
        }
        foreach (var sub in open.SubOrchestrations)
        {
            _ = EnsureSubOrchestrationAsync(state, record, sub, justScheduled: false);
        }
    }

    /// <summary>The code no longer matches the history: the instance fails with a clear error instead of running on.</summary>
    private async Task<bool> FailOnReplayAsync(
        InstanceState state, InstanceRecord record, DateTime now, List<PendingMessage> batch, NonDeterministicOrchestrationException ex)
    {
        var failure = TaskFailureDetails.FromException(ex);
        var events = new List<HistoryEvent> { new OrchestratorStarted(now), new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, failure) };
        var consumed = batch.Where(m => m.Stored is not null).Select(m => m.Stored!.MessageId).ToList();
        var failed = record with
        {
            Status = OrchestrationRuntimeStatus.Failed, Failure = failure, LastUpdatedAt = now, HistoryPages = record.HistoryPages + 1,
        };
        try
        {
            state.ETag = await _store.CommitAsync(
                new TurnCommit(failed, state.ETag!, record.Generation, record.HistoryPages, events, consumed), _stopping.Token).ConfigureAwait(false);
        }
        catch (InstanceConflictException)
        {
            state.NeedsReload = true;
            return true;
        }
        state.Record = failed;
        lock (state.Gate) state.Pending.Clear();
        OnCompleted(state, failed);
        return false;
    }

    private OrchestrationExecutor CreateExecutor(InstanceState state, InstanceRecord record, ExecutionStarted started)
    {
        var orchestrator = _registry.CreateOrchestrator(record.Name, _services)
            ?? throw new InvalidOperationException(
                $"No orchestrator '{record.Name}' is registered; instance '{state.InstanceId}' cannot run.");
        return new OrchestrationExecutor(orchestrator, state.InstanceId, started, _loggers);
    }

    private OrchestrationExecutor BuildExecutor(InstanceState state, InstanceRecord record)
    {
        var started = state.History.OfType<ExecutionStarted>().FirstOrDefault()
            ?? throw new InvalidOperationException($"The history of instance '{state.InstanceId}' has no start event.");
        var executor = CreateExecutor(state, record, started);
        // Actions recorded in history are confirmed as they replay; any left over were never
        // committed (the first turn of a new generation) and become this turn's new actions.
        foreach (var e in state.History) executor.Apply(e, replaying: true);
        return executor;
    }

    private void DispatchActions(InstanceState state, InstanceRecord record, List<HistoryEvent> events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case TaskScheduled ts:
                    EnqueueActivity(new ActivityWorkItem(state.InstanceId, RunKey(record), record.ExecutionId, record.Generation, ts.TaskId, ts.Name, ts.Input));
                    break;
                case TimerCreated tc:
                    _timers.Add(new TimerItem(state.InstanceId, RunKey(record), tc.TaskId, new DateTimeOffset(tc.FireAt, TimeSpan.Zero)));
                    break;
                case SubOrchestrationCreated sc:
                    _ = EnsureSubOrchestrationAsync(state, record, sc, justScheduled: true);
                    break;
            }
        }
    }

    private void OnCompleted(InstanceState state, InstanceRecord record)
    {
        state.ResetExecution();
        state.History.Clear();
        state.Completion.TrySetResult(record);
        if (record.ParentInstanceId is { } parentId && record.ParentTaskId is { } taskId &&
            _instances.TryGetValue(parentId, out var parent))
        {
            var result = record.Status == OrchestrationRuntimeStatus.Completed
                ? PendingMessage.Internal(new SubOrchestrationCompleted(taskId, record.Output), record.ParentExecutionId)
                : PendingMessage.Internal(new SubOrchestrationFailed(taskId, record.Failure ??
                    new TaskFailureDetails("Terminated", $"Sub-orchestration '{record.InstanceId}' was {record.Status}.")), record.ParentExecutionId);
            Deliver(parent, result);
        }
        _finished[state.InstanceId] = record;
        _finishedOrder.Enqueue(state.InstanceId);
        while (_finishedOrder.Count > FinishedCacheSize && _finishedOrder.TryDequeue(out var old)) _finished.TryRemove(old, out _);
        if (!_options.KeepCompletedInstancesInMemory)
        {
            _instances.TryRemove(new KeyValuePair<string, InstanceState>(state.InstanceId, state));
        }
    }

    /// <summary>Creates a sub-orchestration (idempotently) or, if it already finished, returns its result.</summary>
    /// <param name="justScheduled">
    /// The turn that scheduled it has just been committed by this process, so no child of this run
    /// can exist yet and creation is tried straight away. Work found in stored history (after a
    /// restart or a reload) first looks for a child this run already created, finished or not.
    /// </param>
    private async Task EnsureSubOrchestrationAsync(InstanceState parent, InstanceRecord parentRecord, SubOrchestrationCreated sc, bool justScheduled)
    {
        BusyUp();
        try
        {
            var lookFirst = !justScheduled;
            while (!_stopping.IsCancellationRequested)
            {
                try
                {
                    var existing = lookFirst ? await _store.ReadAsync(sc.InstanceId, _stopping.Token).ConfigureAwait(false) : null;
                    lookFirst = true; // Any retry looks first: the failed attempt may have created it.
                    if (existing is { } found && found.Record.ParentInstanceId == parent.InstanceId &&
                        found.Record.ParentTaskId == sc.TaskId && found.Record.ParentExecutionId == RunKey(parentRecord))
                    {
                        if (found.Record.Status.IsTerminal()) OnCompletedChildFound(parent, parentRecord, sc, found.Record);
                        else if (!_instances.ContainsKey(sc.InstanceId)) await RecoverAsync(sc.InstanceId, _stopping.Token).ConfigureAwait(false);
                        return;
                    }

                    var now = _time.GetUtcNow();
                    var child = new InstanceRecord
                    {
                        InstanceId = sc.InstanceId,
                        Name = sc.Name,
                        Version = sc.Version,
                        Status = OrchestrationRuntimeStatus.Pending,
                        Input = sc.Input,
                        CreatedAt = now,
                        LastUpdatedAt = now,
                        ExecutionId = Guid.NewGuid().ToString("N"),
                        ParentInstanceId = parent.InstanceId,
                        ParentTaskId = sc.TaskId,
                        ParentExecutionId = RunKey(parentRecord),
                    };
                    string etag;
                    try
                    {
                        etag = await _store.CreateAsync(child, _stopping.Token).ConfigureAwait(false);
                    }
                    catch (InstanceAlreadyExistsException ex)
                    {
                        Deliver(parent, PendingMessage.Internal(
                            new SubOrchestrationFailed(sc.TaskId, TaskFailureDetails.FromException(ex)), RunKey(parentRecord)));
                        return;
                    }
                    OnInstanceCreated(child, etag);
                    return;
                }
                catch (Exception ex) when (!_stopping.IsCancellationRequested)
                {
                    LogSubOrchestrationRetry(_log, sc.InstanceId, ex);
                    await DelayAsync(_options.CommitRetryDelay).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            BusyDown();
        }
    }

    private void OnCompletedChildFound(InstanceState parent, InstanceRecord parentRecord, SubOrchestrationCreated sc, InstanceRecord child)
    {
        HistoryEvent e = child.Status == OrchestrationRuntimeStatus.Completed
            ? new SubOrchestrationCompleted(sc.TaskId, child.Output)
            : new SubOrchestrationFailed(sc.TaskId, child.Failure ?? new TaskFailureDetails("Terminated", $"Sub-orchestration '{child.InstanceId}' was {child.Status}."));
        Deliver(parent, PendingMessage.Internal(e, RunKey(parentRecord)));
    }

    // ---------------------------------------------------------------- activities

    private void EnqueueActivity(ActivityWorkItem item)
    {
        BusyUp();
        if (!_activities.Writer.TryWrite(item)) BusyDown();
    }

    private async Task ActivityLoopAsync()
    {
        var reader = _activities.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    try
                    {
                        var result = await RunActivityAsync(item).ConfigureAwait(false);
                        if (_stopping.IsCancellationRequested) return;
                        if (_instances.TryGetValue(item.InstanceId, out var state))
                        {
                            Deliver(state, PendingMessage.Internal(result, item.RunKey));
                        }
                    }
                    finally
                    {
                        BusyDown();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<HistoryEvent> RunActivityAsync(ActivityWorkItem item)
    {
        try
        {
            var activity = _registry.CreateActivity(item.Name, _services)
                ?? throw new InvalidOperationException($"No activity named '{item.Name}' is registered.");
            var input = CspJson.Deserialize(item.Input, activity.InputType);
            var output = await activity.RunAsync(new ActivityContext(item.Name, item.InstanceId), input).ConfigureAwait(false);
            return new TaskCompleted(item.TaskId, CspJson.Serialize(output));
        }
        catch (Exception ex)
        {
            return new TaskFailed(item.TaskId, TaskFailureDetails.FromException(ex));
        }
    }

    // ---------------------------------------------------------------- timers and signals

    private void FireTimer(TimerItem timer)
    {
        if (!_instances.TryGetValue(timer.InstanceId, out var state)) return;
        if (timer.TaskId < 0)
        {
            // A scheduled start has come due.
            lock (state.Gate) state.NeedsTurn = true;
            Enqueue(state);
            return;
        }
        Deliver(state, PendingMessage.Internal(new TimerFired(timer.TaskId, timer.DueAt.UtcDateTime), timer.RunKey));
    }

    private async Task SignalLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.SignalPollInterval, _stopping.Token).ConfigureAwait(false);
                var signals = await _store.TakeSignalsAsync(_stopping.Token).ConfigureAwait(false);
                foreach (var id in signals.Distinct()) await LoadAndScheduleAsync(id).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                LogSignalPollFailed(_log, ex);
            }
        }
    }

    /// <summary>The status of an instance this engine holds in memory and has not finished.</summary>
    internal OrchestrationRuntimeStatus? ActiveStatusOf(string instanceId) =>
        IsRunning && _instances.TryGetValue(instanceId, out var state) && state.Record is { } record && !record.Status.IsTerminal()
            ? record.Status
            : null;

    internal Task<InstanceRecord>? CompletionOf(string instanceId) =>
        _instances.TryGetValue(instanceId, out var state) ? state.Completion.Task
        : _finished.TryGetValue(instanceId, out var record) ? Task.FromResult(record)
        : null;

    /// <summary>Forgets a purged instance.</summary>
    internal void OnPurged(string instanceId) => _finished.TryRemove(instanceId, out _);

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable engine started on task hub {TaskHub} with {Count} unfinished instances.")]
    private static partial void LogStarted(ILogger logger, string taskHub, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost the lease on task hub {TaskHub}; stopping.")]
    private static partial void LogLeaseLost(ILogger logger, string taskHub);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A turn of instance {InstanceId} failed; it will be retried.")]
    private static partial void LogTurnFailed(ILogger logger, string instanceId, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load instance {InstanceId}.")]
    private static partial void LogLoadFailed(ILogger logger, string instanceId, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Creating sub-orchestration {InstanceId} failed; retrying.")]
    private static partial void LogSubOrchestrationRetry(ILogger logger, string instanceId, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling for signals failed.")]
    private static partial void LogSignalPollFailed(ILogger logger, Exception ex);

    /// <summary>The SDK's activity context: which activity runs, for which instance.</summary>
    private sealed class ActivityContext(string name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name => name;
        public override string InstanceId => instanceId;
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();
        public object? GetService(Type serviceType) => null;
    }
}
