using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Csp.Workflow.Ports;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace CspFunctions.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The Azure SDK's spans (storage calls), which it emits only when asked.</summary>
    public const string AzureSdkSources = "Azure.*";

    /// <summary>
    /// The Durable Task client's spans (starting an orchestration, raising an event): they carry the
    /// request's trace to the orchestration, which Durable Functions' distributed tracing continues
    /// through the activities (host.json <c>durableTask.tracing</c>).
    /// </summary>
    public const string DurableTaskSource = "Microsoft.DurableTask";

    /// <summary>The setting the platform sets when Application Insights is connected.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// OpenTelemetry traces, metrics and logs from the worker: the Functions worker's invocation
    /// spans (parented on the host's request, orchestration or activity span), the Durable Task
    /// client's spans, a span per email sent (<see cref="TracedEmailSender"/>) and the Azure SDK's
    /// spans, so one trace runs from the HTTP request through the orchestration and its activities
    /// to each email; every address redacted (<see cref="TelemetryRedaction"/>). Exported to Application Insights when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, signing in as the app's managed
    /// identity (<c>AZURE_CLIENT_ID</c>) because the resource refuses local authentication.
    /// Framework request logs (which would hold link addresses) are kept at Warning, and any token
    /// that still reaches an exported log record is redacted (<see cref="LogRedaction"/>).
    /// </summary>
    public static IServiceCollection AddCspTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        services.AddLogging(logging =>
        {
            logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        });
        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource(AzureSdkSources, DurableTaskSource, TracedEmailSender.SourceName).AddProcessor(new TelemetryRedaction()))
            .WithMetrics(_ => { })
            .WithLogging(logging => logging.AddProcessor(new LogRedaction()));
        TraceEmails(services);
        var clientId = configuration["AZURE_CLIENT_ID"];
        if (!string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]))
        {
            telemetry.UseAzureMonitorExporter(o =>
            {
                if (!string.IsNullOrWhiteSpace(clientId)) o.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            });
        }
        return services;
    }

    /// <summary>Wraps the registered email sender (a provider, or the recording mailbox) in <see cref="TracedEmailSender"/>.</summary>
    private static void TraceEmails(IServiceCollection services)
    {
        var senders = services.Where(d => d.ServiceType == typeof(IEmailSender) && !d.IsKeyedService).ToList();
        if (senders.Count == 0) return;
        var effective = senders[^1];
        foreach (var sender in senders) services.Remove(sender);
        services.AddSingleton<IEmailSender>(sp => new TracedEmailSender((IEmailSender)(effective.ImplementationInstance
            ?? effective.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, effective.ImplementationType!))));
    }
}
