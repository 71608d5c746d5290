using Csp.Domain;
using System.Security.Cryptography;
using System.Text;
using Csp.Durable.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Csp.Durable.Execution;

/// <summary>How an execution ended, once it has.</summary>
internal sealed record ExecutionOutcome(
    OrchestrationRuntimeStatus Status, string? Output, TaskFailureDetails? Failure,
    bool ContinuedAsNew = false, string? NewInput = null, bool PreserveUnprocessedEvents = true);

/// <summary>
/// Holds one execution (one generation) of an orchestrator in memory and feeds it history events in
/// order. Actions the code takes that history does not yet record are the turn's new actions.
/// A mismatch between code and history raises <see cref="NonDeterministicOrchestrationException"/>.
/// </summary>
internal sealed class OrchestrationExecutor
{
    private readonly OrchestrationTaskScheduler _scheduler = new();
    private readonly ContextImpl _context;
    private readonly ITaskOrchestrator _orchestrator;
    private readonly Dictionary<int, OpenTask> _open = new();
    private readonly List<HistoryEvent> _unconfirmed = new();
    private readonly Dictionary<string, LinkedList<EventWaiter>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<EventRaised> _buffered = new();
    private Task<object?>? _run;
    private int _nextTaskId;
    private int _guidCounter;

    public OrchestrationExecutor(ITaskOrchestrator orchestrator, string instanceId, ExecutionStarted started, ILoggerFactory? loggers)
    {
        _orchestrator = orchestrator;
        Started = started;
        _context = new ContextImpl(this, instanceId, loggers ?? NullLoggerFactory.Instance);
    }

    public ExecutionStarted Started { get; }
    public ExecutionOutcome? Outcome { get; private set; }
    public string? CustomStatus { get; private set; }
    public bool CustomStatusChanged { get; set; }
    public bool IsCompleted => Outcome is not null;

    /// <summary>Events that arrived but were never consumed: carried over by ContinueAsNew.</summary>
    public IReadOnlyList<EventRaised> UnconsumedEvents => _buffered;

    private bool _replaying;
    private DateTime _now;
    private bool _continueAsNew;
    private string? _continueAsNewInput;
    private bool _preserveEvents = true;

    /// <summary>Applies one history event and runs the code until it waits again.</summary>
    public void Apply(HistoryEvent e, bool replaying)
    {
        _replaying = replaying;
        switch (e)
        {
            case OrchestratorStarted os:
                _now = DateTime.SpecifyKind(os.Timestamp, DateTimeKind.Utc);
                break;
            case ExecutionStarted:
                Start();
                break;
            case TaskScheduled ts:
                Confirm(ts.TaskId, OpenKind.Activity, ts.Name, e);
                break;
            case TimerCreated tc:
                Confirm(tc.TaskId, OpenKind.Timer, null, e);
                break;
            case SubOrchestrationCreated sc:
                Confirm(sc.TaskId, OpenKind.SubOrchestration, sc.Name, e);
                break;
            case TaskCompleted c:
                Complete(c.TaskId, t => t.SetResult(c.Result));
                break;
            case TaskFailed f:
                Complete(f.TaskId, t => t.Fail(f.Failure));
                break;
            case SubOrchestrationCompleted c:
                Complete(c.TaskId, t => t.SetResult(c.Result));
                break;
            case SubOrchestrationFailed f:
                Complete(f.TaskId, t => t.Fail(f.Failure));
                break;
            case TimerFired tf:
                Complete(tf.TaskId, t => t.SetResult(null));
                break;
            case EventRaised ev:
                Deliver(ev);
                break;
            default:
                // Suspension, resumption, termination and completion are the engine's business.
                break;
        }
        _scheduler.RunUntilIdle();
        CheckCompletion();
    }

    /// <summary>The actions taken since the last call that history does not record yet.</summary>
    public List<HistoryEvent> TakeNewActions()
    {
        var actions = new List<HistoryEvent>(_unconfirmed);
        foreach (var a in _unconfirmed)
        {
            if (_open.TryGetValue(TaskIdOf(a), out var open)) open.Confirmed = true;
        }
        _unconfirmed.Clear();
        return actions;
    }

