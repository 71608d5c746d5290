using System.Diagnostics;

namespace Csp.Host.Tests.Cli;

/// <summary>Runs the built Csp.Host as a real process, proving the entry point dispatches to the CLI.</summary>
public class HostProcessTests
{
    private static string HostDll()
    {
        // The test project references Csp.Host, so its build output sits beside the tests.
        var beside = Path.Combine(AppContext.BaseDirectory, "Csp.Host.dll");
        if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json"))) return beside;

        // Otherwise use the host project's own output for the same configuration and framework.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = dir.Name;
        var configuration = dir.Parent!.Name;
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "functions", "Csp.Host"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var built = Path.Combine(dir.FullName, "functions", "Csp.Host", "bin", configuration, framework, "Csp.Host.dll");
        Assert.True(File.Exists(built), $"Csp.Host.dll not found at {built}");
        return built;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunHostAsync(params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostDll());
        foreach (var arg in args) start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task HostExecutable_WorkingDays_PrintsTheDueDate()
    {
        var (exitCode, stdout, stderr) = await RunHostAsync("working-days", "--from", "2024-03-22", "--add", "5");

        Assert.True(exitCode == 0, $"exit {exitCode}: {stderr}");
        Assert.Equal("2024-04-02", stdout.Trim());
    }

    [Fact]
    public async Task HostExecutable_BadDate_ExitCode2AndOneErrorLine()
    {
        var (exitCode, stdout, stderr) = await RunHostAsync("working-days", "--from", "not-a-date", "--add", "5");

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: --from must be a date", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
