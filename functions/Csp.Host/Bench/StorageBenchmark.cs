using System.Diagnostics;
using Azure.Data.Tables;
using Csp.Storage;
using Csp.Storage.Tables;

namespace Csp.Host.Bench;

/// <summary>What to measure. Each phase stops at its count or, when <see cref="Duration"/> is set, when that time is up.</summary>
public sealed record StorageBenchmarkOptions
{
    public int SingleUpserts { get; init; } = 2_000;

    /// <summary>Entity-group transactions of <see cref="StorageBenchmark.EntitiesPerBatch"/> upserts each.</summary>
    public int BatchTransactions { get; init; } = 100;

    public int PointReads { get; init; } = 2_000;

    /// <summary>Optional time limit per phase.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Operations of each kind run first and not measured (connections, JIT, Azurite warm-up).</summary>
    public int WarmupOperations { get; init; } = 100;

    /// <summary>Size of the string property each entity carries.</summary>
    public int PayloadChars { get; init; } = 256;

    /// <summary>The table to use; by default a fresh one that is deleted afterwards.</summary>
    public string? TableName { get; init; }

    /// <summary>Progress lines (phase started, finished); null for silence.</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>Sequential throughput of the official Azure Tables client: each operation awaits the previous one.</summary>
public sealed record StorageBenchmarkResult(
    int SingleUpserts,
    TimeSpan SingleUpsertDuration,
    double SingleUpsertsPerSecond,
    LatencySummary SingleUpsertLatency,
    int BatchTransactions,
    TimeSpan BatchTransactionDuration,
    double BatchTransactionsPerSecond,
    LatencySummary BatchTransactionLatency,
    int PointReads,
    TimeSpan PointReadDuration,
    double PointReadsPerSecond,
    LatencySummary PointReadLatency)
{
    /// <summary>Entities written per second by the batch phase.</summary>
    public double BatchedEntitiesPerSecond => BatchTransactionsPerSecond * StorageBenchmark.EntitiesPerBatch;

    public override string ToString() =>
        $"single upserts : {SingleUpserts,7} in {SingleUpsertDuration.TotalSeconds,6:F2} s = {SingleUpsertsPerSecond,9:F1}/s  {SingleUpsertLatency}\n" +
        $"batches of {StorageBenchmark.EntitiesPerBatch,3}: {BatchTransactions,7} in {BatchTransactionDuration.TotalSeconds,6:F2} s = {BatchTransactionsPerSecond,9:F1}/s  {BatchTransactionLatency} ({BatchedEntitiesPerSecond:F0} entities/s)\n" +
        $"point reads    : {PointReads,7} in {PointReadDuration.TotalSeconds,6:F2} s = {PointReadsPerSecond,9:F1}/s  {PointReadLatency}";
}

/// <summary>Per-operation latency percentiles in milliseconds.</summary>
public sealed record LatencySummary(double P50Milliseconds, double P99Milliseconds, double MaxMilliseconds)
{
    public override string ToString() => $"p50 {P50Milliseconds:F2} ms, p99 {P99Milliseconds:F2} ms, max {MaxMilliseconds:F2} ms";

    internal static LatencySummary From(List<long> ticks)
    {
        if (ticks.Count == 0) return new LatencySummary(0, 0, 0);
        ticks.Sort();
        double Ms(long t) => t * 1000.0 / Stopwatch.Frequency;
        return new LatencySummary(
            Ms(ticks[(ticks.Count - 1) / 2]),
            Ms(ticks[(int)Math.Ceiling(ticks.Count * 0.99) - 1]),
            Ms(ticks[^1]));
    }
}

/// <summary>
/// Measures single-entity upserts, 100-entity transactions and point reads against the table
/// service of a connection string (Azurite or a real account). Used by the <c>bench</c> command.
/// </summary>
public static class StorageBenchmark
{
    public const int EntitiesPerBatch = 100;

