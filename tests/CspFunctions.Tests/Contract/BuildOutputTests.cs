using System.Diagnostics;
using System.Text.Json;
using CspFunctions.Tests.Infrastructure;

namespace CspFunctions.Tests.Contract;

/// <summary>What the Functions app's build puts in its output, and what it refuses to build without.</summary>
public sealed class BuildOutputTests
{
    [Fact]
    public void DurableTaskSdk_OneVersionOfEveryAssemblyInTheOutput()
    {
        // The worker loads one copy of each; Client/Abstractions and Worker/Grpc from different
        // releases meet at run time as types that do not match.
        var assemblies = Directory.GetFiles(Repository.FunctionsBuildOutput, "Microsoft.DurableTask.*.dll");
        Assert.Contains(assemblies, a => Path.GetFileName(a) == "Microsoft.DurableTask.Worker.Grpc.dll");
        var versions = assemblies.ToDictionary(a => Path.GetFileName(a), a => FileVersionInfo.GetVersionInfo(a).ProductVersion!.Split('+')[0]);
        Assert.True(versions.Values.Distinct().Count() == 1, "Durable Task SDK versions: " + string.Join(", ", versions.Select(v => $"{v.Key} {v.Value}")));

        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.FunctionsBuildOutput, "CspFunctions.deps.json")));
        var packages = deps.RootElement.GetProperty("libraries").EnumerateObject()
            .Where(l => l.Name.StartsWith("Microsoft.DurableTask.", StringComparison.Ordinal) && l.Value.GetProperty("type").GetString() == "package")
            .Select(l => l.Name).ToList();
        Assert.NotEmpty(packages);
        Assert.True(packages.Select(p => p.Split('/')[1]).Distinct().Count() == 1, "Durable Task SDK packages: " + string.Join(", ", packages));
    }

    [Fact]
    public async Task Build_WithoutGovUkFrontend_FailsSayingToRunNpmCi()
    {
        // A clone without `npm ci`: the assets' folder is not there.
        var missing = Path.Combine(Path.GetTempPath(), "csp-no-govuk-" + Guid.NewGuid().ToString("N")) + Path.DirectorySeparatorChar;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "build", Path.Combine(Repository.FunctionsProject, "CspFunctions.csproj"), "--no-restore", "--nologo", "-p:GovUkFrontendDist=" + missing })
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var log = await output + await error;

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("GOV.UK Frontend is not installed", log, StringComparison.Ordinal);
        Assert.Contains("run 'npm ci'", log, StringComparison.Ordinal);

        // azd up on a fresh clone runs it before packaging.
        var yaml = await File.ReadAllTextAsync(Repository.File("azure.yaml"));
        var hook = yaml[yaml.IndexOf("prepackage:", StringComparison.Ordinal)..];
        Assert.Contains("run: npm ci", hook, StringComparison.Ordinal);
    }
}
