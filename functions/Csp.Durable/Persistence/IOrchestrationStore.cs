using Csp.Durable.History;

namespace Csp.Durable.Persistence;

/// <summary>The durable record of one instance: the row every turn rewrites under its ETag.</summary>
public sealed record InstanceRecord
{
    public required string InstanceId { get; init; }
    public required string Name { get; init; }
    public string? Version { get; init; }
    public OrchestrationRuntimeStatus Status { get; init; }
    public string? Input { get; init; }
    public string? Output { get; init; }
    public string? CustomStatus { get; init; }
    public TaskFailureDetails? Failure { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastUpdatedAt { get; init; }
    /// <summary>Incremented by every ContinueAsNew; history is kept per generation.</summary>
    public int Generation { get; init; }
    /// <summary>Unique per start of the instance id: part of every activity's idempotency key.</summary>
    public required string ExecutionId { get; init; }
    /// <summary>History pages written in the current generation (0 until the first turn).</summary>
    public int HistoryPages { get; init; }
    public string? ParentInstanceId { get; init; }
    public int? ParentTaskId { get; init; }
    public string? ParentExecutionId { get; init; }
    public DateTimeOffset? ScheduledStartAt { get; init; }

    public OrchestrationMetadata ToMetadata(bool includeInputsAndOutputs) => new(
        Name, InstanceId, Status, CreatedAt, LastUpdatedAt,
        includeInputsAndOutputs ? Input : null,
        includeInputsAndOutputs ? Output : null,
        CustomStatus, Failure, Version, Generation);
}

public enum InstanceMessageKind
{
    Event,
    Terminate,
    Suspend,
    Resume,
}

/// <summary>A message a client left for an instance: kept until a turn consumes it.</summary>
public sealed record InstanceMessage(string MessageId, InstanceMessageKind Kind, string? Name, string? Payload, DateTimeOffset EnqueuedAt);

/// <summary>Everything needed to resume an instance after a restart.</summary>
public sealed record LoadedInstance(
    InstanceRecord Record, string ETag, IReadOnlyList<HistoryEvent> History, IReadOnlyList<InstanceMessage> Messages);

/// <summary>
/// One turn's writes, committed atomically: the history page(s), the instance record and the
/// consumed messages. <see cref="NextGenerationPage"/> is the first page of the next generation
/// when the turn continued as new.
/// </summary>
public sealed record TurnCommit(
    InstanceRecord Record,
    string ETag,
    int Generation,
    int PageNumber,
    IReadOnlyList<HistoryEvent> Events,
    IReadOnlyList<string> ConsumedMessageIds,
    IReadOnlyList<HistoryEvent>? NextGenerationPage = null);

/// <summary>A lease on the task hub: only its holder processes instances.</summary>
public interface IHubLease : IAsyncDisposable
{
    /// <summary>Cancelled when the lease is lost (renewal failed).</summary>
    CancellationToken Lost { get; }
}

/// <summary>
/// The engine's persistence port. <c>TableOrchestrationStore</c> keeps it in Azure Table and Blob
/// storage; <c>InMemoryOrchestrationStore</c> keeps it in memory for fast tests.
/// </summary>
public interface IOrchestrationStore
{
    Task InitializeAsync(CancellationToken cancellation);

    /// <summary>The record and its ETag, or null.</summary>
    Task<(InstanceRecord Record, string ETag)?> ReadAsync(string instanceId, CancellationToken cancellation);

    /// <summary>The record, current-generation history and unconsumed messages, or null.</summary>
    Task<LoadedInstance?> LoadAsync(string instanceId, CancellationToken cancellation);

    /// <summary>
    /// Creates the instance. An existing instance that is not finished is an
    /// <see cref="InstanceAlreadyExistsException"/>; a finished one is replaced.
    /// </summary>
    Task<string> CreateAsync(InstanceRecord record, CancellationToken cancellation);

    /// <summary>Commits one turn atomically; a stale ETag is an <see cref="InstanceConflictException"/>.</summary>
    Task<string> CommitAsync(TurnCommit commit, CancellationToken cancellation);

    /// <summary>Stores a message for the instance; false when a message with the same id exists already.</summary>
    Task<bool> EnqueueAsync(string instanceId, InstanceMessage message, CancellationToken cancellation);

    Task<OrchestrationQueryPage> QueryAsync(OrchestrationQuery query, CancellationToken cancellation);

    /// <summary>Ids of instances that are not finished (for recovery after a restart).</summary>
    IAsyncEnumerable<string> ActiveInstanceIdsAsync(CancellationToken cancellation);

    /// <summary>
    /// Every unfinished instance, loaded as <see cref="LoadAsync"/> would (for recovery after a
    /// restart). By default one load per instance; a store may read them all in one pass.
    /// </summary>
    IAsyncEnumerable<LoadedInstance> LoadActiveAsync(CancellationToken cancellation) => LoadEachActiveAsync(this, cancellation);

    /// <summary>Every unfinished instance of <paramref name="store"/>, one <see cref="LoadAsync"/> each.</summary>
    protected static async IAsyncEnumerable<LoadedInstance> LoadEachActiveAsync(
        IOrchestrationStore store, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        var ids = new List<string>();
        await foreach (var id in store.ActiveInstanceIdsAsync(cancellation).ConfigureAwait(false)) ids.Add(id);
        foreach (var id in ids)
        {
            if (await store.LoadAsync(id, cancellation).ConfigureAwait(false) is { } loaded && !loaded.Record.Status.IsTerminal()) yield return loaded;
        }
    }

    /// <summary>Deletes a finished instance with its history and payloads.</summary>
    Task<bool> PurgeAsync(string instanceId, CancellationToken cancellation);

    /// <summary>Tells the hub's owner (possibly another process) that an instance has new messages.</summary>
    Task SignalAsync(string instanceId, CancellationToken cancellation);

    /// <summary>Takes the pending signals.</summary>
    Task<IReadOnlyList<string>> TakeSignalsAsync(CancellationToken cancellation);

    /// <summary>Waits until this process holds the hub lease.</summary>
    Task<IHubLease> AcquireHubLeaseAsync(string ownerId, CancellationToken cancellation);
}

/// <summary>The instance record changed since it was read (another writer); reload and retry.</summary>
public sealed class InstanceConflictException(string instanceId, Exception? inner = null)
    : Exception($"The instance '{instanceId}' was changed by another writer.", inner);
