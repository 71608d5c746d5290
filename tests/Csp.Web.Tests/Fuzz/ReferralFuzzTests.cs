using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Csp.Web.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Csp.Web.Tests.Fuzz;

/// <summary>
/// Thousands of hostile bodies against the real host (Kestrel, the workflow, the engine, Azurite):
/// referrals, and the fields of an action on an incident in scoping. No answer is a 5xx and none
/// takes more than 5 seconds. The generator's seed is fixed, so a failure is reproduced by running
/// the test again; the failing requests are listed with their bytes.
/// </summary>
public sealed class ReferralFuzzTests(LocalHostFixture fixture, ITestOutputHelper output) : IClassFixture<LocalHostFixture>
{
    private const int Bodies = 5_200;
    private const ulong Seed = 20_261_130;
    private static readonly TimeSpan Slowest = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task HostileBodies_NeverGetA5xx_OrAnAnswerSlowerThanFiveSeconds()
    {
        var scoping = await IncidentInScopingAsync();
        var referrals = Gen.Sample(HostileBodies.Referrals(Infrastructure.TestData.SampleReferralJson, "/api/referrals"), Bodies * 85 / 100, new Rnd(Seed), 30);
        var actions = Gen.Sample(HostileBodies.AgencyActions($"/api/incidents/{scoping}/actions/add-scoping-agency"), Bodies - Bodies * 85 / 100, new Rnd(Seed + 1), 30);
        var requests = referrals.Concat(actions).Select((r, i) => r with
        {
            // Valid referrals mostly replay one key's incident; a few make new incidents, so creation is exercised without flooding the engine.
            IdempotencyKey = r.Path == "/api/referrals" ? (i % 40 == 0 ? $"fuzz-{i}" : "fuzz-shared") : null,
        }).ToList();

        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var slowest = TimeSpan.Zero;
        var gate = new object();
        var clock = Stopwatch.StartNew();
        using var http = fixture.Host.Client();
        http.Timeout = TimeSpan.FromSeconds(30);
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (fuzz, cancellation) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, fuzz.Path) { Content = new ByteArrayContent(fuzz.Body) }.AsDevUser("Fuzz Business Unit");
            request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(fuzz.ContentType);
            if (fuzz.IdempotencyKey is { } key) request.Headers.Add("Idempotency-Key", key);
            var timer = Stopwatch.StartNew();
            try
            {
                using var response = await http.SendAsync(request, cancellation);
                await response.Content.ReadAsByteArrayAsync(cancellation);
                timer.Stop();
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                if ((int)response.StatusCode >= 500) failures.Enqueue($"{(int)response.StatusCode}: {fuzz}");
                else if (timer.Elapsed > Slowest) failures.Enqueue($"{timer.Elapsed.TotalSeconds:F1} s: {fuzz}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failures.Enqueue($"{ex.GetType().Name} after {timer.Elapsed.TotalSeconds:F1} s: {fuzz}");
            }
            lock (gate) if (timer.Elapsed > slowest) slowest = timer.Elapsed;
        });

        output.WriteLine($"{requests.Count} bodies in {clock.Elapsed.TotalSeconds:F1} s; slowest {slowest.TotalMilliseconds:F0} ms; statuses "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Assert.True(requests.Count >= 5_000);
        var shapes = requests.GroupBy(r => r.Shape).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(HostileBodies.RequiredShapes, shape => Assert.True(shapes.GetValueOrDefault(shape) > 0, $"no {shape} body was generated"));
        Assert.True(failures.IsEmpty, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(10)));
        Assert.True(statuses.GetValueOrDefault(202) > 0 && statuses.GetValueOrDefault(400) > 0, "the run had no accepted or no refused referral");
    }

    private async Task<string> IncidentInScopingAsync()
    {
        var client = fixture.Client;
        var today = await client.TodayAsync();
        var id = await client.SubmitAsync(JourneyClient.ReferralAwareOn(today));
        await client.ActAsync(id, "pass-referral-qa", "business-unit", new { notes = "Complete." });
        await client.ActAsync(id, "triage-referral", "chair", new { outcome = "RapidReview", rationale = "Serious harm; abuse suspected." });
        await client.WaitForStageAsync(id, "Scoping");
        await client.ActAsync(id, "record-national-panel-notification", "business-unit", new { sentOn = today.ToString("yyyy-MM-dd"), panelReference = "NP-FUZZ-1" });
        await client.WaitForActionAsync(id, "add-scoping-agency");
        return id;
    }
}
