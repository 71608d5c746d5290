using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Core.Pipeline;
using Csp.Durable.Engine;
using Csp.Host.Cli;
using Csp.Host.LocalHost;
using Csp.Storage;
using Csp.Storage.Emulator;
using Csp.Workflow.Application;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Csp.Host.LoadBench;

/// <summary>
/// <c>bench http</c>: the local host (real workflow, durable engine, Azurite in memory) on loopback,
/// in one run: referral latency one at a time; the dashboard's server time at 100 and 1,000
/// incidents; referral throughput and p50/p99 latency at 1, 10 and 50 concurrent clients, each
/// followed by a check that every accepted referral is an incident, that no reference number was
/// skipped and that a repeated <c>Idempotency-Key</c> returns its incident; then reads of
/// <c>GET /api/incidents/{id}</c>. Every storage call the Azure SDK sends is counted (by operation,
/// inside the referral's request or in the engine's background work), so the report says what a
/// referral costs in storage calls and where its time goes.
/// </summary>
public static class HttpLoadBenchmark
{
    public const int TargetP99Milliseconds = 1000;
    public const int TargetDashboardMilliseconds = 100;

    public sealed record Options(
        int Sequential, IReadOnlyList<int> Levels, TimeSpan LevelDuration, IReadOnlyList<int> DashboardAt, int Reads, bool InMemoryStorage, bool Breakdown);

    public sealed record PhaseResult(string Name, int Requests, int Failures, TimeSpan Elapsed, double RequestsPerSecond, double P50Ms, double P90Ms, double P99Ms, double MaxMs);

