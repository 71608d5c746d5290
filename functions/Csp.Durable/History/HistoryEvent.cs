using System.Text.Json.Serialization;

namespace Csp.Durable.History;

/// <summary>
/// One entry of an instance's event-sourced history. Orchestrator code is replayed against these.
/// Payloads are JSON strings (or blob references when large).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$t")]
[JsonDerivedType(typeof(ExecutionStarted), "start")]
[JsonDerivedType(typeof(OrchestratorStarted), "turn")]
[JsonDerivedType(typeof(TaskScheduled), "ts")]
[JsonDerivedType(typeof(TaskCompleted), "tc")]
[JsonDerivedType(typeof(TaskFailed), "tf")]
[JsonDerivedType(typeof(TimerCreated), "tmc")]
[JsonDerivedType(typeof(TimerFired), "tmf")]
[JsonDerivedType(typeof(SubOrchestrationCreated), "sc")]
[JsonDerivedType(typeof(SubOrchestrationCompleted), "scc")]
[JsonDerivedType(typeof(SubOrchestrationFailed), "scf")]
[JsonDerivedType(typeof(EventRaised), "ev")]
[JsonDerivedType(typeof(ExecutionSuspended), "sus")]
[JsonDerivedType(typeof(ExecutionResumed), "res")]
[JsonDerivedType(typeof(ExecutionTerminated), "term")]
[JsonDerivedType(typeof(ExecutionCompleted), "end")]
public abstract record HistoryEvent;

public sealed record ExecutionStarted(
    string Name, string? Version, string? Input, int Generation, string ExecutionId,
    string? ParentInstanceId = null, int? ParentTaskId = null, DateTime? ScheduledStartTime = null) : HistoryEvent;

/// <summary>Marks the start of a turn and fixes <c>CurrentUtcDateTime</c> for it.</summary>
public sealed record OrchestratorStarted(DateTime Timestamp) : HistoryEvent;

public sealed record TaskScheduled(int TaskId, string Name, string? Input) : HistoryEvent;

public sealed record TaskCompleted(int TaskId, string? Result) : HistoryEvent;

public sealed record TaskFailed(int TaskId, TaskFailureDetails Failure) : HistoryEvent;

public sealed record TimerCreated(int TaskId, DateTime FireAt) : HistoryEvent;

public sealed record TimerFired(int TaskId, DateTime FireAt) : HistoryEvent;

public sealed record SubOrchestrationCreated(int TaskId, string Name, string InstanceId, string? Input, string? Version) : HistoryEvent;

public sealed record SubOrchestrationCompleted(int TaskId, string? Result) : HistoryEvent;

public sealed record SubOrchestrationFailed(int TaskId, TaskFailureDetails Failure) : HistoryEvent;

public sealed record EventRaised(string Name, string? Input, string? EventId = null) : HistoryEvent;

public sealed record ExecutionSuspended(string? Reason) : HistoryEvent;

public sealed record ExecutionResumed(string? Reason) : HistoryEvent;

public sealed record ExecutionTerminated(string? Output) : HistoryEvent;

public sealed record ExecutionCompleted(OrchestrationRuntimeStatus Status, string? Result, TaskFailureDetails? Failure) : HistoryEvent;
