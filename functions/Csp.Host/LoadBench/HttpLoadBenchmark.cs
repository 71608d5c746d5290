using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Csp.Durable.Engine;
using Csp.Host.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Csp.Storage.Emulator;
using Microsoft.Extensions.Logging;

namespace Csp.Host.LoadBench;

/// <summary>
/// <c>bench http</c>: the local host (real workflow, durable engine, Azurite in memory) on loopback
/// under concurrent clients. Measures <c>POST /api/referrals</c>, then <c>GET /api/incidents/{id}</c>
/// over the incidents it created: requests per second and p50/p90/p99/max latency. Each phase stops
/// at its request count or its time limit, whichever comes first.
/// </summary>
public static class HttpLoadBenchmark
{
    public const int TargetP99Milliseconds = 100;

    public sealed record Options(int Requests, int Concurrency, TimeSpan MaxDuration, int Warmup, bool InMemoryStorage);

    public sealed record PhaseResult(string Name, int Requests, int Failures, TimeSpan Elapsed, double RequestsPerSecond, double P50Ms, double P90Ms, double P99Ms, double MaxMs)
    {
        public bool MeetsTarget => Failures == 0 && P99Ms < TargetP99Milliseconds;
    }

    /// <summary>
    /// Arguments: <c>--requests N</c> (per endpoint, default 5000), <c>--concurrency N</c> (50), <c>--duration SECONDS</c>
    /// (60 per phase), <c>--warmup N</c> (200), <c>--storage azurite|memory</c> (azurite: the local host as it runs;
    /// memory: the same host with in-memory stores, which shows what the host costs without the emulator).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout)
    {
        var options = Parse(args);
        var referralPath = FindSampleReferral();
        if (referralPath is null)
        {
            await stdout.WriteLineAsync("error: tests/data/referral.sample.json not found: run from the repository.");
            return 1;
        }
        var referral = await File.ReadAllTextAsync(referralPath);

        await stdout.WriteLineAsync($"bench http: {options.Requests} requests per endpoint, {options.Concurrency} concurrent clients, at most {options.MaxDuration.TotalSeconds:0} s per phase, {options.Warmup} warm-up requests.");
        await stdout.WriteLineAsync(options.InMemoryStorage
            ? "Starting the local host on loopback with in-memory stores (no Azurite)..."
            : "Starting Azurite (in memory) and the local host on loopback...");
        await using var azurite = options.InMemoryStorage ? null : await AzuriteProcess.StartAsync();
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
                ["Csp:TaskHub"] = "bench",
                ["Csp:Durable:TaskHub"] = "bench",
            },
            MinimumLogLevel = LogLevel.Warning,
        });
        await using (app)
        {
            await app.StartAsync();
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false };
            using var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Add("X-Csp-Dev-User", "Load Bench;business-unit");

            var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
            async Task<bool> PostAsync(int _)
            {
                using var content = new StringContent(referral, Encoding.UTF8, "application/json");
                using var response = await client.PostAsync("/api/referrals", content);
                if (response.StatusCode != HttpStatusCode.Accepted) return false;
                using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
                ids.Add(body.RootElement.GetProperty("incidentId").GetString()!);
                return true;
            }

            await RunPhaseAsync("warm-up POST", options.Warmup, options.Concurrency, options.MaxDuration, PostAsync);
            var post = await RunPhaseAsync("POST /api/referrals", options.Requests, options.Concurrency, options.MaxDuration, PostAsync);
            await Report(stdout, post);

            // The referrals started orchestrations (emails, scoping requests, deadline watches): let the
            // engine finish that burst so the reads are measured against a working system, not a backlog.
            var engine = app.Services.GetRequiredService<DurableEngine>();
            var settle = Stopwatch.StartNew();
            try
            {
                using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3));
                await engine.WaitForIdleAsync(patience.Token);
                await stdout.WriteLineAsync($"Engine idle after the referrals' work ({settle.Elapsed.TotalSeconds:0.0} s).");
            }
            catch (OperationCanceledException)
            {
                await stdout.WriteLineAsync("Engine still busy after 3 minutes; reading anyway.");
            }

            var known = ids.ToArray();
            if (known.Length == 0)
            {
                await stdout.WriteLineAsync("error: no referral was accepted, so there is nothing to read.");
                return 1;
            }
            async Task<bool> GetAsync(int i)
            {
                using var response = await client.GetAsync("/api/incidents/" + known[i % known.Length], HttpCompletionOption.ResponseContentRead);
                return response.StatusCode == HttpStatusCode.OK;
            }
            await RunPhaseAsync("warm-up GET", options.Warmup, options.Concurrency, options.MaxDuration, GetAsync);
            var get = await RunPhaseAsync("GET /api/incidents/{id}", options.Requests, options.Concurrency, options.MaxDuration, GetAsync);
            await Report(stdout, get);

            await stdout.WriteLineAsync($"Target p99 < {TargetP99Milliseconds} ms: POST {(post.MeetsTarget ? "met" : "NOT met")}, GET {(get.MeetsTarget ? "met" : "NOT met")}.");
            await app.StopAsync();
            return post.Failures == 0 && get.Failures == 0 ? 0 : 1;
        }
    }

    /// <summary>Runs <paramref name="requests"/> calls over <paramref name="concurrency"/> workers, each timing its own calls.</summary>
    public static async Task<PhaseResult> RunPhaseAsync(string name, int requests, int concurrency, TimeSpan maxDuration, Func<int, Task<bool>> call)
    {
        var latencies = new double[requests];
        var next = -1;
        var failures = 0;
        var completed = 0;
        using var deadline = new CancellationTokenSource(maxDuration);
        var total = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!deadline.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= requests) return;
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
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (!ok) Interlocked.Increment(ref failures);
                Interlocked.Increment(ref completed);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        total.Stop();

        var done = Math.Min(completed, requests);
        var measured = latencies.Take(Math.Min(next + 1, requests)).Where(l => l > 0).Order().ToArray();
        double Percentile(double p) => measured.Length == 0 ? 0 : measured[Math.Clamp((int)Math.Ceiling(p * measured.Length) - 1, 0, measured.Length - 1)];
        return new PhaseResult(name, done, failures, total.Elapsed, done / total.Elapsed.TotalSeconds,
            Percentile(0.50), Percentile(0.90), Percentile(0.99), measured.Length == 0 ? 0 : measured[^1]);
    }

    private static Task Report(TextWriter stdout, PhaseResult r) =>
        stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{r.Name,-26} {r.Requests,6} requests in {r.Elapsed.TotalSeconds,6:0.00} s = {r.RequestsPerSecond,8:0.0} req/s | p50 {r.P50Ms,6:0.0} ms  p90 {r.P90Ms,6:0.0} ms  p99 {r.P99Ms,6:0.0} ms  max {r.MaxMs,7:0.0} ms | failures {r.Failures}"));

    /// <summary>Bad arguments are a <see cref="Cli.CommandLineException"/>: one line on stderr, exit code 2.</summary>
    private static Options Parse(string[] args)
    {
        int requests = 5000, concurrency = 50, seconds = 60, warmup = 200;
        var inMemory = false;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length) throw new Cli.CommandLineException($"option {name} needs a value.");
            if (name == "--storage")
            {
                inMemory = args[++i] switch
                {
                    "azurite" => false,
                    "memory" => true,
                    var other => throw new Cli.CommandLineException($"--storage must be azurite or memory, not '{other}'."),
                };
                continue;
            }
            if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 0)
                throw new Cli.CommandLineException($"{name} must be a whole number, 0 or more.");
            switch (name)
            {
                case "--requests": requests = Math.Max(1, value); break;
                case "--concurrency": concurrency = Math.Clamp(value, 1, 1000); break;
                case "--duration": seconds = Math.Max(1, value); break;
                case "--warmup": warmup = value; break;
                default: throw new Cli.CommandLineException($"unknown option '{name}'. Options: --requests, --concurrency, --duration, --warmup, --storage.");
            }
        }
        return new Options(requests, concurrency, TimeSpan.FromSeconds(seconds), warmup, inMemory);
    }

    private static string? FindSampleReferral()
    {
        var root = LocalSettings.FindRepositoryRoot(Directory.GetCurrentDirectory()) ?? LocalSettings.FindRepositoryRoot(AppContext.BaseDirectory);
        var path = root is null ? null : Path.Combine(root, "tests", "data", "referral.sample.json");
        return path is not null && File.Exists(path) ? path : null;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
