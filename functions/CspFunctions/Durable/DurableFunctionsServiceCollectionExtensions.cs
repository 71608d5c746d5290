using Csp.Integrations.Calendar;
using CspFunctions.Durable;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

// Extension methods for service registration live in this namespace by convention, so Program.cs needs no using.
namespace Microsoft.Extensions.DependencyInjection;

public static class DurableFunctionsServiceCollectionExtensions
{
    /// <summary>
    /// The workflow on Durable Functions: its core (<c>AddCspWorkflowCore</c>) and adapters
    /// (<c>AddCspIntegrations</c>: read model, links, documents, email, calendar) as in the local
    /// host, without the embedded engine, so Durable Functions is the only engine on the task hub.
    /// Orchestrators and activities run through the functions in <c>Durable/</c>; the services
    /// that start and signal orchestrations get <see cref="InvocationDurableTaskClient"/>, which
    /// forwards to the client bound to the running function.
    /// </summary>
    public static IServiceCollection AddCspDurableFunctionsWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCspIntegrations(configuration);
        services.AddCspWorkflowCore(configuration);
        services.AddSingleton<InvocationDurableTaskClient>();
        services.AddSingleton<DurableTaskClient>(sp => sp.GetRequiredService<InvocationDurableTaskClient>());
        // Calendar replies are read by a timer function here (a background loop in a worker that
        // the platform may stop at any time would have no durable client to submit them with).
        var poller = services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(MeetingResponsePoller)).ToList();
        foreach (var descriptor in poller) services.Remove(descriptor);
        return services;
    }
}
