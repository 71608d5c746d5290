using Csp.Web;
using CspFunctions.Http;
using CspFunctions.Telemetry;
using Microsoft.Extensions.Configuration;

// Extension methods for service registration live in this namespace by convention, so Program.cs needs no using.
namespace Microsoft.Extensions.DependencyInjection;

public static class FunctionsAppServices
{
    /// <summary>
    /// Everything the Functions app registers, from the same settings as the local host: the web
    /// layer (<c>AddCspWeb</c>), the workflow with its adapters on Durable Functions
    /// (<c>AddCspDurableFunctionsWorkflow</c>: the local host's registrations without the embedded
    /// engine), the shared request pipeline for the HTTP functions, and OpenTelemetry.
    /// </summary>
    public static IServiceCollection AddCspFunctionsApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCspWeb(configuration);
        services.AddCspDurableFunctionsWorkflow(configuration);
        services.AddCspFunctionsHttp(configuration);
        services.AddCspTelemetry(configuration);
        return services;
    }
}
