using System.Diagnostics;
using CspFunctions.Tests.Infrastructure;

namespace CspFunctions.Tests.Contract;

/// <summary>
/// <c>dotnet publish functions/CspFunctions -c Release</c>, as <c>azd deploy</c> runs it, into a
/// folder of this test's own: the package holds what the Functions host needs to start the app.
/// </summary>
public sealed class PublishTests
{
    [Fact]
    public async Task Publish_Release_HoldsMetadataWorkerHostJsonAndGovUkAssetsAndNoEmbeddedEngine()
    {
        var output = Path.Combine(Path.GetTempPath(), "csp-publish-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Two suites publishing the same project at once would share obj/Release: take turns.
            await using (await ProjectLock.AcquireAsync(Path.Combine(Repository.FunctionsProject, "obj", "publish.lock")))
            {
                var (exitCode, log) = await RunAsync("dotnet", "publish", Repository.FunctionsProject, "-c", "Release", "-o", output, "--nologo");
                Assert.True(exitCode == 0, "dotnet publish failed:\n" + log);
            }

            Assert.True(File.Exists(Path.Combine(output, "functions.metadata")));
            Assert.True(File.Exists(Path.Combine(output, "host.json")));
            // The worker the host starts, and the extension startup the host loads beside it.
            Assert.Contains("\"defaultWorkerPath\": \"CspFunctions.dll\"", await File.ReadAllTextAsync(Path.Combine(output, "worker.config.json")), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(output, "CspFunctions.dll")));
            Assert.True(File.Exists(Path.Combine(output, ".azurefunctions", "Microsoft.Azure.Functions.Worker.Extensions.dll")));
            Assert.True(File.Exists(Path.Combine(output, ".azurefunctions", "function.deps.json")));
            var extensions = await File.ReadAllTextAsync(Path.Combine(output, "extensions.json"));
            Assert.Contains("FunctionMetadataLoader", extensions, StringComparison.Ordinal);
            // The Durable Functions extension, which the host loads for the orchestration, activity and client bindings.
            Assert.Contains("\"DurableTask\"", extensions, StringComparison.Ordinal);
            Assert.Contains("\"SubmitReferral\"", await File.ReadAllTextAsync(Path.Combine(output, "functions.metadata")), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(output, "govuk-frontend", "govuk-frontend.min.css")));
            Assert.True(File.Exists(Path.Combine(output, "govuk-frontend", "govuk-frontend.min.js")));
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(output, "govuk-frontend", "assets"), "*", SearchOption.AllDirectories));
            Assert.False(File.Exists(Path.Combine(output, "local.settings.json")), "a person's local settings are never published");
            // Durable Functions runs the workflow in Azure: no embedded engine, simulation or benchmark ships.
            Assert.False(File.Exists(Path.Combine(output, "Csp.Durable.dll")), "the embedded engine is for the local host only");
            Assert.False(File.Exists(Path.Combine(output, "Csp.LocalWorkflow.dll")), "the simulation and virtual time are for the local host and tests only");
            Assert.False(File.Exists(Path.Combine(output, "Csp.Host.dll")), "the local host and its benchmarks are not part of the Functions app");
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>An exclusive lock file shared by processes on this machine.</summary>
internal sealed class ProjectLock(FileStream stream) : IAsyncDisposable
{
    public static async Task<ProjectLock> AcquireAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var until = DateTime.UtcNow.AddMinutes(15);
        while (true)
        {
            try
            {
                return new ProjectLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(500);
            }
        }
    }

    public ValueTask DisposeAsync() => stream.DisposeAsync();
}
