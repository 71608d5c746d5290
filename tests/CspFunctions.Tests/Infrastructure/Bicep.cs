using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace CspFunctions.Tests.Infrastructure;

/// <summary>
/// The served Bicep CLI (NuGet <c>Azure.Bicep.CommandLine.linux-x64</c>, restored with this project;
/// nothing is downloaded) over <c>infra/</c>: <c>bicep build</c> once per test run into a folder of
/// its own, and <c>bicep lint</c>.
/// </summary>
public static class Bicep
{
    private static readonly Lazy<Task<JsonElement>> Compiled = new(BuildAsync);

    public static string Executable =>
        typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;

    public static string MainFile => Repository.File("infra", "main.bicep");

    /// <summary>The ARM JSON <c>bicep build infra/main.bicep</c> compiles, as azd deploys it.</summary>
    public static Task<JsonElement> MainTemplateAsync() => Compiled.Value;

    private static async Task<JsonElement> BuildAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), "csp-bicep-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(output);
        try
        {
            var file = Path.Combine(output, "main.json");
            var (exitCode, log) = await RunAsync("build", MainFile, "--outfile", file);
            if (exitCode != 0) throw new InvalidOperationException("bicep build failed:\n" + log);
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            return document.RootElement.Clone();
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    public static async Task<(int ExitCode, string Log)> RunAsync(params string[] args)
    {
        Assert.True(File.Exists(Executable), $"The Bicep CLI is restored from NuGet at {Executable}");
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Offline: no telemetry, no registry look-ups (the template has no external modules).
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    /// <summary>Every resource of the template and of its nested deployments (the modules), depth first.</summary>
    public static IEnumerable<JsonElement> Resources(JsonElement template)
    {
        foreach (var resource in template.GetProperty("resources").EnumerateArray())
        {
            yield return resource;
            if (resource.GetProperty("type").GetString() == "Microsoft.Resources/deployments")
                foreach (var nested in Resources(resource.GetProperty("properties").GetProperty("template")))
                    yield return nested;
        }
    }

    /// <summary>The nested deployment (module) of the given name.</summary>
    public static JsonElement Module(JsonElement template, string name) =>
        template.GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("type").GetString() == "Microsoft.Resources/deployments" && r.GetProperty("name").GetString() == name)
            .GetProperty("properties").GetProperty("template");
}
