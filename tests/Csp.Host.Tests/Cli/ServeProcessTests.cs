using Csp.Testing;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Csp.Host.LocalHost;
using Csp.Storage.Emulator;

namespace Csp.Host.Tests.Cli;

/// <summary>
/// The one command a newcomer runs, as a real process: the host starts Azurite with its data in
/// the folder's <c>.azurite/</c>, serves, takes a referral, and stops on Ctrl+C (SIGINT) together
/// with the emulator it started; started again on the same folder, it still has the incident.
/// Everything is this test's own: free ports for the host and the emulator (named in a development
/// connection string, as a second checkout would), its own task hub and folder, and every process
/// it started is ended even when an assertion fails.
/// </summary>
public sealed class ServeProcessTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("csp-serve-").FullName;
    private readonly string _taskHub = "serve" + Guid.NewGuid().ToString("N")[..16];

    public ServeProcessTests()
    {
        // A folder that looks like a checkout to the host: it reads the sample settings there and keeps .azurite/ beside it.
        var repository = LocalSettings.FindRepositoryRoot(AppContext.BaseDirectory)!;
        File.Copy(Path.Combine(repository, LocalSettings.SampleFileName), Path.Combine(_root, LocalSettings.SampleFileName));
    }

    public void Dispose()
    {
        // An emulator left behind by a failed run (the host starts it in its own session) is found by this test's folder alone.
        HostProcesses.KillProcessesMentioning(_root);
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Serve_TakesAReferral_StopsWithItsEmulatorOnCtrlC_AndKeepsTheIncidentForTheNextRun()
    {
        if (!OperatingSystem.IsLinux()) return; // Ctrl+C is sent as SIGINT below.
        var repository = LocalSettings.FindRepositoryRoot(AppContext.BaseDirectory)!;
        var referral = await File.ReadAllTextAsync(Path.Combine(repository, "tests", "data", "referral.sample.json"));

        string incidentId;
        var (firstStorage, firstTablePort) = HostProcesses.DevelopmentStorageOnFreePorts();
        await using (var first = await ServeAsync(firstStorage))
        {
            Assert.Contains($"data in {Path.Combine(_root, ".azurite")}", first.Output);
            using var http = first.Client();
            using var response = await http.PostAsync("/api/referrals", new StringContent(referral, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            incidentId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetString()!;

            Assert.Equal(0, await first.CtrlCAsync());
        }
        Assert.False(await LocalStorageEmulator.IsListeningAsync(firstTablePort, CancellationToken.None), "Azurite still runs after Ctrl+C");
        Assert.True(Directory.EnumerateFileSystemEntries(Path.Combine(_root, ".azurite")).Any());

        // Other free ports the second time: the data is in the folder, not in the ports.
        await using (var second = await ServeAsync(HostProcesses.DevelopmentStorageOnFreePorts().ConnectionString))
        {
            using var http = second.Client();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/incidents/" + incidentId);
            request.Headers.Add("X-Csp-Dev-User", "Sam Example;business-unit");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var incident = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(incidentId, incident.GetProperty("incidentId").GetString());
            Assert.Equal(0, await second.CtrlCAsync());
        }
    }

    [Fact]
    public async Task Serve_OnAnotherPort_LinksFollowIt_AndASecondCopyOnTheSameHubSaysWhyItWaits()
    {
        if (!OperatingSystem.IsLinux()) return; // Ctrl+C is sent as SIGINT below.
        var repository = LocalSettings.FindRepositoryRoot(AppContext.BaseDirectory)!;
        var referral = await File.ReadAllTextAsync(Path.Combine(repository, "tests", "data", "referral.sample.json"));
        var (blob, queue, table) = (HostProcesses.FreePort(), HostProcesses.FreePort(), HostProcesses.FreePort());
        string[] emulator =
        [
            $"--Host:AzuriteBlobPort={blob.ToString(CultureInfo.InvariantCulture)}", $"--Host:AzuriteQueuePort={queue.ToString(CultureInfo.InvariantCulture)}",
            $"--Host:AzuriteTablePort={table.ToString(CultureInfo.InvariantCulture)}", $"--Csp:Durable:TaskHub={_taskHub}",
        ];
        var none = new Dictionary<string, string>();

        await using var first = await HostRun.StartAsync(_root, none, "Press Ctrl+C to stop.", pinPublicAddress: false, emulator);
        Assert.Contains(Path.Combine(_root, ".azurite-" + blob.ToString(CultureInfo.InvariantCulture)), first.Output);
        using var http = first.Client();
        using (var response = await http.PostAsync("/api/referrals", new StringContent(referral, Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // The emails' links point at the port this copy listens on, not the usual 7071.
        var links = new List<string>();
        for (var i = 0; i < 150 && links.Count == 0; i++)
        {
            await Task.Delay(200);
            var mailbox = JsonDocument.Parse(await http.GetStringAsync("/api/dev/mailbox")).RootElement;
            // Links to the service itself; the National Panel's online system is GOV.UK's own page.
            links = mailbox.EnumerateArray().SelectMany(m => m.GetProperty("links").EnumerateArray()).Select(l => l.GetString()!)
                .Where(l => !l.StartsWith("https://www.gov.uk/", StringComparison.Ordinal)).ToList();
        }
        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.StartsWith($"http://127.0.0.1:{first.Port.ToString(CultureInfo.InvariantCulture)}/", l));

        // A second copy on the same emulator and hub says it waits for the first, and how to run beside it.
        await using (var second = await HostRun.StartAsync(_root, none, "is in use by another host", pinPublicAddress: false, emulator))
        {
            Assert.Contains("--Csp:Durable:TaskHub=", second.Output);
            Assert.DoesNotContain("Press Ctrl+C to stop.", second.Output);
        }
        Assert.Equal(0, await first.CtrlCAsync());
    }

    private Task<HostRun> ServeAsync(string storage) =>
        HostRun.StartAsync(_root, $"--AzureWebJobsStorage={storage}", $"--Csp:Durable:TaskHub={_taskHub}");
}

/// <summary>Starting the built host as a process on free ports, and ending what a test started.</summary>
public static class HostProcesses
{
    public static string HostDll() => Path.Combine(AppContext.BaseDirectory, "Csp.Host.dll");

    public static int FreePort() => FreePorts.Next();

    /// <summary>A connection string for the development account on free loopback ports: the host starts Azurite there.</summary>
    public static (string ConnectionString, int TablePort) DevelopmentStorageOnFreePorts()
    {
        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        string Endpoint(int port) => $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/{AzuriteProcess.DevAccountName}";
        return ($"DefaultEndpointsProtocol=http;AccountName={AzuriteProcess.DevAccountName};AccountKey={AzuriteProcess.DevAccountKey};" +
                $"BlobEndpoint={Endpoint(blob)};QueueEndpoint={Endpoint(queue)};TableEndpoint={Endpoint(table)};", table);
    }

    /// <summary>Ends the processes whose command line names <paramref name="marker"/> (a test's own folder), by id.</summary>
    public static void KillProcessesMentioning(string marker)
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (!commandLine.Contains(marker, StringComparison.Ordinal)) continue;
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone already.
            }
        }
    }
}

/// <summary>
/// A running <c>Csp.Host serve</c> on a free port, in a working folder of the test's. Disposing it
/// ends it and everything it started, and starting it ends it again if it never gets ready.
/// </summary>
public sealed class HostRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _gate = new();

    private HostRun(Process process, int port)
    {
        _process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public string Output
    {
        get { lock (_gate) return _output.ToString(); }
    }

    public static Task<HostRun> StartAsync(string workingDirectory, params string[] settings) =>
        StartAsync(workingDirectory, new Dictionary<string, string>(), settings);

    /// <summary>Starts the host with <paramref name="environment"/> set as well, as an operator's shell would.</summary>
    public static Task<HostRun> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] settings) =>
        StartAsync(workingDirectory, environment, "Press Ctrl+C to stop.", pinPublicAddress: true, settings);

    /// <summary>
    /// Starts the host and returns once it printed <paramref name="waitFor"/>; without
    /// <paramref name="pinPublicAddress"/> the links in its emails are left to follow its port.
    /// </summary>
    public static async Task<HostRun> StartAsync(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, string waitFor, bool pinPublicAddress, params string[] settings)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var port = HostProcesses.FreePort();
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(HostProcesses.HostDll());
        start.ArgumentList.Add($"--Host:LocalHttpPort={port.ToString(CultureInfo.InvariantCulture)}");
        if (pinPublicAddress) start.ArgumentList.Add($"--Csp:PublicBaseUrl=http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        foreach (var setting in settings) start.ArgumentList.Add(setting);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var run = new HostRun(Process.Start(start)!, port);
        try
        {
            await run.WaitForAsync(waitFor, TimeSpan.FromSeconds(90));
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    public HttpClient Client() => new() { BaseAddress = new Uri($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}"), Timeout = TimeSpan.FromSeconds(30) };

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate) _output.AppendLine(line);
    }

    private async Task WaitForAsync(string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.False(_process.HasExited, "The host exited early:\n" + Output);
            Assert.True(DateTime.UtcNow < until, $"The host did not print '{text}':\n" + Output);
            await Task.Delay(100);
        }
    }

    /// <summary>What Ctrl+C in a terminal sends; returns the exit code.</summary>
    public Task<int> CtrlCAsync() => SignalAsync("INT");

    /// <summary><c>kill -9</c>: the process ends at once, mid-write, with nothing tidied up.</summary>
    public Task<int> KillAsync() => SignalAsync("KILL");

    private async Task<int> SignalAsync(string signal)
    {
        using (var kill = Process.Start("/bin/sh", ["-c", $"kill -{signal} {_process.Id.ToString(CultureInfo.InvariantCulture)}"]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
