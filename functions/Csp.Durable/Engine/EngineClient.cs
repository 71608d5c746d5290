using Csp.Durable.Persistence;

namespace Csp.Durable.Engine;

/// <summary>
/// The client for instances on an <see cref="IOrchestrationStore"/>. Bound to an engine in the same
/// process it hands messages over directly; otherwise it signals the hub's owner through storage.
/// </summary>
public class StoreDurableTaskClient(IOrchestrationStore store, TimeProvider? time = null) : DurableTaskClient
{
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(1);

    protected IOrchestrationStore Store { get; } = store;

    /// <summary>The engine's orchestrators, when the client is bound to one: unknown names are refused at once.</summary>
    internal virtual RegisteredTasks? Registered => null;
    protected TimeProvider Time { get; } = time ?? TimeProvider.System;

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orchestratorName);
        if (Registered is { } registered && !registered.HasOrchestrator(orchestratorName))
            throw new ArgumentException($"No orchestrator named '{orchestratorName}' is registered.", nameof(orchestratorName));
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        InstanceIds.Validate(instanceId);
        var now = Time.GetUtcNow();
        var record = new InstanceRecord
        {
            InstanceId = instanceId,
            Name = orchestratorName,
            Version = options?.Version,
            Status = OrchestrationRuntimeStatus.Pending,
            Input = DurableJson.Serialize(input),
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

    public override Task RaiseEventAsync(
        string instanceId, string eventName, object? eventPayload = null, string? eventId = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        return SendAsync(instanceId, InstanceMessageKind.Event, eventName, DurableJson.Serialize(eventPayload), eventId, cancellation);
    }

    public override Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, InstanceMessageKind.Terminate, null, DurableJson.Serialize(output), null, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, InstanceMessageKind.Suspend, null, reason, null, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, InstanceMessageKind.Resume, null, reason, null, cancellation);

    private async Task SendAsync(string instanceId, InstanceMessageKind kind, string? name, string? payload, string? messageId, CancellationToken cancellation)
    {
        InstanceIds.Validate(instanceId);
        var status = await CurrentStatusAsync(instanceId, cancellation).ConfigureAwait(false)
            ?? throw new InstanceNotFoundException(instanceId);
        if (status.IsTerminal())
        {
            throw new InvalidOperationException(
                $"The orchestration instance '{instanceId}' is {status} and accepts no more messages.");
        }
        var message = new InstanceMessage(messageId ?? Guid.NewGuid().ToString("N"), kind, name, payload, Time.GetUtcNow());
        if (messageId is not null) ValidateMessageId(messageId);
        if (!await Store.EnqueueAsync(instanceId, message, cancellation).ConfigureAwait(false))
        {
            return; // The same event id was raised before: applied once.
        }
        await OnMessageStoredAsync(instanceId, message, cancellation).ConfigureAwait(false);
    }

    /// <summary>The instance's status, or null when it does not exist.</summary>
    protected virtual async Task<OrchestrationRuntimeStatus?> CurrentStatusAsync(string instanceId, CancellationToken cancellation)
    {
        var current = await Store.ReadAsync(instanceId, cancellation).ConfigureAwait(false);
        return current?.Record.Status;
    }

    private static void ValidateMessageId(string id)
    {
        if (id.Length is 0 or > 200 || id.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
            throw new ArgumentException("An event id must have 1 to 200 characters and no '/', '\\', '#', '?' or control characters.", nameof(id));
    }

    public override async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        InstanceIds.Validate(instanceId);
        var found = await Store.ReadAsync(instanceId, cancellation).ConfigureAwait(false);
        return found?.Record.ToMetadata(getInputsAndOutputs);
    }

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitForAsync(instanceId, getInputsAndOutputs, r => r.Status.IsTerminal(), cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitForAsync(instanceId, getInputsAndOutputs, r => r.Status != OrchestrationRuntimeStatus.Pending, cancellation);

    protected virtual void OnPurged(string instanceId)
    {
    }

    /// <summary>A task that completes when the in-process engine finishes the instance, if it can tell.</summary>
    protected virtual Task<InstanceRecord>? CompletionHint(string instanceId) => null;

    private async Task<OrchestrationMetadata> WaitForAsync(
        string instanceId, bool getInputsAndOutputs, Func<InstanceRecord, bool> done, CancellationToken cancellation)
    {
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            // The in-process engine announces completion with the committed record: no read needed.
            if (CompletionHint(instanceId) is { IsCompletedSuccessfully: true } finished && done(finished.Result))
                return finished.Result.ToMetadata(getInputsAndOutputs);

            var found = await Store.ReadAsync(instanceId, cancellation).ConfigureAwait(false)
                ?? throw new InstanceNotFoundException(instanceId);
            if (done(found.Record)) return found.Record.ToMetadata(getInputsAndOutputs);
            var hint = CompletionHint(instanceId);
            var sleep = Task.Delay(delay, cancellation);
            if (hint is not null) await Task.WhenAny(hint, sleep).ConfigureAwait(false);
            else await sleep.ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, MaxPollInterval.TotalMilliseconds));
        }
    }

    public override async Task<int> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default)
    {
        InstanceIds.Validate(instanceId);
        var found = await Store.ReadAsync(instanceId, cancellation).ConfigureAwait(false);
        if (found is null) return 0;
        if (!found.Value.Record.Status.IsTerminal())
            throw new InvalidOperationException($"The orchestration instance '{instanceId}' is {found.Value.Record.Status}; only finished instances can be purged.");
        var purged = await Store.PurgeAsync(instanceId, cancellation).ConfigureAwait(false);
        OnPurged(instanceId);
        return purged ? 1 : 0;
    }

    public override Task<OrchestrationQueryPage> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellation = default)
    {
        if (query.PageSize is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(query), "The page size must be between 1 and 1000.");
        return Store.QueryAsync(query, cancellation);
    }
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
    protected override Task<OrchestrationRuntimeStatus?> CurrentStatusAsync(string instanceId, CancellationToken cancellation) =>
        engine.ActiveStatusOf(instanceId) is { } status ? Task.FromResult<OrchestrationRuntimeStatus?>(status) : base.CurrentStatusAsync(instanceId, cancellation);
}
