namespace Csp.Durable;

/// <summary>An orchestrator: deterministic code replayed from history.</summary>
public interface ITaskOrchestrator
{
    Type InputType { get; }
    Type OutputType { get; }
    Task<object?> RunAsync(TaskOrchestrationContext context, object? input);
}

/// <summary>Base class for typed orchestrators. Register by class name (<c>nameof</c>).</summary>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    public Type InputType => typeof(TInput);
    public Type OutputType => typeof(TOutput);

    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);

    async Task<object?> ITaskOrchestrator.RunAsync(TaskOrchestrationContext context, object? input) =>
        await RunAsync(context, input is null ? default! : (TInput)input);
}

/// <summary>What an activity knows about the call it is serving.</summary>
public sealed record TaskActivityContext(string Name, string InstanceId, int TaskId, int Attempt)
{
    /// <summary>
    /// Stable across retries of the same scheduled task and across process restarts: adapters with
    /// side effects (email, calendar) use it to avoid doing the same thing twice.
    /// </summary>
    public required string IdempotencyKey { get; init; }
}

public interface ITaskActivity
{
    Type InputType { get; }
    Type OutputType { get; }
    Task<object?> RunAsync(TaskActivityContext context, object? input);
}

/// <summary>Base class for typed activities: thin instance classes with constructor injection.</summary>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    public Type InputType => typeof(TInput);
    public Type OutputType => typeof(TOutput);

    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);

    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input) =>
        await RunAsync(context, input is null ? default! : (TInput)input);
}
