using Csp.Domain;
using Csp.Durable.Persistence;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Csp.Durable.Engine;

// The store's records keep their own status and metadata types; the client speaks the SDK's.
using SdkMetadata = Microsoft.DurableTask.Client.OrchestrationMetadata;
using SdkQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using SdkStatus = Microsoft.DurableTask.Client.OrchestrationRuntimeStatus;
using StartOrchestrationOptions = Microsoft.DurableTask.StartOrchestrationOptions;

/// <summary>
/// The Durable Task SDK's <see cref="DurableTaskClient"/> for instances on an
/// <see cref="IOrchestrationStore"/>. Bound to an engine in the same process it hands messages over
/// directly; otherwise it signals the hub's owner through storage.
/// </summary>
public class StoreDurableTaskClient(IOrchestrationStore store, TimeProvider? time = null) : DurableTaskClient("embedded")
{
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(1);

    protected IOrchestrationStore Store { get; } = store;
    protected TimeProvider Time { get; } = time ?? TimeProvider.System;

    /// <summary>The engine's orchestrators, when the client is bound to one: unknown names are refused at once.</summary>
    internal virtual RegisteredTasks? Registered => null;

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var name = orchestratorName.Name;
        ArgumentException.ThrowIfNullOrEmpty(name, nameof(orchestratorName));
        if (Registered is { } registered && !registered.HasOrchestrator(name))
            throw new ArgumentException($"No orchestrator named '{name}' is registered.", nameof(orchestratorName));
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        InstanceIds.Validate(instanceId);
        var now = Time.GetUtcNow();
        var record = new InstanceRecord
        {
            InstanceId = instanceId,
            Name = name,
            Version = options?.Version?.Version is { Length: > 0 } version ? version : null,
            Status = Csp.Durable.OrchestrationRuntimeStatus.Pending,
            Input = CspJson.Serialize(input),
            CreatedAt = now,
            LastUpdatedAt = now,
            ExecutionId = Guid.NewGuid().ToString("N"),
            ScheduledStartAt = options?.StartAt,
        };
        var etag = await Store.CreateAsync(record, cancellation).ConfigureAwait(false);
        await OnCreatedAsync(record, etag, cancellation).ConfigureAwait(false);
        return instanceId;
    }

    /// <summary>Tells the hub's owner about a new instance.</summary>
    protected virtual Task OnCreatedAsync(InstanceRecord record, string etag, CancellationToken cancellation) =>
        Store.SignalAsync(record.InstanceId, cancellation);

    /// <summary>Tells the hub's owner about a stored message.</summary>
    protected virtual Task OnMessageStoredAsync(string instanceId, InstanceMessage message, CancellationToken cancellation) =>
        Store.SignalAsync(instanceId, cancellation);

    /// <summary>
    /// Raises an event. As on Durable Functions, raising it twice delivers it twice: the application
    /// guards its own steps. An instance that does not exist, or has finished, is an error here.
    /// </summary>
    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        return SendAsync(instanceId, InstanceMessageKind.Event, eventName, CspJson.Serialize(eventPayload), cancellation);
    }

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        if (options?.Recursive == true)
            throw new NotSupportedException("The embedded engine terminates one instance at a time; terminate sub-orchestrations by their ids.");
        return SendAsync(instanceId, InstanceMessageKind.Terminate, null, CspJson.Serialize(options?.Output), cancellation);
    }

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, InstanceMessageKind.Suspend, null, reason, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, InstanceMessageKind.Resume, null, reason, cancellation);

    private async Task SendAsync(string instanceId, InstanceMessageKind kind, string? name, string? payload, CancellationToken cancellation)
    {
        InstanceIds.Validate(instanceId);
        var status = await CurrentStatusAsync(instanceId, cancellation).ConfigureAwait(false)
            ?? throw new InstanceNotFoundException(instanceId);
        if (status.IsTerminal())
        {
            throw new InvalidOperationException(
                $"The orchestration instance '{instanceId}' is {status} and accepts no more messages.");
        }
        var message = new InstanceMessage(Guid.NewGuid().ToString("N"), kind, name, payload, Time.GetUtcNow());
        await Store.EnqueueAsync(instanceId, message, cancellation).ConfigureAwait(false);
        await OnMessageStoredAsync(instanceId, message, cancellation).ConfigureAwait(false);
    }

    /// <summary>The instance's status, or null when it does not exist.</summary>
    protected virtual async Task<Csp.Durable.OrchestrationRuntimeStatus?> CurrentStatusAsync(string instanceId, CancellationToken cancellation)
    {
        var current = await Store.ReadAsync(instanceId, cancellation).ConfigureAwait(false);
        return current?.Record.Status;
    }

    public override async Task<SdkMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        InstanceIds.Validate(instanceId);
        var found = await Store.ReadAsync(instanceId, cancellation).ConfigureAwait(false);
        return found is null ? null : ToSdk(found.Value.Record.ToMetadata(getInputsAndOutputs));
    }

    public override Task<SdkMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitForAsync(instanceId, getInputsAndOutputs, r => r.Status.IsTerminal(), cancellation);

    public override Task<SdkMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitForAsync(instanceId, getInputsAndOutputs, r => r.Status != Csp.Durable.OrchestrationRuntimeStatus.Pending, cancellation);

    protected virtual void OnPurged(string instanceId)
    {
    }

    /// <summary>A task that completes when the in-process engine finishes the instance, if it can tell.</summary>
    protected virtual Task<InstanceRecord>? CompletionHint(string instanceId) => null;

    private async Task<SdkMetadata> WaitForAsync(
        string instanceId, bool getInputsAndOutputs, Func<InstanceRecord, bool> done, CancellationToken cancellation)
    {
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            // The in-process engine announces completion with the committed record: no read needed.
            if (CompletionHint(instanceId) is { IsCompletedSuccessfully: true } finished && done(finished.Result))
                return ToSdk(finished.Result.ToMetadata(getInputsAndOutputs));

            var found = await Store.ReadAsync(instanceId, cancellation).ConfigureAwait(false)
                ?? throw new InstanceNotFoundException(instanceId);
            if (done(found.Record)) return ToSdk(found.Record.ToMetadata(getInputsAndOutputs));
            var hint = CompletionHint(instanceId);
            var sleep = Task.Delay(delay, cancellation);
            if (hint is not null) await Task.WhenAny(hint, sleep).ConfigureAwait(false);
            else await sleep.ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, MaxPollInterval.TotalMilliseconds));
        }
    }

    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        InstanceIds.Validate(instanceId);
        if (options?.Recursive == true)
            throw new NotSupportedException("The embedded engine purges one instance at a time; purge sub-orchestrations by their ids.");
        var found = await Store.ReadAsync(instanceId, cancellation).ConfigureAwait(false);
        if (found is null) return new PurgeResult(0);
        if (!found.Value.Record.Status.IsTerminal())
            throw new InvalidOperationException($"The orchestration instance '{instanceId}' is {found.Value.Record.Status}; only finished instances can be purged.");
        var purged = await Store.PurgeAsync(instanceId, cancellation).ConfigureAwait(false);
        OnPurged(instanceId);
        return new PurgeResult(purged ? 1 : 0);
    }

    public override AsyncPageable<SdkMetadata> GetAllInstancesAsync(SdkQuery? filter = null)
    {
        var query = filter ?? new SdkQuery();
        if (query.PageSize is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(filter), "The page size must be between 1 and 1000.");
        return Pageable.Create<SdkMetadata>(async (continuation, pageSize, cancellation) =>
        {
            var page = await Store.QueryAsync(new Csp.Durable.OrchestrationQuery(
                query.Statuses?.Select(s => Enum.Parse<Csp.Durable.OrchestrationRuntimeStatus>(s.ToString())).ToList(),
                query.CreatedFrom, query.CreatedTo, query.InstanceIdPrefix, pageSize ?? query.PageSize, query.FetchInputsAndOutputs,
                continuation ?? query.ContinuationToken), cancellation).ConfigureAwait(false);
            return new Page<SdkMetadata>(page.Instances.Select(ToSdk).ToList(), page.ContinuationToken);
        });
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The SDK's view of a stored instance; payloads read back with the engine's JSON settings.</summary>
    internal static SdkMetadata ToSdk(Csp.Durable.OrchestrationMetadata m) => new(m.Name, m.InstanceId)
    {
        DataConverter = EngineDataConverter.Instance,
        RuntimeStatus = Enum.Parse<SdkStatus>(m.RuntimeStatus.ToString()),
        CreatedAt = m.CreatedAt,
        LastUpdatedAt = m.LastUpdatedAt,
        SerializedInput = m.SerializedInput,
        SerializedOutput = m.SerializedOutput,
        SerializedCustomStatus = m.SerializedCustomStatus,
        FailureDetails = m.FailureDetails?.ToSdk(),
    };
}

