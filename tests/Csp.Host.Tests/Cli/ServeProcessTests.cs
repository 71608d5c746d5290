using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Csp.Host.LocalHost;

namespace Csp.Host.Tests.Cli;

/// <summary>
/// The one command a newcomer runs, as a real process: the host starts Azurite with its data in
/// the folder's <c>.azurite-{port}/</c> (on ports of its own), serves, takes a referral, and stops on Ctrl+C (SIGINT) together
/// with the emulator it started; started again on the same folder, it still has the incident.
/// </summary>
public sealed class ServeProcessTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("csp-serve-").FullName;

    public ServeProcessTests()
    {
        // A folder that looks like a checkout to the host: it reads the sample settings there and keeps .azurite/ beside it.
        var repository = LocalSettings.FindRepositoryRoot(AppContext.BaseDirectory)!;
        File.Copy(Path.Combine(repository, LocalSettings.SampleFileName), Path.Combine(_root, LocalSettings.SampleFileName));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Emulator ports of this test's own, so it never meets another suite's Azurite on 10000-10002.</summary>
    private readonly AzuritePorts _azurite = new(FreePort(), FreePort(), FreePort());

    [Fact]
    public async Task Serve_TakesAReferral_StopsWithItsEmulatorOnCtrlC_AndKeepsTheIncidentForTheNextRun()
    {
        if (!OperatingSystem.IsLinux()) return; // Ctrl+C is sent as SIGINT below.
        var emulatorWasRunning = await LocalStorageEmulator.IsListeningAsync(_azurite.Table, CancellationToken.None);
        var port = FreePort();
        var repository = LocalSettings.FindRepositoryRoot(AppContext.BaseDirectory)!;
        var referral = await File.ReadAllTextAsync(Path.Combine(repository, "tests", "data", "referral.sample.json"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

        string incidentId;
        await using (var first = await ServeAsync(port))
        {
            Assert.Contains(emulatorWasRunning ? "already listening" : $"data in {Path.Combine(_root, _azurite.DataFolderName)}", first.Output);
            using var response = await http.PostAsync("/api/referrals", new StringContent(referral, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            incidentId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetString()!;

            Assert.Equal(0, await first.CtrlCAsync());
        }
        if (!emulatorWasRunning)
        {
            Assert.False(await LocalStorageEmulator.IsListeningAsync(_azurite.Table, CancellationToken.None), "Azurite still runs after Ctrl+C");
            Assert.True(Directory.EnumerateFileSystemEntries(Path.Combine(_root, _azurite.DataFolderName)).Any());
        }

        await using (var second = await ServeAsync(port))
        {
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
        if (!OperatingSystem.IsLinux()) return;
        var port = FreePort();
        var repository = LocalSettings.FindRepositoryRoot(AppContext.BaseDirectory)!;
        var referral = await File.ReadAllTextAsync(Path.Combine(repository, "tests", "data", "referral.sample.json"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

        await using var first = await ServeAsync(port);
        Assert.Contains($"Azurite started on ports {_azurite}", first.Output);
        using (var response = await http.PostAsync("/api/referrals", new StringContent(referral, Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // The emails' links point at the port this copy listens on, not the sample's 7071.
        var links = new List<string>();
        for (var i = 0; i < 100 && links.Count == 0; i++)
        {
            await Task.Delay(200);
            var mailbox = JsonDocument.Parse(await http.GetStringAsync("/api/dev/mailbox")).RootElement;
            links = mailbox.EnumerateArray().SelectMany(m => m.GetProperty("links").EnumerateArray()).Select(l => l.GetString()!).ToList();
        }
        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.StartsWith($"http://127.0.0.1:{port}/", l));

        // A second copy on the same emulator and hub says it waits for the first, and how to run beside it.
        await using (var second = await ServeAsync(FreePort(), waitFor: "is in use by another host"))
        {
            Assert.Contains("--Csp:Durable:TaskHub=csp2", second.Output);
            Assert.DoesNotContain("Press Ctrl+C to stop.", second.Output);
        }
        Assert.Equal(0, await first.CtrlCAsync());
    }

    private async Task<HostRun> ServeAsync(int port, string waitFor = "Press Ctrl+C to stop.")
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Csp.Host.dll"));
        start.ArgumentList.Add($"--Host:LocalHttpPort={port}");
        start.ArgumentList.Add($"--Host:AzuriteBlobPort={_azurite.Blob}");
        start.ArgumentList.Add($"--Host:AzuriteQueuePort={_azurite.Queue}");
        start.ArgumentList.Add($"--Host:AzuriteTablePort={_azurite.Table}");
        var run = new HostRun(Process.Start(start)!);
        await run.WaitForAsync(waitFor, TimeSpan.FromSeconds(90));
        return run;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class HostRun : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly object _gate = new();

        public HostRun(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Output
        {
            get { lock (_gate) return _output.ToString(); }
        }

        private void Append(string? line)
        {
            if (line is null) return;
            lock (_gate) _output.AppendLine(line);
        }

        public async Task WaitForAsync(string text, TimeSpan timeout)
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
        public async Task<int> CtrlCAsync()
        {
            using (var kill = Process.Start("/bin/sh", ["-c", "kill -INT " + _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
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
}
