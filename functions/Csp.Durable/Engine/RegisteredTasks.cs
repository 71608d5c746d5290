using Microsoft.DurableTask;

namespace Csp.Durable.Engine;

/// <summary>
/// The orchestrators and activities of a Durable Task SDK <see cref="DurableTaskRegistry"/>, by
/// name (case-insensitive, as on Durable Functions), created through DI like the SDK's worker does.
/// An instance's version is data the orchestrator reads from its context; one class serves every version.
/// </summary>
internal sealed class RegisteredTasks
{
    private readonly Dictionary<string, Func<IServiceProvider, ITaskOrchestrator>> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> _activities = new(StringComparer.OrdinalIgnoreCase);

    public RegisteredTasks(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (registry.GetEntities().Any())
            throw new NotSupportedException("The embedded engine does not run durable entities; remove them from the registry.");
        foreach (var (name, factory) in registry.GetOrchestrators())
        {
            if (!_orchestrators.TryAdd(name.Name, factory))
                throw new NotSupportedException(
                    $"Orchestrator '{name.Name}' is registered more than once. The embedded engine runs one class per name; branch on the context's Version instead.");
        }
        foreach (var (name, factory) in registry.GetActivities())
        {
            if (!_activities.TryAdd(name.Name, factory))
                throw new NotSupportedException($"Activity '{name.Name}' is registered more than once.");
        }
    }

    public bool HasOrchestrator(string name) => _orchestrators.ContainsKey(name);

    public ITaskOrchestrator? CreateOrchestrator(string name, IServiceProvider services) =>
        _orchestrators.TryGetValue(name, out var factory) ? factory(services) : null;

    public ITaskActivity? CreateActivity(string name, IServiceProvider services) =>
        _activities.TryGetValue(name, out var factory) ? factory(services) : null;
}
