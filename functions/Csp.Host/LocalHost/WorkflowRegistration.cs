using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Csp.Host.LocalHost;

/// <summary>Registers the workflow (incident service, capability links, durable engine, local mailbox) in the host.</summary>
internal static class WorkflowRegistration
{
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        // Wired to services.AddCspWorkflow(configuration) once the workflow lands.
        _ = services;
        _ = configuration;
    }
}
