using Csp.Durable;
using Csp.Durable.Engine;
using Csp.Durable.Persistence;
using Csp.Storage;
using Csp.Workflow.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The workflow on the embedded engine, for the local host, the simulation and the tests. It lives
/// here, not in the libraries the Functions app ships, so the Functions app carries no embedded engine:
/// there Durable Functions runs the same orchestrations (<c>AddCspIntegrations</c> and <c>AddCspWorkflowCore</c> alone).
/// </summary>
public static class EmbeddedWorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Everything the local host needs from the workflow in one call: the core
    /// (<see cref="WorkflowServiceCollectionExtensions.AddCspWorkflowCore"/>), the local adapters
    /// (<see cref="IntegrationsServiceCollectionExtensions.AddCspIntegrations"/>) and the embedded engine with its orchestration store.
    /// </summary>
    public static IServiceCollection AddCspWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCspIntegrations(configuration);
        services.AddCspWorkflowCore(configuration);
        // Locally the workflow runs on the embedded engine, which keeps its orchestrations in the same storage.
        services.AddOptions<DurableEngineOptions>().BindConfiguration(DurableEngineOptions.SectionName);
        var storage = new WorkflowStorageOptions();
        configuration.GetSection("Csp:Storage").Bind(storage);
        if (storage.UsesInMemory)
            services.TryAddSingleton<IOrchestrationStore, InMemoryOrchestrationStore>();
        else
            services.TryAddSingleton<IOrchestrationStore>(sp => new TableOrchestrationStore(sp.GetRequiredService<StorageAccount>(),
                sp.GetRequiredService<IOptions<DurableEngineOptions>>().Value.TaskHub));
        services.AddDurableEngine(WorkflowServiceCollectionExtensions.RegisterWorkflow);
        return services;
    }
}
