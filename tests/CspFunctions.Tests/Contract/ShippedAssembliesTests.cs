using System.Reflection;

namespace CspFunctions.Tests.Contract;

/// <summary>
/// What the Functions app loads: following its assembly references from <c>CspFunctions</c>, none reaches
/// the embedded engine (<c>Csp.Durable</c>), the local workflow's simulation and virtual time
/// (<c>Csp.LocalWorkflow</c>) or the local host and its benchmarks (<c>Csp.Host</c>).
/// </summary>
public sealed class ShippedAssembliesTests
{
    [Fact]
    public void FunctionsApp_ReferencesNoEmbeddedEngineSimulationOrBenchmark()
    {
        var ours = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<AssemblyName>([typeof(Microsoft.Extensions.DependencyInjection.DurableFunctionsServiceCollectionExtensions).Assembly.GetName()]);
        while (pending.TryDequeue(out var name))
        {
            if (name.Name is not { } simple || !(simple.StartsWith("Csp", StringComparison.Ordinal)) || !ours.Add(simple)) continue;
            foreach (var reference in Assembly.Load(name).GetReferencedAssemblies()) pending.Enqueue(reference);
        }

        Assert.Equal(["Csp.Domain", "Csp.Integrations", "Csp.Storage", "Csp.Web", "Csp.Workflow", "CspFunctions"], ours);
        var types = ours.Select(n => Assembly.Load(n)).SelectMany(a => a.GetTypes()).Select(t => t.FullName ?? "").ToList();
        Assert.DoesNotContain(types, t => t.Contains(".Simulation.", StringComparison.Ordinal) || t.Contains("Bench", StringComparison.Ordinal));
    }
}
