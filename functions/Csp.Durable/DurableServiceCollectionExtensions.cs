using Csp.Durable.Engine;
using Csp.Durable.Persistence;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Csp.Durable;

public static class DurableServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded engine, its client and a hosted service that starts it. Call once per
    /// registering component: registrations accumulate in one <see cref="DurableTaskRegistry"/>.
    /// An <see cref="IOrchestrationStore"/> must be registered too (table store in every real host;
    /// the in-memory store in tests). A registered <see cref="TimeProvider"/> is used as the clock.
    /// </summary>
    public static IServiceCollection AddDurableEngine(this IServiceCollection services, Action<DurableTaskRegistry> register) =>
        services.AddDurableEngine((registry, _) => register(registry));

    /// <summary>As above, for registrations whose factories need the service provider (orchestrators with constructor arguments).</summary>
    public static IServiceCollection AddDurableEngine(this IServiceCollection services, Action<DurableTaskRegistry, IServiceProvider> register)
    {
        services.AddOptions<DurableEngineOptions>();
        services.AddSingleton(new RegistryContribution(register));
        services.TryAddSingleton(sp =>
        {
            var registry = new DurableTaskRegistry();
            foreach (var contribution in sp.GetServices<RegistryContribution>()) contribution.Register(registry, sp);
            return registry;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new DurableEngine(
            sp.GetRequiredService<DurableTaskRegistry>(),
            sp.GetRequiredService<IOrchestrationStore>(),
            sp.GetRequiredService<IOptions<DurableEngineOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp,
            sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<DurableTaskClient>(sp => sp.GetRequiredService<DurableEngine>().Client);
        services.AddHostedService<DurableEngineHostedService>();
        return services;
    }

    private sealed record RegistryContribution(Action<DurableTaskRegistry, IServiceProvider> Register);
}

/// <summary>Starts the engine with the host and stops it on shutdown.</summary>
public sealed class DurableEngineHostedService(DurableEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => engine.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => engine.StopAsync();
}
