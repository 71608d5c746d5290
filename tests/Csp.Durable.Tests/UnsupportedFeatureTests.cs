using Csp.Durable.Engine;
using Csp.Durable.Persistence;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Entities;

namespace Csp.Durable.Tests;

using OrchestrationMetadata = Microsoft.DurableTask.Client.OrchestrationMetadata;
using OrchestrationQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using OrchestrationRuntimeStatus = Microsoft.DurableTask.Client.OrchestrationRuntimeStatus;

/// <summary>What the embedded engine does not run is refused with a clear error, not half-done.</summary>
public sealed class UnsupportedFeatureTests
{
    private sealed class Counter : TaskEntity<int>
    {
        public void Add(int amount) => State += amount;
    }

    [Fact]
    public void Constructor_RegistryWithEntity_RefusesWithClearError()
    {
        var registry = new DurableTaskRegistry().AddEntity<Counter>();
        var ex = Assert.Throws<NotSupportedException>(() => new DurableEngine(registry, new InMemoryOrchestrationStore()));
        Assert.Contains("durable entities", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendEvent_FromAnOrchestration_FailsTheInstanceWithClearError()
    {
        await using var h = await EngineHarness.StartAsync(r => r
            .AddOrchestratorFunc<object?, string>("Sender", (ctx, _) =>
            {
                ctx.SendEvent("other", "go", "now");
                return Task.FromResult("sent");
            }));
        var result = await h.RunAsync("Sender");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("does not send events", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallActivity_WithRetryHandler_FailsTheInstanceWithClearError()
    {
        await using var h = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<string, string>("Echo", (_, s) => Task.FromResult(s))
            .AddOrchestratorFunc<object?, string>("Handled", async (ctx, _) =>
                await ctx.CallActivityAsync<string>("Echo", "x", TaskOptions.FromRetryHandler(_ => false))));
        var result = await h.RunAsync("Handled");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("RetryPolicy only", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }
}