/// <summary>The client of an engine in the same process.</summary>
internal sealed class EngineClient(DurableEngine engine) : StoreDurableTaskClient(engine.Store, engine.Time)
{
    internal override RegisteredTasks? Registered => engine.Registry;

    protected override Task OnCreatedAsync(InstanceRecord record, string etag, CancellationToken cancellation)
    {
        if (!engine.IsRunning) return base.OnCreatedAsync(record, etag, cancellation);
        engine.OnInstanceCreated(record, etag);
        return Task.CompletedTask;
    }

    protected override Task OnMessageStoredAsync(string instanceId, InstanceMessage message, CancellationToken cancellation)
    {
        if (!engine.IsRunning) return base.OnMessageStoredAsync(instanceId, message, cancellation);
        engine.OnMessageStored(instanceId, message);
        return Task.CompletedTask;
    }

    protected override Task<InstanceRecord>? CompletionHint(string instanceId) => engine.CompletionOf(instanceId);

    protected override void OnPurged(string instanceId) => engine.OnPurged(instanceId);

    // The engine is the only writer of its active instances: what it holds in memory is current.
    protected override Task<Csp.Durable.OrchestrationRuntimeStatus?> CurrentStatusAsync(string instanceId, CancellationToken cancellation) =>
        engine.ActiveStatusOf(instanceId) is { } status ? Task.FromResult<Csp.Durable.OrchestrationRuntimeStatus?>(status) : base.CurrentStatusAsync(instanceId, cancellation);
}
