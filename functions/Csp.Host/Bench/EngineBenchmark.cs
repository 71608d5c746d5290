using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Csp.Durable.Engine;
using Csp.Durable.Persistence;
using Csp.Storage;
using Microsoft.DurableTask;

namespace Csp.Host.Bench;

/// <summary>
/// The engine on Table storage, in the shapes of the published Durable Functions (Azure Storage
/// provider) figures, with the raw storage ceiling measured in the same run.
/// </summary>
public static class EngineBenchmark
{
    public sealed record Options
    {
        public int SequentialActivities { get; init; } = 100;
        public int FanOutActivities { get; init; } = 1_000;
        public int ExternalEvents { get; init; } = 1_000;
        public int HelloCitiesInstances { get; init; } = 1_000;
        public int Timers { get; init; } = 200;
        public TimeSpan TimerSpread { get; init; } = TimeSpan.FromSeconds(5);
        public int RawBatchTransactions { get; init; } = 100;

        /// <summary>HelloCities5 instances run on Durable Functions' default backend in the same run; 0 skips the peer.</summary>
        public int PeerHelloCitiesInstances { get; init; } = 300;
        public Action<string>? Log { get; init; }
    }

    public sealed record Result(
        double SequentialActivitiesPerSecond,
        double FanOut1000Seconds,
        double ExternalEventsPerSecond,
        double HelloCities5OrchestrationsPerSecond,
        double TimerP50Milliseconds,
        double TimerP99Milliseconds,
        double RawBatchTransactionsPerSecond,
        double? PeerHelloCities5OrchestrationsPerSecond)
    {
        public double SequentialVsRawRatio => SequentialActivitiesPerSecond / RawBatchTransactionsPerSecond;

        public double? HelloCities5VsPeerRatio => PeerHelloCities5OrchestrationsPerSecond is > 0 and var peer
            ? HelloCities5OrchestrationsPerSecond / peer
            : null;

        public Dictionary<string, double> ToJsonObject() => new Dictionary<string, double>
        {
            ["sequential_activities_per_s"] = Math.Round(SequentialActivitiesPerSecond, 1),
            ["fanout_1000_seconds"] = Math.Round(FanOut1000Seconds, 3),
            ["external_events_per_s"] = Math.Round(ExternalEventsPerSecond, 1),
            ["hellocities5_orchestrations_per_s"] = Math.Round(HelloCities5OrchestrationsPerSecond, 1),
            ["timer_p50_ms"] = Math.Round(TimerP50Milliseconds, 1),
            ["timer_p99_ms"] = Math.Round(TimerP99Milliseconds, 1),
            ["raw_batch_transactions_per_s"] = Math.Round(RawBatchTransactionsPerSecond, 1),
            ["sequential_vs_raw_ratio"] = Math.Round(SequentialVsRawRatio, 2),
        }.Concat(PeerHelloCities5OrchestrationsPerSecond is { } peer
            ? new Dictionary<string, double>
            {
                ["peer_hellocities5_orchestrations_per_s"] = Math.Round(peer, 1),
                ["hellocities5_vs_peer_ratio"] = Math.Round(HelloCities5VsPeerRatio ?? 0, 2),
            }
            : []).ToDictionary();
    }

    private const string Sequential = nameof(Sequential);
    private const string FanOut = nameof(FanOut);
    private const string Events = nameof(Events);
    private const string HelloCities = nameof(HelloCities);
    private const string TimerWait = nameof(TimerWait);
    private const string Echo = nameof(Echo);

    public static DurableTaskRegistry CreateRegistry() => new DurableTaskRegistry()
        .AddActivityFunc<string, string>(Echo, (_, s) => Task.FromResult(s))
        .AddOrchestratorFunc<int, int>(Sequential, async (ctx, n) =>
        {
            for (var i = 0; i < n; i++) await ctx.CallActivityAsync<string>(Echo, "step");
            return n;
        })
        .AddOrchestratorFunc<int, int>(FanOut, async (ctx, n) =>
        {
            var results = await Task.WhenAll(Enumerable.Range(0, n).Select(_ => ctx.CallActivityAsync<string>(Echo, "x")));
            return results.Length;
        })
        .AddOrchestratorFunc<int, int>(Events, async (ctx, n) =>
        {
            for (var i = 0; i < n; i++) await ctx.WaitForExternalEvent<int>("tick");
            return n;
        })
        .AddOrchestratorFunc<object?, string[]>(HelloCities, async (ctx, _) =>
        [
            await ctx.CallActivityAsync<string>(Echo, "Tokyo"),
            await ctx.CallActivityAsync<string>(Echo, "Seattle"),
            await ctx.CallActivityAsync<string>(Echo, "London"),
            await ctx.CallActivityAsync<string>(Echo, "Cairo"),
            await ctx.CallActivityAsync<string>(Echo, "Lima"),
        ])
        .AddOrchestratorFunc<DateTime, double>(TimerWait, async (ctx, due) =>
        {
            await ctx.CreateTimer(due, CancellationToken.None);
            // The turn that handles the fired timer starts at CurrentUtcDateTime.
            return (ctx.CurrentUtcDateTime - due).TotalMilliseconds;
        });