    /// <summary>
    /// Arguments: <c>--sequential N</c> (referrals one at a time, default 100), <c>--levels 1,10,50</c> (concurrent
    /// clients), <c>--duration SECONDS</c> (per level, 30), <c>--dashboard 100,1000</c> (incident counts at which the
    /// dashboard is timed), <c>--reads N</c> (<c>GET /api/incidents/{id}</c> requests, 5000), <c>--breakdown</c> (the
    /// storage calls of each level by operation), <c>--storage azurite|memory</c> (memory: the same host on
    /// in-memory stores, to separate the host's own cost from the emulator's).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout)
    {
        var options = Parse(args);
        var referrals = await SampleReferralsAsync();
        if (referrals is null)
        {
            await stdout.WriteLineAsync("error: tests/data/referral.sample.json not found: run from the repository.");
            return 1;
        }

        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"bench http: {options.Sequential} sequential referrals; dashboard at {string.Join(", ", options.DashboardAt)} incidents; {string.Join(", ", options.Levels)} concurrent clients for {options.LevelDuration.TotalSeconds:0} s each; {options.Reads} reads. {Environment.ProcessorCount} cores, load average {LoadAverage()}."));
        await using var azurite = options.InMemoryStorage ? null : await AzuriteProcess.StartAsync();
        var recorder = new StorageCallRecorder(HttpClientTransport.Shared);
        var timings = new ServerTimings();
        var port = FreePort();
        var app = CspLocalHost.Build(new LocalHostOptions
        {
            Overrides = new Dictionary<string, string?>
            {
                ["urls"] = $"http://127.0.0.1:{port}",
                ["Csp:PublicBaseUrl"] = $"http://127.0.0.1:{port}",
                ["AzureWebJobsStorage"] = azurite?.ConnectionString ?? "",
                ["Csp:Storage:Mode"] = options.InMemoryStorage ? "InMemory" : "Table",
                ["Csp:Development:Enabled"] = "true",
                ["Csp:Durable:TaskHub"] = "bench",
            },
            MinimumLogLevel = LogLevel.Warning,
            ConfigureServices = services =>
            {
                // The same clients as the host builds, on a transport that counts every call.
                services.RemoveAll<StorageAccount>();
                services.AddSingleton(sp => CspLocalHost.StorageAccountFor(sp.GetRequiredService<IConfiguration>(),
                    sp.GetService<BackgroundCallLimit>(), new StorageClientSettings { Transport = recorder }));
                services.AddSingleton(timings);
                services.AddSingleton<IStartupFilter, TimingStartupFilter>();
            },
        });
        await using (app)
        {
            await app.StartAsync();
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1000, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false };
            using var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Add("X-Csp-Dev-User", "Load Bench;business-unit");
            var engine = app.Services.GetRequiredService<DurableEngine>();
            var incidents = app.Services.GetRequiredService<IIncidentService>();

            var accepted = new ConcurrentDictionary<string, string>(StringComparer.Ordinal); // idempotency key -> incident id
            var sent = 0;
            async Task<bool> PostAsync(int _)
            {
                var n = Interlocked.Increment(ref sent);
                var key = "bench-" + n.ToString(CultureInfo.InvariantCulture);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals")
                {
                    Content = new StringContent(referrals[n % referrals.Count], Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await client.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Accepted) return false;
                using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
                accepted[key] = body.RootElement.GetProperty("incidentId").GetString()!;
                return true;
            }

            async Task SettleAsync(string after)
            {
                var settle = Stopwatch.StartNew();
                try
                {
                    using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(5));
                    await engine.WaitForIdleAsync(patience.Token);
                    await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  engine idle {settle.Elapsed.TotalSeconds:0.0} s after {after}"));
                }
                catch (OperationCanceledException)
                {
                    await stdout.WriteLineAsync($"  engine still busy 5 minutes after {after}");
                }
            }

            var ok = true;
            recorder.TakeSnapshot();

            // 1. One at a time: what a referral costs when nothing else runs.
            var sequential = await RunPhaseAsync("sequential POST /api/referrals", options.Sequential, 1, TimeSpan.FromMinutes(10), PostAsync);
            await Report(stdout, sequential);
            await ReportStorageAsync(stdout, recorder, timings, sequential.Requests, options.Breakdown);
            await SettleAsync("the sequential referrals");
            ok &= sequential.Failures == 0;

            // 2. The dashboard at each size, topped up with referrals from 10 clients (untimed).
            var dashboard = new List<(int Incidents, ServerTimings.Summary Time)>();
            foreach (var size in options.DashboardAt)
            {
                var missing = size - accepted.Count;
                if (missing > 0)
                {
                    await RunPhaseAsync("fill", missing, 10, TimeSpan.FromMinutes(10), PostAsync);
                    timings.Take("referral"); // untimed: not the next level's
                    await SettleAsync($"filling to {size} incidents");
                }
                for (var i = 0; i < 5; i++) await GetPageAsync(client, "/"); // warm-up
                timings.Take("dashboard");
                for (var i = 0; i < 30; i++) await GetPageAsync(client, "/");
                var page = await GetPageAsync(client, "/");
                var summary = timings.Take("dashboard");
                dashboard.Add((accepted.Count, summary));
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"GET / (dashboard) at {accepted.Count,5} incidents: server p50 {summary.P50Ms,6:0.0} ms  p99 {summary.P99Ms,6:0.0} ms  max {summary.MaxMs,6:0.0} ms over {summary.Count} requests; {summary.StorageCallsPerRequest:0.0} storage calls each; {Rows(page)} rows on the page"));
                recorder.TakeSnapshot();
            }

            // 3. Concurrent clients, each level from a settled engine.
            var levels = new List<PhaseResult>();
            foreach (var clients in options.Levels)
            {
                var before = accepted.Count;
                recorder.TakeSnapshot();
                var level = await RunPhaseAsync($"{clients,2} clients POST /api/referrals", int.MaxValue, clients, options.LevelDuration, PostAsync);
                levels.Add(level);
                await Report(stdout, level);
                await ReportStorageAsync(stdout, recorder, timings, level.Requests, options.Breakdown);
                await SettleAsync($"{clients} clients");
                var engineCalls = recorder.TakeSnapshot().Sum(s => s.Calls);
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  engine's work to settle: {engineCalls} more storage calls ({(level.Requests == 0 ? 0 : (double)engineCalls / level.Requests):0.0} per referral)"));
                ok &= level.Failures == 0 && accepted.Count - before == level.Requests;
            }

            // 4. Nothing lost, no number burned, idempotency exact.
            ok &= await CheckAsync(stdout, client, incidents, accepted, referrals);

            // 5. Reads of the incidents made.
            var known = accepted.Values.ToArray();
            async Task<bool> GetAsync(int i)
            {
                using var response = await client.GetAsync("/api/incidents/" + known[i % known.Length], HttpCompletionOption.ResponseContentRead);
                return response.StatusCode == HttpStatusCode.OK;
            }
            if (options.Reads > 0 && known.Length > 0)
            {
                var readClients = options.Levels.Count > 0 ? options.Levels.Max() : 50;
                await RunPhaseAsync("warm-up GET", Math.Min(200, options.Reads), readClients, TimeSpan.FromMinutes(1), GetAsync);
                var get = await RunPhaseAsync($"{readClients,2} clients GET /api/incidents/{{id}}", options.Reads, readClients, TimeSpan.FromMinutes(1), GetAsync);
                await Report(stdout, get);
                ok &= get.Failures == 0;
            }

            await stdout.WriteLineAsync("Summary:");
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  sequential referral: p50 {sequential.P50Ms:0.0} ms, p99 {sequential.P99Ms:0.0} ms"));
            foreach (var level in levels)
            {
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {level.Name}: {level.RequestsPerSecond:0.0}/s, p50 {level.P50Ms:0} ms, p99 {level.P99Ms:0} ms, failures {level.Failures}{(level.P99Ms < TargetP99Milliseconds ? "" : $" (p99 target {TargetP99Milliseconds} ms NOT met)")}"));
            }
            foreach (var (count, time) in dashboard)
            {
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  dashboard at {count} incidents: server p50 {time.P50Ms:0.0} ms, p99 {time.P99Ms:0.0} ms{(time.P50Ms < TargetDashboardMilliseconds ? "" : $" (target {TargetDashboardMilliseconds} ms NOT met)")}"));
            }
            await stdout.WriteLineAsync($"  load average at the end: {LoadAverage()}");
            await app.StopAsync();
            return ok ? 0 : 1;
        }
    }

    /// <summary>Runs <paramref name="requests"/> calls (or until <paramref name="maxDuration"/>) over <paramref name="concurrency"/> workers, each timing its own calls.</summary>
    public static async Task<PhaseResult> RunPhaseAsync(string name, int requests, int concurrency, TimeSpan maxDuration, Func<int, Task<bool>> call)
    {
        var latencies = new ConcurrentBag<double>();
        var next = -1;
        var failures = 0;
        using var deadline = new CancellationTokenSource(maxDuration);
        var total = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!deadline.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= requests || i < 0) return;
                var start = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await call(i);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
                {
                    ok = false;
                }
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (!ok) Interlocked.Increment(ref failures);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        total.Stop();

        var measured = latencies.Order().ToArray();
        return new PhaseResult(name, measured.Length, failures, total.Elapsed, measured.Length / total.Elapsed.TotalSeconds,
            Percentile(measured, 0.50), Percentile(measured, 0.90), Percentile(measured, 0.99), measured.Length == 0 ? 0 : measured[^1]);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static Task Report(TextWriter stdout, PhaseResult r) =>
        stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{r.Name,-34} {r.Requests,6} requests in {r.Elapsed.TotalSeconds,6:0.00} s = {r.RequestsPerSecond,8:0.0} req/s | p50 {r.P50Ms,7:0.0} ms  p90 {r.P90Ms,7:0.0} ms  p99 {r.P99Ms,7:0.0} ms  max {r.MaxMs,7:0.0} ms | failures {r.Failures}"));

    /// <summary>Storage calls made inside the referrals' requests and by the engine meanwhile, per referral, and the requests' server time.</summary>
    private static async Task ReportStorageAsync(TextWriter stdout, StorageCallRecorder recorder, ServerTimings timings, int referrals, bool breakdown)
    {
        var calls = recorder.TakeSnapshot();
        var time = timings.Take("referral");
        if (referrals == 0) return;
        var inRequest = calls.Where(c => c.Operation.StartsWith("request", StringComparison.Ordinal)).ToList();
        var engine = calls.Where(c => c.Operation.StartsWith("engine", StringComparison.Ordinal)).ToList();
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  per referral: {inRequest.Sum(c => c.Calls) / (double)referrals:0.0} storage calls in the request, {engine.Sum(c => c.Calls) / (double)referrals:0.0} by the engine meanwhile; server time p50 {time.P50Ms:0.0} ms, of which waiting on storage {time.StorageMsPerRequest:0.0} ms on average (mean storage call {(calls.Sum(c => c.Calls) == 0 ? 0 : calls.Sum(c => c.Time.TotalMilliseconds) / calls.Sum(c => c.Calls)):0.0} ms)"));
        if (!breakdown) return;
        foreach (var (operation, count, spent, max) in calls)
        {
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"    {operation,-44} {count / (double)referrals,6:0.00} per referral, mean {spent.TotalMilliseconds / count,7:0.0} ms, max {max.TotalMilliseconds,7:0.0} ms"));
        }
    }

    /// <summary>Every accepted referral is an incident, the year's numbers run 1..N with none skipped, and a repeated key returns its incident.</summary>
    private static async Task<bool> CheckAsync(TextWriter stdout, HttpClient client, IIncidentService incidents, ConcurrentDictionary<string, string> accepted, IReadOnlyList<string> referrals)
    {
        var listed = new List<IncidentSummary>();
        string? token = null;
        do
        {
            var page = await incidents.ListIncidentsAsync(new IncidentListQuery(IncludeClosed: true, PageSize: 200, ContinuationToken: token), CancellationToken.None);
            listed.AddRange(page.Incidents);
            token = page.ContinuationToken;
        } while (token is not null);
        var ids = listed.Select(i => i.IncidentId).ToHashSet(StringComparer.Ordinal);
        var distinct = accepted.Values.Distinct(StringComparer.Ordinal).Count();
        var lost = accepted.Values.Count(id => !ids.Contains(id));
        var numbers = listed.Select(i => int.Parse(i.Reference[(i.Reference.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture)).Order().ToArray();
        var consecutive = numbers.Length > 0 && numbers[0] == 1 && numbers[^1] == numbers.Length && numbers.Distinct().Count() == numbers.Length;

        var replays = 0;
        var replayed = 0;
        foreach (var (key, id) in accepted.Take(50))
        {
            // The same request again: the key and the body it was sent with.
            var n = int.Parse(key["bench-".Length..], CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = new StringContent(referrals[n % referrals.Count], Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await client.SendAsync(request);
            replays++;
            if (response.StatusCode != HttpStatusCode.Accepted) continue;
            using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            if (body.RootElement.GetProperty("incidentId").GetString() == id && response.Headers.Contains("Idempotent-Replayed")) replayed++;
        }
        var good = lost == 0 && distinct == accepted.Count && listed.Count == accepted.Count && consecutive;
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Check: {accepted.Count} referrals accepted, {distinct} distinct incidents, {listed.Count} incidents stored, {lost} lost; reference numbers {(consecutive ? $"1..{numbers.Length} with none skipped" : "NOT consecutive")}{(replays > 0 ? $"; {replayed} of {replays} repeated keys returned their incident" : "")}."));
        return good && replayed == replays;
    }

    private static async Task<string> GetPageAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static int Rows(string html)
    {
        var count = 0;
        for (var i = html.IndexOf("data-testid=\"incident-row\"", StringComparison.Ordinal); i >= 0; i = html.IndexOf("data-testid=\"incident-row\"", i + 1, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>Thirty variants of the sample referral, the local authority aware on each of the last thirty days, so deadlines and statuses differ.</summary>
    private static async Task<IReadOnlyList<string>?> SampleReferralsAsync()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var list = new List<string>();
        try
        {
            for (var d = 0; d < 30; d++)
            {
                using var writer = new StringWriter(CultureInfo.InvariantCulture);
                await SampleReferralCommand.RunAsync(["--aware", today.AddDays(-d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], writer);
                list.Add(writer.ToString());
            }
        }
        catch (CommandLineException)
        {
            return null;
        }
        return list;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>Bad arguments are a <see cref="CommandLineException"/>: one line on stderr, exit code 2.</summary>
    private static Options Parse(string[] args)
    {
        int sequential = 100, seconds = 30, reads = 5000;
        IReadOnlyList<int> levels = [1, 10, 50], dashboard = [100, 1000];
        var inMemory = false;
        var breakdown = false;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--breakdown")
            {
                breakdown = true;
                continue;
            }
            if (i + 1 >= args.Length) throw new CommandLineException($"option {name} needs a value.");
            var value = args[++i];
            switch (name)
            {
                case "--storage":
                    inMemory = value switch
                    {
                        "azurite" => false,
                        "memory" => true,
                        _ => throw new CommandLineException($"--storage must be azurite or memory, not '{value}'."),
                    };
                    break;
                case "--levels": levels = List(name, value, 1, 1000); break;
                case "--dashboard": dashboard = List(name, value, 1, 100_000).Order().ToList(); break;
                case "--sequential": sequential = Number(name, value, 1, 100_000); break;
                case "--duration": seconds = Number(name, value, 1, 3600); break;
                case "--reads": reads = Number(name, value, 0, 10_000_000); break;
                default: throw new CommandLineException($"unknown option '{name}'. Options: --sequential, --levels, --duration, --dashboard, --reads, --breakdown, --storage.");
            }
        }
        return new Options(sequential, levels, TimeSpan.FromSeconds(seconds), dashboard, reads, inMemory, breakdown);
    }

    private static int Number(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new CommandLineException($"{name} must be a whole number from {min} to {max}.");

    private static IReadOnlyList<int> List(string name, string text, int min, int max) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } parts
            ? parts.Select(p => Number(name, p, min, max)).ToList()
            : throw new CommandLineException($"{name} needs one or more whole numbers, comma-separated.");

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Server time of the referral requests and dashboard pages, with the storage calls each made.</summary>
    public sealed class ServerTimings
    {
        private readonly ConcurrentDictionary<string, ConcurrentBag<(double Ms, long Calls, double StorageMs)>> _byKind = new(StringComparer.Ordinal);

        public sealed record Summary(int Count, double P50Ms, double P99Ms, double MaxMs, double StorageCallsPerRequest, double StorageMsPerRequest);

        public void Add(string kind, TimeSpan elapsed, StorageCallRecorder.RequestTally tally) =>
            _byKind.GetOrAdd(kind, _ => []).Add((elapsed.TotalMilliseconds, tally.Calls, tally.StorageTime.TotalMilliseconds));

        public Summary Take(string kind)
        {
            if (!_byKind.TryRemove(kind, out var bag) || bag.IsEmpty) return new Summary(0, 0, 0, 0, 0, 0);
            var all = bag.ToArray();
            var sorted = all.Select(a => a.Ms).Order().ToArray();
            return new Summary(all.Length, Percentile(sorted, 0.5), Percentile(sorted, 0.99), sorted[^1], all.Average(a => a.Calls), all.Average(a => a.StorageMs));
        }
    }

    /// <summary>Times <c>POST /api/referrals</c> and <c>GET /</c> on the server, around the whole pipeline, and marks their storage calls.</summary>
    private sealed class TimingStartupFilter(ServerTimings timings) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext context, RequestDelegate nextStep) =>
            {
                var request = context.Request;
                var kind = HttpMethods.IsPost(request.Method) && request.Path == "/api/referrals" ? "referral"
                    : HttpMethods.IsGet(request.Method) && request.Path == "/" ? "dashboard"
                    : null;
                if (kind is null)
                {
                    await nextStep(context);
                    return;
                }
                var tally = StorageCallRecorder.BeginRequest();
                var start = Stopwatch.GetTimestamp();
                await nextStep(context);
                timings.Add(kind, Stopwatch.GetElapsedTime(start), tally);
            });
            next(app);
        };
    }
}
