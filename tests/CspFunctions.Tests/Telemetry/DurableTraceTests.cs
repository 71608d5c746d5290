using System.Diagnostics;
using Csp.Workflow.Activities;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Ports;
using CspFunctions.Http;
using CspFunctions.Telemetry;
using CspFunctions.Tests.Infrastructure;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Trace;

namespace CspFunctions.Tests.Telemetry;

/// <summary>
/// One trace from the referral's HTTP function through the orchestrations and activities to the
/// emails, with the real Durable Task runtime behind the function's client
/// (<see cref="DurableTaskTestHost"/>: the gRPC worker and client that Durable Functions' isolated
/// extension is built on, whose spans continue the caller's trace).
/// </summary>
public sealed class DurableTraceTests
{
    private static readonly ActivitySource Requests = new("CspFunctions.Tests.Request");

    /// <summary>Details of the sample referral that identify the (fictional) child.</summary>
    private static readonly string[] ChildDetails = ["Fictionalchild", "2018-02-11", "non-accidental", "Exampleton Borough Council"];

    [Fact]
    public async Task SubmitReferral_OnTheDurableTaskRuntime_EmailSpansContinueTheRequestsTraceUnderAnActivityWithoutChildData()
    {
        var spans = new List<Activity>();
        await using var app = FunctionsApp.Create(services: services => services.AddOpenTelemetry()
            .WithTracing(t => t.AddSource(Requests.Name).AddInMemoryExporter(spans)));
        _ = app.Services.GetRequiredService<TracerProvider>();
        await using var runtime = await DurableTaskTestHost.StartAsync(
            registry => WorkflowServiceCollectionExtensions.RegisterWorkflow(registry, app.Services),
            new DurableTaskTestHostOptions
            {
                Port = FreePorts.Next(),
                LoggerFactory = NullLoggerFactory.Instance,
                // The activities get the app's own adapters, the traced email sender among them.
                ConfigureServices = worker =>
                {
                    worker.AddSingleton(_ => app.Services.GetRequiredService<IIncidentRecords>());
                    worker.AddSingleton(_ => app.Services.GetRequiredService<ICapabilityLinkStore>());
                    worker.AddSingleton(_ => app.Services.GetRequiredService<IDocumentStore>());
                    worker.AddSingleton(_ => app.Services.GetRequiredService<IMeetingScheduler>());
                    worker.AddSingleton(_ => app.Services.GetRequiredService<IEmailSender>());
                    worker.AddSingleton(_ => app.Services.GetRequiredService<NoticeMailer>());
                    worker.AddSingleton(_ => app.Services.GetRequiredService<WorkflowServices>());
                    worker.AddSingleton(TimeProvider.System);
                },
            });
        var sample = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "data", "referral.sample.json"));

        ActivityTraceId trace;
        using (var request = Requests.StartActivity("POST /api/referrals")!)
        {
            trace = request.TraceId;
            await using var submit = app.Request("POST", "/api/referrals").Header("x-functions-key", FunctionsApp.ApiKey).Json(sample);
            Assert.Equal(202, (await submit.RunAsync(r => new ReferralFunctions(app.Pipeline).SubmitReferral(r, runtime.Client))).Status);
        }

        List<Activity> traced = [];
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            app.Services.GetRequiredService<TracerProvider>().ForceFlush();
            lock (spans) traced = spans.Where(s => s.TraceId == trace).ToList();
            if (traced.Any(s => s.Source.Name == TracedEmailSender.SourceName)) break;
            await Task.Delay(200);
        }

        var emails = traced.Where(s => s.Source.Name == TracedEmailSender.SourceName).ToList();
        Assert.NotEmpty(emails);
        Assert.Contains(traced, s => s.Source.Name == TelemetryServiceCollectionExtensions.DurableTaskSource && s.DisplayName.Contains("IncidentOrchestration", StringComparison.Ordinal));
        foreach (var email in emails)
        {
            var parent = Assert.Single(traced, s => s.SpanId == email.ParentSpanId);
            Assert.Equal(TelemetryServiceCollectionExtensions.DurableTaskSource, parent.Source.Name);
            Assert.StartsWith("activity:", parent.DisplayName, StringComparison.Ordinal);
        }
        var exported = traced.SelectMany(s => s.TagObjects.Select(t => t.Key + "=" + t.Value).Append(s.DisplayName).Append(s.StatusDescription ?? "")).ToList();
        foreach (var detail in ChildDetails)
            Assert.DoesNotContain(exported, e => e.Contains(detail, StringComparison.OrdinalIgnoreCase));
    }
}
