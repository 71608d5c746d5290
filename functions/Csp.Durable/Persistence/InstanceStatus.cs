using Csp.Domain;
using System.Text.Json.Serialization;

namespace Csp.Durable;

[JsonConverter(typeof(JsonStringEnumConverter<OrchestrationRuntimeStatus>))]
public enum OrchestrationRuntimeStatus
{
    Pending,
    Running,
    Completed,
    ContinuedAsNew,
    Failed,
    Terminated,
    Suspended,
}

public static class OrchestrationRuntimeStatusExtensions
{
    public static bool IsTerminal(this OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}

/// <summary>Why a task or an orchestration failed, as the store records it.</summary>
public sealed record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace = null, TaskFailureDetails? InnerFailure = null)
{
    public static TaskFailureDetails FromException(Exception ex) =>
        new(ex.GetType().FullName ?? ex.GetType().Name, ex.Message, ex.StackTrace,
            ex.InnerException is null ? null : FromException(ex.InnerException));

    public bool IsCausedBy<T>() where T : Exception =>
        ErrorType == typeof(T).FullName || InnerFailure?.IsCausedBy<T>() == true;

    /// <summary>The same details as the Durable Task SDK's type, for the exceptions orchestrations catch.</summary>
    public Microsoft.DurableTask.TaskFailureDetails ToSdk() =>
        new(ErrorType, ErrorMessage, StackTrace, InnerFailure?.ToSdk(), null);
}

public sealed record OrchestrationMetadata(
    string Name,
    string InstanceId,
    OrchestrationRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? SerializedInput,
    string? SerializedOutput,
    string? SerializedCustomStatus,
    TaskFailureDetails? FailureDetails,
    string? Version,
    int Generation)
{
    public bool IsRunning => RuntimeStatus == OrchestrationRuntimeStatus.Running;
    public bool IsCompleted => RuntimeStatus.IsTerminal();

    public T? ReadInputAs<T>() => CspJson.Deserialize<T>(SerializedInput);
    public T? ReadOutputAs<T>() => CspJson.Deserialize<T>(SerializedOutput);
    public T? ReadCustomStatusAs<T>() => CspJson.Deserialize<T>(SerializedCustomStatus);
}

public sealed record OrchestrationQuery(
    IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    string? InstanceIdPrefix = null,
    int PageSize = 100,
    bool FetchInputsAndOutputs = false,
    string? ContinuationToken = null);

public sealed record OrchestrationQueryPage(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken);

/// <summary>The orchestration code no longer matches its recorded history.</summary>
public sealed class NonDeterministicOrchestrationException(string message) : Exception(message);

public sealed class InstanceNotFoundException(string instanceId)
    : ArgumentException($"No orchestration instance with id '{instanceId}' exists.")
{
    public string InstanceId { get; } = instanceId;
}

public sealed class InstanceAlreadyExistsException(string instanceId, OrchestrationRuntimeStatus status)
    : InvalidOperationException($"An orchestration instance with id '{instanceId}' already exists and is {status}.")
{
    public string InstanceId { get; } = instanceId;
    public OrchestrationRuntimeStatus Status { get; } = status;
}

/// <summary>An instance id that storage or the engine cannot accept.</summary>
public static class InstanceIds
{
    public const int MaxLength = 256;

    public static void Validate(string? instanceId)
    {
        if (string.IsNullOrEmpty(instanceId))
            throw new ArgumentException("An instance id must have between 1 and 256 characters; it was empty.", nameof(instanceId));
        if (instanceId.Length > MaxLength)
            throw new ArgumentException($"An instance id must have between 1 and 256 characters; it had {instanceId.Length}.", nameof(instanceId));
        foreach (var c in instanceId)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
                throw new ArgumentException(
                    $"An instance id cannot contain '/', '\\', '#', '?' or control characters; '{instanceId}' contains {Describe(c)}.",
                    nameof(instanceId));
        }
    }

    private static string Describe(char c) => char.IsControl(c) ? $"the control character U+{(int)c:X4}" : $"'{c}'";
}
