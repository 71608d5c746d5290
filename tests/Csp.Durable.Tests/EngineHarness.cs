using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Csp.Durable.Engine;
using Csp.Durable.Persistence;

namespace Csp.Durable.Tests;

using OrchestrationMetadata = Microsoft.DurableTask.Client.OrchestrationMetadata;
using OrchestrationQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using OrchestrationRuntimeStatus = Microsoft.DurableTask.Client.OrchestrationRuntimeStatus;

/// <summary>An engine on a given store with a virtual or real clock, started and stopped by the test.</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    public EngineHarness(Action<DurableTaskRegistry> register, IOrchestrationStore? store = null, TimeProvider? time = null, DurableEngineOptions? options = null)
    {
        Registry = new DurableTaskRegistry();
        register(Registry);
        Store = store ?? new InMemoryOrchestrationStore();
        Time = time ?? TimeProvider.System;
        Engine = new DurableEngine(Registry, Store, options ?? new DurableEngineOptions { MaxConcurrentActivities = 8, MaxConcurrentTurns = 8 }, Time);
    }

    public DurableTaskRegistry Registry { get; }
    public IOrchestrationStore Store { get; }
    public TimeProvider Time { get; }
    public DurableEngine Engine { get; }
    public DurableTaskClient Client => Engine.Client;

    public static async Task<EngineHarness> StartAsync(Action<DurableTaskRegistry> register, IOrchestrationStore? store = null, TimeProvider? time = null, DurableEngineOptions? options = null)
    {
        var harness = new EngineHarness(register, store, time, options);
        await harness.Engine.StartAsync();
        return harness;
    }

    public async Task<OrchestrationMetadata> RunAsync(string orchestrator, object? input = null, string? instanceId = null, TimeSpan? timeout = null)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId));
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        return await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
    }

    /// <summary>With a virtual clock: runs until idle, then jumps to each next timer until the instance finishes.</summary>
    public async Task<OrchestrationMetadata> RunToCompletionInVirtualTimeAsync(string instanceId, TimeSpan? limit = null)
    {
        var clock = (VirtualTimeProvider)Time;
        var end = clock.GetUtcNow() + (limit ?? TimeSpan.FromDays(3650));
        while (true)
        {
            await Engine.WaitForSettledAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var meta = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (meta is { IsCompleted: true }) return meta;
            var next = Engine.NextTimerDueAt;
            // Idle can be seen in the moment between a new instance (or a fired timer) being handed
            // to the engine and its turn starting, on a busy machine: look again before giving up.
            var settle = DateTime.UtcNow.AddSeconds(10);
            while (next is null && DateTime.UtcNow < settle)
            {
                await Task.Delay(20);
                await Engine.WaitForIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
                meta = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
                if (meta is { IsCompleted: true }) return meta;
                next = Engine.NextTimerDueAt;
            }
            if (next is null || next > end) throw new TimeoutException($"Instance {instanceId} is {meta?.RuntimeStatus} with no timer left to fire.");
            clock.AdvanceTo(next.Value);
            await Task.Yield();
        }
    }

    public async ValueTask DisposeAsync() => await Engine.DisposeAsync();
}
