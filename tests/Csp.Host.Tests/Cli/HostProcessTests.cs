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

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunHostAsync(params string[] args) => RunHostInAsync(null, args);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunHostInAsync(string? workingDirectory, params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
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

    [Fact]
    public async Task Serve_IncompleteProductionSettings_ListsEveryProblemByNameAndExitsWithoutAStackTrace()
    {
        // A folder with no settings file; storage in memory, so nothing is started or shared.
        var folder = Directory.CreateTempSubdirectory("csp-settings-").FullName;
        try
        {
            var (exitCode, stdout, stderr) = await RunHostInAsync(folder,
                "--Csp:Development:Enabled=false",
                "--Host:LocalHttpPort=0",
                "--AzureWebJobsStorage=DefaultEndpointsProtocol=http;AccountName=unused;AccountKey=AAAA;TableEndpoint=http://127.0.0.1:9/unused",
                "--Csp:Storage:Mode=InMemory",
                "--Csp:PublicBaseUrl=not an address",
                "--Csp:Reminders:TimeOfDay=9 o'clock",
                "--Csp:Partnership:Name=Exampleshire",
                "--Csp:Partnership:BusinessManager:Name=Bea Manager",
                "--Csp:Partnership:PanelChair:Name=Rowan",
                "--Csp:Partnership:PanelChair:Email=not-an-email");

            Assert.Equal(1, exitCode);
            Assert.StartsWith("error: the host cannot start:", stderr, StringComparison.Ordinal);
            foreach (var setting in new[]
                     {
                         "Csp:PublicBaseUrl", "Csp:Reminders:TimeOfDay", "Csp:Partnership:BusinessManager", "Csp:Partnership:PanelChair",
                         "Csp:Partnership:PartnershipChair", "Csp:Partnership:SafeguardingPartners", "Csp:Partnership:PanelMembers",
                         "Csp:Partnership:Notifications:NationalPanel", "Csp:Partnership:Notifications:DfE",
                     })
            {
                Assert.Contains(setting, stderr, StringComparison.Ordinal);
            }
            Assert.DoesNotContain("Exception", stdout + stderr, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"\sat \S+\(", stdout + stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
