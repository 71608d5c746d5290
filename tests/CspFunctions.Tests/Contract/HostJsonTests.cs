using System.Text.Json;
using CspFunctions.Tests.Infrastructure;

namespace CspFunctions.Tests.Contract;

/// <summary>The Functions host's configuration as built beside the worker.</summary>
public sealed class HostJsonTests
{
    private static readonly JsonElement Host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.FunctionsBuildOutput, "host.json"))).RootElement;

    [Fact]
    public void HostJson_RoutePrefix_IsEmptySoAddressesMatchTheLocalHost()
    {
        // Links already sent in emails (/a/..., /s/...) and the pages (/incidents/...) keep their addresses.
        Assert.Equal("", Host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void HostJson_DurableTask_UsesTheTaskHubSettingAndAzureStorageWithResponsivePolling()
    {
        var durable = Host.GetProperty("extensions").GetProperty("durableTask");
        // A plain setting name: the host resolves %NAME% literally (InfrastructureTemplateTests checks infra/ writes it).
        Assert.Equal("%CSP_TASK_HUB%", durable.GetProperty("hubName").GetString());
        var provider = durable.GetProperty("storageProvider");
        Assert.Equal("AzureStorage", provider.GetProperty("type").GetString());
        // The same connection as the app's stores: accountName and the managed identity in Azure.
        Assert.Equal("AzureWebJobsStorage", provider.GetProperty("connectionName").GetString());
        // An approval's event is picked up within seconds even when the queues have been idle (5 s: half
        // the idle storage transactions of 2 s, measured by bench cost; README "What it costs to run").
        Assert.True(TimeSpan.Parse(provider.GetProperty("maxQueuePollingInterval").GetString()!, System.Globalization.CultureInfo.InvariantCulture) <= TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void HostJson_TimeoutAndTelemetry_AreSet()
    {
        Assert.True(TimeSpan.Parse(Host.GetProperty("functionTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture) <= TimeSpan.FromMinutes(10));
        Assert.Equal("OpenTelemetry", Host.GetProperty("telemetryMode").GetString());
        Assert.Equal("Warning", Host.GetProperty("logging").GetProperty("logLevel").GetProperty("default").GetString());
    }

    [Fact]
    public void HostJson_DurableTaskTracing_DistributedV2WithoutInputsOrOutputs()
    {
        // Orchestration and activity spans continue the request's trace; their inputs and outputs
        // (the case, with the child's details) never go into telemetry.
        var tracing = Host.GetProperty("extensions").GetProperty("durableTask").GetProperty("tracing");
        Assert.True(tracing.GetProperty("distributedTracingEnabled").GetBoolean());
        Assert.Equal("V2", tracing.GetProperty("version").GetString());
        Assert.False(tracing.GetProperty("traceInputsAndOutputs").GetBoolean());
        Assert.False(tracing.GetProperty("traceReplayEvents").GetBoolean());
    }
}
