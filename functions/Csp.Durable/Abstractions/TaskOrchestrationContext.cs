using Microsoft.Extensions.Logging;

namespace Csp.Durable;

/// <summary>
/// The context an orchestrator runs in, with the members and semantics of Durable Task's
/// <c>Microsoft.DurableTask.TaskOrchestrationContext</c>. Orchestrator code is replayed from
/// history, so every non-deterministic value (time, GUIDs) must come from here.
/// </summary>
public abstract class TaskOrchestrationContext
{
    /// <summary>The name the orchestration was registered and started with.</summary>
    public abstract string Name { get; }

    public abstract string InstanceId { get; }

    /// <summary>The orchestration version this instance started on (null when unversioned).</summary>
    public abstract string? Version { get; }

    /// <summary>The time of the current turn: deterministic across replays.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the code is re-running past turns from history.</summary>
    public abstract bool IsReplaying { get; }

    public abstract T? GetInput<T>();

    public abstract Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    /// <summary>A durable timer: survives restarts, of any length. Cancelling the token cancels the wait.</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>
    /// Waits for an event raised by a client. Events raised before the wait are buffered and
    /// delivered in the order they arrived. Names are case-insensitive.
    /// </summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits with a durable timeout; throws <see cref="TaskCanceledException"/> when it expires.</summary>
    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var eventTask = WaitForExternalEvent<T>(eventName, cts.Token);
        var timerTask = CreateTimer(CurrentUtcDateTime.Add(timeout), cts.Token);
        var winner = await Task.WhenAny(eventTask, timerTask);
        cts.Cancel();
        if (winner == eventTask) return await eventTask;
        throw new TaskCanceledException($"No '{eventName}' event arrived within {timeout}.");
    }

    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, SubOrchestrationOptions? options = null);

    public Task CallSubOrchestratorAsync(string orchestratorName, object? input = null, SubOrchestrationOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(orchestratorName, input, options);

    /// <summary>
    /// Restarts the orchestration with a new input and an empty history once the current code
    /// returns. Unprocessed external events are carried over unless told otherwise.
    /// </summary>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>A deterministic, replay-safe GUID (name-based, version 5).</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that writes only when the code is not replaying.</summary>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);

    public ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);
}

/// <summary>Options for an activity or sub-orchestration call.</summary>
public record TaskOptions(RetryPolicy? Retry = null)
{
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);
}

/// <summary>Options for a sub-orchestration, optionally with a chosen instance id.</summary>
public sealed record SubOrchestrationOptions(string? InstanceId = null, RetryPolicy? Retry = null) : TaskOptions(Retry);

/// <summary>Retries with exponential backoff, carried out by durable timers inside the orchestration.</summary>
public sealed record RetryPolicy(
    int MaxNumberOfAttempts,
    TimeSpan FirstRetryInterval,
    double BackoffCoefficient = 1.0,
    TimeSpan? MaxRetryInterval = null,
    TimeSpan? RetryTimeout = null)
{
    public TimeSpan DelayBeforeAttempt(int attempt)
    {
        // attempt is the number of the attempt about to start (2 for the first retry).
        var ms = FirstRetryInterval.TotalMilliseconds * Math.Pow(BackoffCoefficient, Math.Max(0, attempt - 2));
        var delay = TimeSpan.FromMilliseconds(ms);
        return MaxRetryInterval is { } max && delay > max ? max : delay;
    }
}
