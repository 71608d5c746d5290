using Microsoft.Extensions.DependencyInjection;

namespace Csp.Durable;

/// <summary>
/// Orchestrators and activities by name. An orchestration may be registered in several versions:
/// new instances start on the latest, and each instance keeps replaying on the version it began with.
/// </summary>
public sealed class DurableTaskRegistry
{
    private readonly Dictionary<string, List<(string? Version, Func<IServiceProvider, ITaskOrchestrator> Factory)>> _orchestrators =
        new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> _activities = new(StringComparer.OrdinalIgnoreCase);

    public DurableTaskRegistry AddOrchestrator<T>(string? name = null, string? version = null) where T : class, ITaskOrchestrator =>
        AddOrchestrator(name ?? typeof(T).Name, version, sp => ActivatorUtilities.CreateInstance<T>(sp));

    public DurableTaskRegistry AddOrchestrator(string name, string? version, Func<IServiceProvider, ITaskOrchestrator> factory)
    {
        if (!_orchestrators.TryGetValue(name, out var versions))
            _orchestrators[name] = versions = [];
        if (versions.Any(v => v.Version == version))
            throw new InvalidOperationException($"Orchestrator '{name}' version '{version ?? "(none)"}' is already registered.");
        versions.Add((version, factory));
        return this;
    }

    public DurableTaskRegistry AddOrchestratorFunc<TInput, TOutput>(
        string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> run, string? version = null) =>
        AddOrchestrator(name, version, _ => new FuncOrchestrator<TInput, TOutput>(run));

    public DurableTaskRegistry AddActivity<T>(string? name = null) where T : class, ITaskActivity =>
        AddActivity(name ?? typeof(T).Name, sp => ActivatorUtilities.CreateInstance<T>(sp));

    public DurableTaskRegistry AddActivity(string name, Func<IServiceProvider, ITaskActivity> factory)
    {
        if (!_activities.TryAdd(name, factory))
            throw new InvalidOperationException($"Activity '{name}' is already registered.");
        return this;
    }

    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, Task<TOutput>> run) =>
        AddActivity(name, _ => new FuncActivity<TInput, TOutput>(run));

    /// <summary>The version new instances of <paramref name="name"/> start on: the last one registered.</summary>
    public string? LatestVersion(string name) =>
        _orchestrators.TryGetValue(name, out var versions) ? versions[^1].Version : null;

    public bool HasOrchestrator(string name) => _orchestrators.ContainsKey(name);

    internal ITaskOrchestrator? CreateOrchestrator(string name, string? version, IServiceProvider services)
    {
        if (!_orchestrators.TryGetValue(name, out var versions)) return null;
        foreach (var v in versions)
        {
            if (v.Version == version) return v.Factory(services);
        }
        return null;
    }

    internal ITaskActivity? CreateActivity(string name, IServiceProvider services) =>
        _activities.TryGetValue(name, out var factory) ? factory(services) : null;

    private sealed class FuncOrchestrator<TInput, TOutput>(Func<TaskOrchestrationContext, TInput, Task<TOutput>> run)
        : TaskOrchestrator<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input) => run(context, input);
    }

    private sealed class FuncActivity<TInput, TOutput>(Func<TaskActivityContext, TInput, Task<TOutput>> run)
        : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => run(context, input);
    }
}
