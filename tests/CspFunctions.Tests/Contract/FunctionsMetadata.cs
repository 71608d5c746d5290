using System.Text.Json;

namespace CspFunctions.Tests.Contract;

/// <summary>One function of the generated <c>functions.metadata</c>: its name, trigger, every binding's type and, for HTTP, route and methods.</summary>
public sealed record FunctionEntry(string Name, string EntryPoint, string TriggerType, string? Route, IReadOnlyList<string> Methods, string? AuthLevel,
    IReadOnlyList<string> Bindings)
{
    public static IReadOnlyList<FunctionEntry> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var functions = new List<FunctionEntry>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var trigger = function.GetProperty("bindings").EnumerateArray()
                .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase));
            functions.Add(new FunctionEntry(
                function.GetProperty("name").GetString()!,
                function.GetProperty("entryPoint").GetString()!,
                trigger.GetProperty("type").GetString()!,
                trigger.TryGetProperty("route", out var route) ? route.GetString() : null,
                trigger.TryGetProperty("methods", out var methods) ? methods.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).Order().ToList() : [],
                trigger.TryGetProperty("authLevel", out var auth) ? auth.GetString() : null,
                function.GetProperty("bindings").EnumerateArray().Select(b => b.GetProperty("type").GetString()!).ToList()));
        }
        return functions;
    }
}
