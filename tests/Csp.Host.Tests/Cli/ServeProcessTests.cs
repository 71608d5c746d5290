using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Csp.Host.LocalHost;

namespace Csp.Host.Tests.Cli;

/// <summary>
/// The one command a newcomer runs, as a real process: the host starts Azurite with its data in
/// the folder's <c>.azurite/</c>, serves, takes a referral, and stops on Ctrl+C (SIGINT) together
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

    [Fact]
    public async Task Serve_TakesAReferral_StopsWithItsEmulatorOnCtrlC_AndKeepsTheIncidentForTheNextRun()
    {
        if (!OperatingSystem.IsLinux()) return; // Ctrl+C is sent as SIGINT below.
        var emulatorWasRunning = await LocalStorageEmulator.IsListeningAsync(LocalStorageEmulator.Ports[2], CancellationToken.None);
        var port = FreePort();
        var repository = LocalSettings.FindRepositoryRoot(AppContext.BaseDirectory)!;
        var referral = await File.ReadAllTextAsync(Path.Combine(repository, "tests", "data", "referral.sample.json"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

        string incidentId;
        await using (var first = await ServeAsync(port))
        {
            Assert.Contains(emulatorWasRunning ? "already listening" : $"data in {Path.Combine(_root, ".azurite")}", first.Output);
            using var response = await http.PostAsync("/api/referrals", new StringContent(referral, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            incidentId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetString()!;

            Assert.Equal(0, await first.CtrlCAsync());
        }
        if (!emulatorWasRunning)
        {
            Assert.False(await LocalStorageEmulator.IsListeningAsync(LocalStorageEmulator.Ports[2], CancellationToken.None), "Azurite still runs after Ctrl+C");
            Assert.True(Directory.EnumerateFileSystemEntries(Path.Combine(_root, ".azurite")).Any());
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

    private Task<HostRun> ServeAsync(int port) => HostRun.ServeAsync(_root, port);

    private static int FreePort() => HostRun.FreePort();
}