    /// <summary>
    /// Whether a result from outside (activity, timer, sub-orchestration) is for a task that is open
    /// and recorded: results of other runs and duplicates are not.
    /// </summary>
    public bool CanAccept(HistoryEvent e)
    {
        var taskId = e switch
        {
            TaskCompleted c => c.TaskId,
            TaskFailed f => f.TaskId,
            TimerFired t => t.TaskId,
            SubOrchestrationCompleted c => c.TaskId,
            SubOrchestrationFailed f => f.TaskId,
            _ => (int?)null,
        };
        return taskId is not { } id || (_open.TryGetValue(id, out var open) && open.Confirmed);
    }

    /// <summary>True while an activity the code scheduled has not come back.</summary>
    public bool HasOpenActivities => _open.Values.Any(o => o.Kind == OpenKind.Activity);

    private static int TaskIdOf(HistoryEvent e) => e switch
    {
        TaskScheduled ts => ts.TaskId,
        TimerCreated tc => tc.TaskId,
        SubOrchestrationCreated sc => sc.TaskId,
        _ => -1,
    };

    private void Start()
    {
        if (_run is not null) return;
        object? input;
        try
        {
            input = CspJson.Deserialize(Started.Input, _orchestrator.InputType);
        }
        catch (Exception ex)
        {
            Outcome = new ExecutionOutcome(OrchestrationRuntimeStatus.Failed, null, TaskFailureDetails.FromException(ex));
            return;
        }
        _run = Task.Factory.StartNew(
                () => _orchestrator.RunAsync(_context, input),
                CancellationToken.None, TaskCreationOptions.None, _scheduler)
            .Unwrap();
    }

    private void CheckCompletion()
    {
        if (Outcome is not null || _run is null || !_run.IsCompleted) return;
        if (_run.IsFaulted)
        {
            var ex = _run.Exception!.InnerExceptions.Count == 1 ? _run.Exception.InnerException! : _run.Exception;
            if (ex is NonDeterministicOrchestrationException) throw ex;
            Outcome = new ExecutionOutcome(OrchestrationRuntimeStatus.Failed, null, TaskFailureDetails.FromException(ex));
        }
        else if (_run.IsCanceled)
        {
            Outcome = new ExecutionOutcome(OrchestrationRuntimeStatus.Failed, null,
                new TaskFailureDetails(typeof(TaskCanceledException).FullName!, "The orchestration was cancelled."));
        }
        else if (_continueAsNew)
        {
            Outcome = new ExecutionOutcome(OrchestrationRuntimeStatus.ContinuedAsNew, null, null, true, _continueAsNewInput, _preserveEvents);
        }
        else
        {
            Outcome = new ExecutionOutcome(OrchestrationRuntimeStatus.Completed, CspJson.Serialize(_run.Result), null);
        }
    }

