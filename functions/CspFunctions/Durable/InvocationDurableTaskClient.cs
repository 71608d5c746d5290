using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;

namespace CspFunctions.Durable;

/// <summary>
/// The <see cref="DurableTaskClient"/> the workflow's services are given in the Functions app.
/// Durable Functions hands a client to a function only through its <c>[DurableClient]</c> binding,
/// while the incident service and capability links are singletons shared by every request; so each
/// function that starts or signals an orchestration runs the request inside <see cref="Use"/>, and
/// every call here goes to that invocation's client. Outside such a function there is no client,
/// and a call says so instead of reaching some other engine.
/// </summary>
public sealed class InvocationDurableTaskClient() : DurableTaskClient("functions-invocation")
{
    private readonly AsyncLocal<DurableTaskClient?> _current = new();

    /// <summary>Binds <paramref name="client"/> to the calling flow until the result is disposed.</summary>
    public IDisposable Use(DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var previous = _current.Value;
        _current.Value = client;
        return new Binding(this, previous);
    }

    private DurableTaskClient Current => _current.Value ?? throw new DurableClientNotBoundException(
        "No durable client is bound to this invocation: a function that starts or signals an orchestration takes " +
        "[DurableClient] DurableTaskClient and runs the request with InvocationDurableTaskClient.Use.");

    public override DurableEntityClient Entities => Current.Entities;

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, CancellationToken cancellation) =>
        Current.ScheduleNewOrchestrationInstanceAsync(orchestratorName, cancellation);

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input, CancellationToken cancellation) =>
        Current.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, cancellation);

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, StartOrchestrationOptions options, CancellationToken cancellation = default) =>
        Current.ScheduleNewOrchestrationInstanceAsync(orchestratorName, options, cancellation);

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
        Current.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellation);

    public override Task RaiseEventAsync(string instanceId, string eventName, CancellationToken cancellation) =>
        Current.RaiseEventAsync(instanceId, eventName, cancellation);

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        Current.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, CancellationToken cancellation) =>
        Current.WaitForInstanceStartAsync(instanceId, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Current.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, CancellationToken cancellation) =>
        Current.WaitForInstanceCompletionAsync(instanceId, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Current.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task TerminateInstanceAsync(string instanceId, CancellationToken cancellation) =>
        Current.TerminateInstanceAsync(instanceId, cancellation);

    public override Task TerminateInstanceAsync(string instanceId, object? output, CancellationToken cancellation = default) =>
        Current.TerminateInstanceAsync(instanceId, output, cancellation);

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        Current.TerminateInstanceAsync(instanceId, options, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, CancellationToken cancellation) =>
        Current.SuspendInstanceAsync(instanceId, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        Current.SuspendInstanceAsync(instanceId, reason, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, CancellationToken cancellation) =>
        Current.ResumeInstanceAsync(instanceId, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        Current.ResumeInstanceAsync(instanceId, reason, cancellation);

    public override Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, CancellationToken cancellation) =>
        Current.GetInstanceAsync(instanceId, cancellation);

    public override Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Current.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, CancellationToken cancellation) =>
        Current.GetInstancesAsync(instanceId, cancellation);

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Current.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Current.GetAllInstancesAsync(filter);

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation) =>
        Current.PurgeInstanceAsync(instanceId, cancellation);

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        Current.PurgeInstanceAsync(instanceId, options, cancellation);

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellation) =>
        Current.PurgeAllInstancesAsync(filter, cancellation);

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        Current.PurgeAllInstancesAsync(filter, options, cancellation);

    public override Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default) =>
        Current.RestartAsync(instanceId, restartWithNewInstanceId, cancellation);

    public override Task RewindInstanceAsync(string instanceId, string reason, CancellationToken cancellation = default) =>
        Current.RewindInstanceAsync(instanceId, reason, cancellation);

    public override Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default) =>
        Current.GetOrchestrationHistoryAsync(instanceId, cancellation);

    public override Task<Page<string>> ListInstanceIdsAsync(IEnumerable<OrchestrationRuntimeStatus>? runtimeStatus = null, DateTimeOffset? completedTimeFrom = null,
        DateTimeOffset? completedTimeTo = null, int pageSize = 100, string? lastInstanceKey = null, CancellationToken cancellation = default) =>
        Current.ListInstanceIdsAsync(runtimeStatus, completedTimeFrom, completedTimeTo, pageSize, lastInstanceKey, cancellation);

    /// <summary>The invocation's clients belong to Durable Functions, which disposes them.</summary>
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Binding(InvocationDurableTaskClient owner, DurableTaskClient? previous) : IDisposable
    {
        public void Dispose() => owner._current.Value = previous;
    }
}