    public static async Task<Result> RunAsync(string connectionString, Options options, CancellationToken cancellation)
    {
        var log = options.Log ?? (_ => { });
        var account = StorageAccount.FromConnectionString(connectionString);

        log("raw storage: 100-entity batch transactions");
        var raw = await StorageBenchmark.RunAsync(connectionString, new StorageBenchmarkOptions
        {
            SingleUpserts = 0, PointReads = 0, BatchTransactions = options.RawBatchTransactions, WarmupOperations = 10,
        }, cancellation);

        var hub = "bench" + Guid.NewGuid().ToString("N")[..8];
        var store = new TableOrchestrationStore(account, hub);
        await using var engine = new DurableEngine(CreateRegistry(), store);
        await engine.StartAsync(cancellation);
        var client = engine.Client;

        async Task<OrchestrationMetadata> Run(string name, object? input)
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync(name, input, null, cancellation);
            var done = await client.WaitForInstanceCompletionAsync(id, false, cancellation);
            if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
                throw new InvalidOperationException($"{name} ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
            return done;
        }

        log("warm-up");
        await Run(Sequential, 10);

        log($"sequential: {options.SequentialActivities} activities in one instance");
        var sw = Stopwatch.StartNew();
        await Run(Sequential, options.SequentialActivities);
        var sequentialPerSecond = options.SequentialActivities / sw.Elapsed.TotalSeconds;

        log($"fan-out/fan-in: {options.FanOutActivities} activities");
        sw.Restart();
        await Run(FanOut, options.FanOutActivities);
        var fanOutSeconds = sw.Elapsed.TotalSeconds;

        log($"external events: {options.ExternalEvents} to one instance");
        var eventsId = await client.ScheduleNewOrchestrationInstanceAsync(Events, options.ExternalEvents, null, cancellation);
        await client.WaitForInstanceStartAsync(eventsId, false, cancellation);
        sw.Restart();
        using (var gate = new SemaphoreSlim(16))
        {
            await Task.WhenAll(Enumerable.Range(0, options.ExternalEvents).Select(async i =>
            {
                await gate.WaitAsync(cancellation);
                try
                {
                    await client.RaiseEventAsync(eventsId, "tick", i, cancellation);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        await client.WaitForInstanceCompletionAsync(eventsId, false, cancellation);
        var eventsPerSecond = options.ExternalEvents / sw.Elapsed.TotalSeconds;

        log($"HelloCities5: {options.HelloCitiesInstances} instances x 5 activities");
        sw.Restart();
        var ids = new List<string>(options.HelloCitiesInstances);
        using (var gate = new SemaphoreSlim(32))
        {
            var starts = Enumerable.Range(0, options.HelloCitiesInstances).Select(async _ =>
            {
                await gate.WaitAsync(cancellation);
                try
                {
                    return await client.ScheduleNewOrchestrationInstanceAsync(HelloCities, null, null, cancellation);
                }
                finally
                {
                    gate.Release();
                }
            });
            ids.AddRange(await Task.WhenAll(starts));
        }
        foreach (var id in ids) await client.WaitForInstanceCompletionAsync(id, false, cancellation);
        var helloPerSecond = options.HelloCitiesInstances / sw.Elapsed.TotalSeconds;

        log($"timers: {options.Timers} due over {options.TimerSpread.TotalSeconds:F0} s");
        var start = DateTime.UtcNow.AddSeconds(1);
        var timerIds = new List<string>();
        for (var i = 0; i < options.Timers; i++)
        {
            var due = start.AddTicks(options.TimerSpread.Ticks * i / options.Timers);
            timerIds.Add(await client.ScheduleNewOrchestrationInstanceAsync(TimerWait, due, null, cancellation));
        }
        var lateness = new List<double>();
        foreach (var id in timerIds)
        {
            var done = await client.WaitForInstanceCompletionAsync(id, true, cancellation);
            lateness.Add(done.ReadOutputAs<double>());
        }
        lateness.Sort();

        await engine.StopAsync();

        double? peer = options.PeerHelloCitiesInstances > 0
            ? await DurableFunctionsPeerBenchmark.HelloCities5PerSecondAsync(connectionString, options.PeerHelloCitiesInstances, log, cancellation)
            : null;
        return new Result(sequentialPerSecond, fanOutSeconds, eventsPerSecond, helloPerSecond,
            Percentile(lateness, 0.50), Percentile(lateness, 0.99), raw.BatchTransactionsPerSecond, peer);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