    private void Confirm(int taskId, OpenKind kind, string? name, HistoryEvent recorded)
    {
        if (!_open.TryGetValue(taskId, out var open))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration: history records {Describe(recorded)} but the code did not schedule task #{taskId}. " +
                "The orchestration code changed in a way that does not match instances already running; register the new code as a new version.");
        }
        if (open.Kind != kind || (name is not null && !string.Equals(open.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration: history records {Describe(recorded)} for task #{taskId} but the code now schedules " +
                $"{open.Kind} '{open.Name}'. Register changed orchestration code as a new version.");
        }
        open.Confirmed = true;
        _unconfirmed.RemoveAll(a => TaskIdOf(a) == taskId);
    }

    private static string Describe(HistoryEvent e) => e switch
    {
        TaskScheduled ts => $"activity '{ts.Name}'",
        TimerCreated => "a timer",
        SubOrchestrationCreated sc => $"sub-orchestration '{sc.Name}'",
        _ => e.GetType().Name,
    };

    private void Complete(int taskId, Action<OpenTask> complete)
    {
        if (!_open.TryGetValue(taskId, out var open))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration: history completes task #{taskId} which the code never scheduled.");
        }
        _open.Remove(taskId);
        complete(open);
    }

    private void Deliver(EventRaised ev)
    {
        if (_waiters.TryGetValue(ev.Name, out var list))
        {
            while (list.First is { } node)
            {
                list.RemoveFirst();
                if (node.Value.TryDeliver(ev.Input)) return;
            }
        }
        _buffered.Add(ev);
    }

    private int NextTaskId() => _nextTaskId++;

    private OpenTask Open(OpenKind kind, string? name, HistoryEvent action, int taskId)
    {
        var open = new OpenTask(kind, name);
        _open[taskId] = open;
        _unconfirmed.Add(action);
        return open;
    }

    private enum OpenKind { Activity, Timer, SubOrchestration }

    private sealed class OpenTask(OpenKind kind, string? name)
    {
        public OpenKind Kind { get; } = kind;
        public string? Name { get; } = name;
        public bool Confirmed { get; set; }
        public TaskCompletionSource<string?> Source { get; } = new();
        public void SetResult(string? result) => Source.TrySetResult(result);
        public void Fail(TaskFailureDetails failure) => Source.TrySetException(new TaskFailedException(Name ?? Kind.ToString(), -1, failure.ToSdk()));
    }

    private abstract class EventWaiter
    {
        public abstract bool TryDeliver(string? json);
    }

    private sealed class EventWaiter<T> : EventWaiter
    {
        public TaskCompletionSource<T> Source { get; } = new();

        public override bool TryDeliver(string? json)
        {
            if (Source.Task.IsCompleted) return false;
            try
            {
                Source.TrySetResult(CspJson.Deserialize<T>(json)!);
            }
            catch (Exception ex)
            {
                Source.TrySetException(new InvalidOperationException(
                    $"The event payload could not be read as {typeof(T).Name}: {ex.Message}", ex));
            }
            return true;
        }
    }

    /// <summary>
    /// The SDK's orchestration context, implemented over this executor: the workflow's orchestrators
    /// run here unchanged. What the embedded engine does not do (entities, events between instances
    /// from inside an orchestration, retry handlers) is refused with a clear error.
    /// </summary>
    private sealed class ContextImpl(OrchestrationExecutor executor, string instanceId, ILoggerFactory loggers) : TaskOrchestrationContext
    {
        public override TaskName Name => executor.Started.Name;
        public override string InstanceId => instanceId;
        // History records the parent's instance id, not its name.
        public override ParentOrchestrationInstance? Parent =>
            executor.Started.ParentInstanceId is { } parentId ? new ParentOrchestrationInstance(string.Empty, parentId) : null;
        public override string Version => executor.Started.Version ?? string.Empty;
        public override DateTime CurrentUtcDateTime => executor._now;
        public override bool IsReplaying => executor._replaying;
        protected override ILoggerFactory LoggerFactory => loggers;

        public override TaskOrchestrationEntityFeature Entities =>
            throw new NotSupportedException("The embedded engine does not run durable entities; use an orchestration or the application's own records.");

        public override T? GetInput<T>() where T : default => CspJson.Deserialize<T>(executor.Started.Input);

        public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(name.Name);
            var activity = name.Name;
            var serialized = CspJson.Serialize(input);
            return WithRetriesAsync<TResult>(activity, RetryOf(options), (taskId, _) =>
                executor.Open(OpenKind.Activity, activity, new TaskScheduled(taskId, activity, serialized), taskId));
        }

        /// <summary>The retry policy of a call; retry handlers (code deciding each retry) are not supported here.</summary>
        private static RetryPolicy? RetryOf(TaskOptions? options)
        {
            if (options?.Retry is not { } retry) return null;
            if (retry.Policy is null && retry.Handler is not null)
                throw new NotSupportedException("The embedded engine supports retries by RetryPolicy only, not by retry handler.");
            return retry.Policy;
        }

        public override void SendEvent(string instanceId, string eventName, object payload) =>
            throw new NotSupportedException(
                "The embedded engine does not send events from inside an orchestration; call an activity that raises the event through DurableTaskClient.");

        /// <summary>
        /// Schedules a task and, when it fails and the policy allows, schedules it again after a
        /// durable timer: retries are orchestration code, so they replay like everything else.
        /// </summary>
        private async Task<TResult> WithRetriesAsync<TResult>(string name, RetryPolicy? policy, Func<int, int, OpenTask> schedule)
        {
            var firstAttemptAt = CurrentUtcDateTime;
            for (var attempt = 1; ; attempt++)
            {
                var taskId = executor.NextTaskId();
                var open = schedule(taskId, attempt);
                try
                {
                    var json = await open.Source.Task;
                    return CspJson.Deserialize<TResult>(json)!;
                }
                catch (TaskFailedException ex) when (ShouldRetry(policy, attempt, firstAttemptAt, ex))
                {
                    await CreateTimer(CurrentUtcDateTime.Add(DelayBeforeAttempt(policy!, attempt + 1)), CancellationToken.None);
                }
                catch (TaskFailedException ex)
                {
                    throw new TaskFailedException(name, taskId, ex.FailureDetails);
                }
            }
        }

        private bool ShouldRetry(RetryPolicy? policy, int attempt, DateTime firstAttemptAt, TaskFailedException failure) =>
            policy is not null && attempt < policy.MaxNumberOfAttempts &&
            (policy.RetryTimeout == Timeout.InfiniteTimeSpan || CurrentUtcDateTime - firstAttemptAt < policy.RetryTimeout) &&
            policy.Handle(failure);

        /// <summary>The SDK's backoff: the first interval times the coefficient per earlier retry, capped.</summary>
        private static TimeSpan DelayBeforeAttempt(RetryPolicy policy, int attempt)
        {
            // attempt is the number of the attempt about to start (2 for the first retry).
            var ms = policy.FirstRetryInterval.TotalMilliseconds * Math.Pow(policy.BackoffCoefficient, Math.Max(0, attempt - 2));
            var delay = TimeSpan.FromMilliseconds(Math.Min(ms, TimeSpan.MaxValue.TotalMilliseconds / 2));
            return delay > policy.MaxRetryInterval ? policy.MaxRetryInterval : delay;
        }

        public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
        {
            var taskId = executor.NextTaskId();
            var fireAtUtc = fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc);
            var open = executor.Open(OpenKind.Timer, null, new TimerCreated(taskId, fireAtUtc), taskId);
            if (cancellationToken.CanBeCanceled)
            {
                if (cancellationToken.IsCancellationRequested) open.Source.TrySetCanceled(cancellationToken);
                else cancellationToken.Register(() => open.Source.TrySetCanceled(cancellationToken));
            }
            return open.Source.Task;
        }

        public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(eventName);
            var index = executor._buffered.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
            var waiter = new EventWaiter<T>();
            if (index >= 0)
            {
                var ev = executor._buffered[index];
                executor._buffered.RemoveAt(index);
                waiter.TryDeliver(ev.Input);
                return waiter.Source.Task;
            }
            if (!executor._waiters.TryGetValue(eventName, out var list))
                executor._waiters[eventName] = list = new LinkedList<EventWaiter>();
            var node = list.AddLast(waiter);
            if (cancellationToken.CanBeCanceled)
            {
                cancellationToken.Register(() =>
                {
                    if (waiter.Source.TrySetCanceled(cancellationToken) && node.List is not null) list.Remove(node);
                });
            }
            return waiter.Source.Task;
        }

        public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(orchestratorName.Name);
            var name = orchestratorName.Name;
            var serialized = CspJson.Serialize(input);
            var sub = options as SubOrchestrationOptions;
            var version = sub?.Version?.Version is { Length: > 0 } v ? v : options?.Version?.Version is { Length: > 0 } tv ? tv : executor.Started.Version;
            return WithRetriesAsync<TResult>(name, RetryOf(options), (taskId, attempt) =>
            {
                var childId = sub?.InstanceId is { } chosen
                    ? (attempt == 1 ? chosen : $"{chosen}:{attempt}")
                    : $"{InstanceId}:{executor.Started.Generation}:{taskId}";
                InstanceIds.Validate(childId);
                return executor.Open(OpenKind.SubOrchestration, name,
                    new SubOrchestrationCreated(taskId, name, childId, serialized, version), taskId);
            });
        }

        public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
        {
            executor._continueAsNew = true;
            executor._continueAsNewInput = CspJson.Serialize(newInput);
            executor._preserveEvents = preserveUnprocessedEvents;
        }

        public override void SetCustomStatus(object? customStatus)
        {
            var json = CspJson.Serialize(customStatus);
            if (json == executor.CustomStatus) return;
            executor.CustomStatus = json;
            executor.CustomStatusChanged = true;
        }

        public override Guid NewGuid()
        {
            var name = $"{InstanceId}_{CurrentUtcDateTime:o}_{executor._guidCounter++}";
            return NameBasedGuid(name);
        }
    }

    private static readonly byte[] GuidNamespace = new Guid("9e952958-5e33-4daf-827f-2fa12937b875").ToByteArray(bigEndian: true);

    /// <summary>RFC 4122 version 5 (SHA-1, name-based) GUID: the same name always gives the same GUID.</summary>
    internal static Guid NameBasedGuid(string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var data = new byte[GuidNamespace.Length + nameBytes.Length];
        GuidNamespace.CopyTo(data, 0);
        nameBytes.CopyTo(data, GuidNamespace.Length);
#pragma warning disable CA5350 // SHA-1 is what RFC 4122 version 5 specifies; not used for security.
        var hash = SHA1.HashData(data);
#pragma warning restore CA5350
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
