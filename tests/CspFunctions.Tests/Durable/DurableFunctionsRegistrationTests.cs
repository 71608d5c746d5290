using Csp.Durable.Engine;
using Csp.Durable.Persistence;
using Csp.Integrations.Calendar;
using Csp.Workflow.Application;
using CspFunctions.Durable;
using CspFunctions.Tests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CspFunctions.Tests.Durable;

/// <summary>
/// The Functions app's own registrations: Durable Functions is the only engine on the task hub, so
/// nothing of the embedded engine is registered or started, and the workflow's services reach
/// orchestrations only through the client a running function has bound.
/// </summary>
public sealed class DurableFunctionsRegistrationTests
{
    private static readonly Dictionary<string, string?> GraphCalendar = new()
    {
        ["Csp:Calendar:Provider"] = "Graph",
        ["Csp:Calendar:Graph:CalendarUser"] = "business.unit@exampleshire.example",
    };

    [Theory]
    [InlineData("InMemory")]
    [InlineData("Table")]
    public async Task AddCspFunctionsApp_AnyStorage_RegistersNoEmbeddedEngineOrItsStore(string storage)
    {
        IServiceCollection registered = default!;
        await using var app = FunctionsApp.Create(new Dictionary<string, string?>(GraphCalendar)
        {
            ["Csp:Storage:Mode"] = storage,
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        }, s => registered = s);

        var hosted = registered.Where(d => d.ServiceType == typeof(IHostedService)).Select(d => d.ImplementationType).ToList();
        var engine = typeof(DurableEngine).Assembly;
        var fromEngine = registered.Where(d => new[] { d.ServiceType, d.ImplementationType }.OfType<Type>()
                .Any(t => t.Assembly == engine || t.GenericTypeArguments.Any(a => a.Assembly == engine)))
            .Select(d => d.ToString())
            .ToList();

        // The product's own start-up work stays: creating its tables and containers.
        if (storage == "Table") Assert.Contains(typeof(WorkflowStorageInitializer), hosted);
        Assert.Empty(fromEngine);
        // The local host's background reader of calendar replies is a timer function here.
        Assert.DoesNotContain(typeof(MeetingResponsePoller), hosted);
        Assert.NotNull(app.Services.GetService<MeetingResponseSync>());
        Assert.Null(app.Services.GetService<DurableEngine>());
        Assert.Null(app.Services.GetService<IOrchestrationStore>());
        Assert.IsType<InvocationDurableTaskClient>(app.Services.GetRequiredService<DurableTaskClient>());
    }

    [Fact]
    public async Task WorkflowClient_NoFunctionBoundAClient_RefusesToScheduleAndSaysWhy()
    {
        await using var app = FunctionsApp.Create();
        var client = app.Services.GetRequiredService<DurableTaskClient>();

        var refused = await Assert.ThrowsAsync<DurableClientNotBoundException>(() => client.ScheduleNewOrchestrationInstanceAsync("IncidentOrchestration"));

        Assert.Contains("[DurableClient]", refused.Message, StringComparison.Ordinal);
    }
}
