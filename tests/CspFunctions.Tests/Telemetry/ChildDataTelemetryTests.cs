using System.Diagnostics;
using Csp.Workflow.Actions;
using Csp.Workflow.Activities;
using Csp.Workflow.Application;
using Csp.Workflow.Ports;
using CspFunctions.Http;
using CspFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace CspFunctions.Tests.Telemetry;

/// <summary>
/// The app's telemetry with Azure Storage (Azurite) behind it, captured by OpenTelemetry's
/// in-memory exporter: spans and log records are produced, and none carries the child's details
/// from the referral or a capability token.
/// </summary>
public sealed class ChildDataTelemetryTests : IClassFixture<AzuriteFixture>
{
    private readonly AzuriteFixture _azurite;

    public ChildDataTelemetryTests(AzuriteFixture azurite) => _azurite = azurite;

    /// <summary>Details of the sample referral that identify the (fictional) child.</summary>
    private static readonly string[] ChildDetails = ["Fictionalchild", "2018-02-11", "non-accidental", "Exampleton Borough Council"];

    [Fact]
    public async Task Telemetry_ReferralIncidentAndLink_ExportsSpansAndLogsWithoutChildDataOrTokens()
    {
        var spans = new List<Activity>();
        var logs = new List<LogRecord>();
        await using var app = FunctionsApp.Create(
            new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = _azurite.ConnectionString,
                ["Csp:Storage:Mode"] = "Table",
                ["Csp:Storage:TablePrefix"] = AzuriteFixture.UniqueName("tel"),
                ["Csp:Durable:TaskHub"] = AzuriteFixture.UniqueName("hub"),
                ["Logging:LogLevel:Default"] = "Debug",
            },
            services => services.AddOpenTelemetry()
                .WithTracing(t => t.AddInMemoryExporter(spans))
                .WithLogging(l => l.AddInMemoryExporter(logs)));
        _ = app.Services.GetRequiredService<TracerProvider>();
        // The tables and containers, as at start-up.
        await new WorkflowStorageInitializer(app.Services).StartAsync(CancellationToken.None);

        var sample = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "data", "referral.sample.json"));
        await using var submit = app.Request("POST", "/api/referrals").Header("x-functions-key", FunctionsApp.ApiKey).Json(sample);
        var accepted = await submit.RunAsync(r => new ReferralFunctions(app.Pipeline).SubmitReferral(r, app.Client.Object));
        Assert.Equal(202, accepted.Status);
        var incidentId = accepted.Json().GetProperty("incidentId").GetString()!;

        await using var read = app.Request("GET", "/api/incidents/" + incidentId).SignedIn("Bea Manager", "business-unit");
        var incident = await read.RunAsync(new IncidentApiFunctions(app.Pipeline).GetIncident);
        Assert.Equal(200, incident.Status);
        Assert.Contains("Fictionalchild", incident.Body, StringComparison.Ordinal);

        var token = CapabilityTokens.NewToken();
        var now = DateTimeOffset.UtcNow;
        await app.Services.GetRequiredService<ICapabilityLinkStore>().CreateAsync(new CapabilityLinkRecord(CapabilityTokens.Hash(token), LinkKind.Approval,
            incidentId, incidentId, "qa-1", ActionNames.PassReferralQa, incidentId, Events.ReferralQa, "panel.chair@exampleshire.example",
            "Panel chair", "Approve", null, now, now.AddDays(7)), CancellationToken.None);
        await using var link = app.Request("GET", "/a/" + token);
        Assert.Equal(200, (await link.RunAsync(new CapabilityLinkFunctions(app.Pipeline).ShowApprovalLink)).Status);

        app.Services.GetRequiredService<TracerProvider>().ForceFlush();
        app.Services.GetService<LoggerProvider>()?.ForceFlush();
        List<string> exported;
        lock (spans)
        {
            Assert.Contains(spans, s => s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal));
            exported = spans.SelectMany(s => new[] { s.DisplayName, s.OperationName, s.StatusDescription ?? "" }
                .Concat(s.TagObjects.Select(t => t.Key + "=" + t.Value))
                .Concat(s.Events.SelectMany(e => e.Tags.Select(t => e.Name + ":" + t.Key + "=" + t.Value))))
                .ToList();
        }
        lock (logs)
        {
            exported.AddRange(logs.SelectMany(l => new[] { l.CategoryName ?? "", l.FormattedMessage ?? "", l.Body ?? "", l.Exception?.ToString() ?? "" }
                .Concat((l.Attributes ?? []).Select(a => a.Key + "=" + a.Value))));
        }
        Assert.NotEmpty(exported);
        foreach (var detail in ChildDetails.Append(token))
            Assert.DoesNotContain(exported, e => e.Contains(detail, StringComparison.OrdinalIgnoreCase));
    }
}
