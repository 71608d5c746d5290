using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace CspFunctions.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The Azure SDK's spans (storage calls), which it emits only when asked.</summary>
    public const string AzureSdkSources = "Azure.*";

    /// <summary>The setting the platform sets when Application Insights is connected.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// OpenTelemetry traces, metrics and logs from the worker: the Functions worker's invocation
    /// spans (parented on the host's request span, so one operation runs from the HTTP request
    /// through the invocation to each storage call) and the Azure SDK's spans, every address
    /// redacted (<see cref="TelemetryRedaction"/>). Exported to Application Insights when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, signing in as the app's managed
    /// identity (<c>AZURE_CLIENT_ID</c>) because the resource refuses local authentication.
    /// Framework request logs (which would hold link addresses) are kept at Warning.
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
            .WithTracing(tracing => tracing.AddSource(AzureSdkSources).AddProcessor(new TelemetryRedaction()))
            .WithMetrics(_ => { })
            .WithLogging();
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
}