    public static async Task<StorageBenchmarkResult> RunAsync(
        string connectionString, StorageBenchmarkOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var service = StorageAccount.FromConnectionString(connectionString).Tables;
        var ownTable = options.TableName is null;
        var table = service.GetTableClient(options.TableName ?? "bench" + Guid.NewGuid().ToString("N")[..16]);
        var log = options.Log ?? (_ => { });
        var payload = new string('x', Math.Max(0, options.PayloadChars));
        await table.CreateIfNotExistsAsync(ct).ConfigureAwait(false);
        try
        {
            log($"warm-up: {options.WarmupOperations} of each operation on table {table.Name}");
            for (var i = 0; i < options.WarmupOperations; i++)
            {
                await table.UpsertEntityAsync(Entity("warmup", i, payload), TableUpdateMode.Replace, ct).ConfigureAwait(false);
                await table.GetEntityAsync<TableEntity>("warmup", RowKey(i), cancellationToken: ct).ConfigureAwait(false);
            }
            for (var i = 0; i < Math.Min(5, options.WarmupOperations); i++)
            {
                await table.SubmitWithinLimitsAsync(Batch("warmup-batch", i, payload), ct).ConfigureAwait(false);
            }

            log($"single upserts: up to {options.SingleUpserts}");
            var (upserts, upsertTime, upsertLatency) = await MeasureAsync(
                options.SingleUpserts, options.Duration,
                i => table.UpsertEntityAsync(Entity("single", i, payload), TableUpdateMode.Replace, ct), ct).ConfigureAwait(false);

            log($"batch transactions of {EntitiesPerBatch}: up to {options.BatchTransactions}");
            var (batches, batchTime, batchLatency) = await MeasureAsync(
                options.BatchTransactions, options.Duration,
                i => table.SubmitWithinLimitsAsync(Batch("batch-" + i.ToString("D6"), 0, payload), ct), ct).ConfigureAwait(false);

            log($"point reads: up to {options.PointReads}");
            var keys = Math.Max(1, upserts);
            var random = new Random(20250301);
            var (reads, readTime, readLatency) = await MeasureAsync(
                options.PointReads, options.Duration,
                async _ =>
                {
                    var entity = await table.FindEntityAsync("single", RowKey(random.Next(keys)), ct).ConfigureAwait(false);
                    if (entity is null && upserts > 0) throw new InvalidOperationException("A benchmark entity written earlier was not found.");
                }, ct).ConfigureAwait(false);

            return new StorageBenchmarkResult(
                upserts, upsertTime, PerSecond(upserts, upsertTime), upsertLatency,
                batches, batchTime, PerSecond(batches, batchTime), batchLatency,
                reads, readTime, PerSecond(reads, readTime), readLatency);
        }
        finally
        {
            if (ownTable) await service.DeleteTableAsync(table.Name, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<(int Count, TimeSpan Elapsed, LatencySummary Latency)> MeasureAsync(
        int count, TimeSpan? duration, Func<int, Task> operation, CancellationToken ct)
    {
        var latencies = new List<long>(Math.Min(count, 1_000_000));
        var total = Stopwatch.StartNew();
        var done = 0;
        while (done < count && (duration is null || total.Elapsed < duration))
        {
            ct.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            await operation(done).ConfigureAwait(false);
            latencies.Add(Stopwatch.GetTimestamp() - started);
            done++;
        }
        total.Stop();
        return (done, total.Elapsed, LatencySummary.From(latencies));
    }

    private static double PerSecond(int count, TimeSpan elapsed) =>
        elapsed > TimeSpan.Zero ? count / elapsed.TotalSeconds : 0;

    private static string RowKey(int i) => i.ToString("D8");

    private static TableEntity Entity(string partitionKey, int i, string payload) => new(partitionKey, RowKey(i))
    {
        ["Payload"] = payload,
        ["Sequence"] = i,
        ["Ticks"] = (long)i * 10_000,
        ["Due"] = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i),
    };

    private static List<TableTransactionAction> Batch(string partitionKey, int start, string payload)
    {
        var actions = new List<TableTransactionAction>(EntitiesPerBatch);
        for (var i = start * EntitiesPerBatch; i < (start + 1) * EntitiesPerBatch; i++)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, Entity(partitionKey, i, payload)));
        }
        return actions;
    }
}
