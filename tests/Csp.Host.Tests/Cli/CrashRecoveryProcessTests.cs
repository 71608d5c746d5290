using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Csp.Host.LocalHost;
using Csp.Storage.Emulator;
using Xunit.Abstractions;

namespace Csp.Host.Tests.Cli;

/// <summary>
/// <c>kill -9</c> of the real host in the middle of a burst of referrals from concurrent clients,
/// each sent with its own <c>Idempotency-Key</c>. After a restart on the same storage every request
/// the crash cut off is sent again with its key. Every 202 (before or after the crash) has its
/// incident, no key has two, and the reference numbers have no gap that a retry made: the crash
/// itself may cost at most one number per request it cut off.
/// </summary>
public sealed partial class CrashRecoveryProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Clients = 24;
    private const int AcceptedBeforeKill = 40;
    private readonly string _root = Directory.CreateTempSubdirectory("csp-crash-").FullName;
    private AzuriteProcess _azurite = default!;

    public async Task InitializeAsync()
    {
        var repository = LocalSettings.FindRepositoryRoot(AppContext.BaseDirectory)!;
        File.Copy(Path.Combine(repository, LocalSettings.SampleFileName), Path.Combine(_root, LocalSettings.SampleFileName));
        // The emulator is the test's own, so it outlives the host it kills.
        _azurite = await AzuriteProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _azurite.DisposeAsync();
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
    public async Task Serve_KilledMidLoad_EveryAcceptedAndRetriedReferralHasOneIncidentAndRetriesBurnNoNumbers()
    {
        if (!OperatingSystem.IsLinux()) return; // SIGKILL is sent with the shell's kill.
        var repository = LocalSettings.FindRepositoryRoot(AppContext.BaseDirectory)!;
        var referral = await File.ReadAllTextAsync(Path.Combine(repository, "tests", "data", "referral.sample.json"));
        var hub = "crash" + Guid.NewGuid().ToString("N")[..12];
        string[] settings = [$"--AzureWebJobsStorage={_azurite.ConnectionString}", $"--Csp:Durable:TaskHub={hub}", $"--Csp:Storage:TablePrefix=T{hub}"];

        var accepted = new ConcurrentDictionary<string, string>(StringComparer.Ordinal); // key -> incident id
        var cutOff = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var stop = new CancellationTokenSource();
        await using (var first = await HostRun.StartAsync(_root, settings))
        {
            var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
            {
                using var http = first.Client();
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var key = $"crash-{client}-{n}";
                    try
                    {
                        var (status, id, _) = await PostAsync(http, referral, key);
                        if (status == HttpStatusCode.Accepted) accepted[key] = id!;
                        else cutOff[key] = 0;
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                    {
                        cutOff[key] = 0; // Sent, and the connection died under it.
                    }
                }
            })).ToList();
            var until = DateTime.UtcNow.AddSeconds(60);
            while (accepted.Count < AcceptedBeforeKill && DateTime.UtcNow < until) await Task.Delay(10);
            Assert.True(accepted.Count >= AcceptedBeforeKill, $"Only {accepted.Count} referrals were accepted in a minute:\n" + first.Output);

            stop.Cancel();
            await first.KillAsync();
            await Task.WhenAll(clients);
        }
        var acceptedBeforeCrash = accepted.Count;
        Assert.NotEmpty(cutOff);

        await using var second = await HostRun.StartAsync(_root, settings);
        using var again = second.Client();
        // Every cut-off request is sent again with its key, all at once, as clients that saw their connection drop would.
        await Task.WhenAll(cutOff.Keys.Select(async key =>
        {
            var (status, id, body) = await PostAsync(again, referral, key);
            Assert.True(status == HttpStatusCode.Accepted, $"retry of {key}: {(int)status} {body}");
            accepted[key] = id!;
        }));
        // And every key once more: the same incident, replayed, no new number.
        var replays = await Task.WhenAll(accepted.Keys.ToList().Select(async key => (Key: key, Reply: await PostAsync(again, referral, key))));

        foreach (var (key, (status, id, _)) in replays)
        {
            Assert.Equal(HttpStatusCode.Accepted, status);
            Assert.Equal(accepted[key], id);
        }
        Assert.Equal(accepted.Count, accepted.Values.Distinct().Count()); // no key made two incidents, no two keys share one
        foreach (var id in accepted.Values)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/incidents/" + id);
            request.Headers.Add("X-Csp-Dev-User", "Sam Example;business-unit");
            using var response = await again.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{id}: {(int)response.StatusCode}");
        }
        var listed = await ListIncidentIdsAsync(again);
        Assert.Equal(accepted.Values.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));

        var numbers = accepted.Values.Select(id => int.Parse(ReferenceNumber().Match(id).Groups[1].Value, CultureInfo.InvariantCulture)).Order().ToList();
        var gaps = numbers[^1] - numbers.Count;
        output.WriteLine($"{acceptedBeforeCrash} accepted before the kill, {cutOff.Count} cut off and retried, {accepted.Count} incidents, numbers 1..{numbers[^1]}, {gaps} missing.");
        Assert.True(gaps <= cutOff.Count,
            $"{gaps} numbers missing from 1..{numbers[^1]} but only {cutOff.Count} requests were cut off ({acceptedBeforeCrash} accepted before the crash).");
    }

    private static async Task<(HttpStatusCode Status, string? IncidentId, string Body)> PostAsync(HttpClient http, string referral, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = new StringContent(referral, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var id = response.StatusCode == HttpStatusCode.Accepted ? JsonDocument.Parse(body).RootElement.GetProperty("incidentId").GetString() : null;
        return (response.StatusCode, id, body);
    }

    private static async Task<List<string>> ListIncidentIdsAsync(HttpClient http)
    {
        var ids = new List<string>();
        string? next = "/api/incidents?includeClosed=true&pageSize=200";
        while (next is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Add("X-Csp-Dev-User", "Sam Example;business-unit");
            using var response = await http.SendAsync(request);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            ids.AddRange(page.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("incidentId").GetString()!));
            next = page.GetProperty("next").ValueKind == JsonValueKind.String ? page.GetProperty("next").GetString() : null;
        }
        return ids;
    }

    [GeneratedRegex(@"^[A-Z]+-\d{4}-(\d+)$")]
    private static partial Regex ReferenceNumber();
}
