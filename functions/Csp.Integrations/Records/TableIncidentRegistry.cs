using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Csp.Integrations.Mail;
using Csp.Storage;
using Csp.Storage.Tables;
using Csp.Workflow.Application;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Integrations.Records;


/// <summary>
/// Reference counters (ETag-guarded increments) and submission keys (conditional inserts) in one table.
/// Numbers are allocated by group commit: callers that arrive while a round is in flight wait for
/// the next one, which serves all of them together. A round looks up the keyed submissions' keys
/// (up to 14 in one query), takes one block of numbers for the callers that need one (one
/// conditional write) and binds the new keys to their incident ids (up to 100 in one transaction).
/// Fifty simultaneous referrals therefore cost a handful of storage calls, not three each, and
/// the numbers stay consecutive: a key found bound takes no number. Another process writing the
/// same counter only costs a re-read: the ETag guards every increment.
/// </summary>
public sealed class TableIncidentRegistry(TableClient table) : IIncidentRegistry
{
    private const string CounterPartition = "counter";
    private const string SubmissionPartition = "submission";
    // A filter holds at most 15 comparisons: the partition and 14 keys.
    private const int KeysPerLookup = 14;
    // Fewer keys than this are looked up one point read each.
    private const int PointReadsPerLookup = 3;
    private readonly object _gate = new();
    private readonly Dictionary<int, YearCounter> _counters = new();

    private sealed class YearCounter
    {
        public List<TaskCompletionSource<int>> Waiting = new();
        public List<Submission> Submissions = new();
        public bool Running;
        public TableEntity? Row; // The row as last written or read by this process, with its ETag.
    }

    private sealed class Submission(string hash, Func<int, string> incidentId)
    {
        public string Hash { get; } = hash;
        public Func<int, string> IncidentId { get; } = incidentId;
        public TaskCompletionSource<string> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Task InitializeAsync(CancellationToken cancellation) => table.CreateIfNotExistsAsync(cancellation);

    public Task<int> NextNumberAsync(int year, CancellationToken cancellation)
    {
        var waiter = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Join(year, counter => counter.Waiting.Add(waiter));
        // A caller that gives up may leave its number unused; the others are unaffected.
        return waiter.Task.WaitAsync(cancellation);
    }

    public Task<string> FindOrBindSubmissionAsync(string idempotencyKey, int year, Func<int, string> incidentId, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        ArgumentNullException.ThrowIfNull(incidentId);
        var submission = new Submission(Hash(idempotencyKey), incidentId);
        Join(year, counter => counter.Submissions.Add(submission));
        // A caller that gives up leaves the key bound (or not) as the round decides: a retry finds it.
        return submission.Result.Task.WaitAsync(cancellation);
    }

    private void Join(int year, Action<YearCounter> add)
    {
        YearCounter counter;
        bool start;
        lock (_gate)
        {
            if (!_counters.TryGetValue(year, out counter!)) _counters[year] = counter = new YearCounter();
            add(counter);
            start = !counter.Running;
            counter.Running = true;
        }
        if (start) _ = Task.Run(() => AllocateAsync(year, counter));
    }

    private async Task AllocateAsync(int year, YearCounter counter)
    {
        while (true)
        {
            List<TaskCompletionSource<int>> numbers;
            List<Submission> submissions;
            lock (_gate)
            {
                if (counter.Waiting.Count == 0 && counter.Submissions.Count == 0)
                {
                    counter.Running = false;
                    return;
                }
                numbers = counter.Waiting;
                submissions = counter.Submissions;
                counter.Waiting = new();
                counter.Submissions = new();
            }
            try
            {
                await RoundAsync(year, counter, numbers, submissions);
            }
            catch (Exception ex)
            {
                counter.Row = null;
                foreach (var w in numbers) w.TrySetException(ex);
                foreach (var s in submissions) s.Result.TrySetException(ex);
            }
        }
    }

    /// <summary>One round: keys already bound keep their incident; one block of numbers for the rest and the plain callers; the new keys bound.</summary>
    private async Task RoundAsync(int year, YearCounter counter, List<TaskCompletionSource<int>> numbers, List<Submission> submissions)
    {
        // The same key twice in one round (two processes' callers cannot meet here) takes one number.
        var keys = submissions.GroupBy(s => s.Hash, StringComparer.Ordinal).ToList();
        var bound = await LookUpAsync(keys.Select(k => k.Key).ToList());
        var fresh = new List<IGrouping<string, Submission>>();
        foreach (var key in keys)
        {
            if (bound.TryGetValue(key.Key, out var id)) Resolve(key, id);
            else fresh.Add(key);
        }
        var count = numbers.Count + fresh.Count;
        if (count == 0) return;
        var first = await ReserveAsync(year, counter, count);
        for (var i = 0; i < numbers.Count; i++) numbers[i].TrySetResult(first + i);
        var bindings = fresh.Select((key, i) => (Key: key, IncidentId: key.First().IncidentId(first + numbers.Count + i))).ToList();
        await BindAllAsync(bindings);
    }

    /// <summary>
    /// Binds new keys in transactions of up to 100. A key bound meanwhile (by another process, or
    /// by an earlier attempt of this transaction whose answer was lost) keeps what is stored: its
    /// number goes unused only when another process bound it first.
    /// </summary>
    private async Task BindAllAsync(List<(IGrouping<string, Submission> Key, string IncidentId)> bindings)
    {
        var pending = bindings;
        while (pending.Count > 0)
        {
            var chunk = pending.Take(TableTransactionLimits.MaxOperations).ToList();
            try
            {
                await table.SubmitWithinLimitsAsync(chunk.Select(b => new TableTransactionAction(TableTransactionActionType.Add,
                    new TableEntity(SubmissionPartition, b.Key.Key) { ["IncidentId"] = b.IncidentId })).ToList(), CancellationToken.None);
                foreach (var b in chunk) Resolve(b.Key, b.IncidentId);
                pending = pending.Skip(chunk.Count).ToList();
            }
            catch (TableTransactionFailedException ex) when (ex.IsConflict())
            {
                var stored = await LookUpAsync(chunk.Select(b => b.Key.Key).ToList());
                if (stored.Count == 0) throw;
                foreach (var b in chunk.Where(b => stored.ContainsKey(b.Key.Key))) Resolve(b.Key, stored[b.Key.Key]);
                pending = pending.Where(b => !stored.ContainsKey(b.Key.Key)).ToList();
            }
        }
    }

    private static void Resolve(IEnumerable<Submission> callers, string incidentId)
    {
        foreach (var s in callers) s.Result.TrySetResult(incidentId);
    }

    /// <summary>
    /// The incident ids the keys (hashed) are bound to: a few keys by point reads, more by queries
    /// of up to 14 keys, all at once. (A query reads the whole submission partition on Azure and the
    /// whole table on the emulator; a point read only its row.)
    /// </summary>
    private async Task<Dictionary<string, string>> LookUpAsync(List<string> hashes)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        if (hashes.Count == 0) return found;
        if (hashes.Count <= PointReadsPerLookup)
        {
            var rows = await Task.WhenAll(hashes.Select(h => table.FindEntityAsync(SubmissionPartition, h, CancellationToken.None)));
            foreach (var row in rows)
            {
                if (row?.GetString("IncidentId") is { Length: > 0 } id) found[row.RowKey] = id;
            }
            return found;
        }
        var pages = await Task.WhenAll(hashes.Chunk(KeysPerLookup).Select(async chunk =>
        {
            // Hex digests: nothing to escape.
            var filter = $"PartitionKey eq '{SubmissionPartition}' and ({string.Join(" or ", chunk.Select(h => $"RowKey eq '{h}'"))})";
            var rows = new List<TableEntity>();
            await foreach (var row in table.QueryAsync<TableEntity>(filter, KeysPerLookup, ["RowKey", "IncidentId"], CancellationToken.None))
            {
                rows.Add(row);
            }
            return rows;
        }));
        foreach (var row in pages.SelectMany(p => p))
        {
            if (row.GetString("IncidentId") is { Length: > 0 } id) found[row.RowKey] = id;
        }
        return found;
    }

    /// <summary>Takes <paramref name="count"/> consecutive numbers; returns the first.</summary>
    private async Task<int> ReserveAsync(int year, YearCounter counter, int count)
    {
        var rowKey = year.ToString(CultureInfo.InvariantCulture);
        while (true)
        {
            var row = counter.Row ?? await table.FindEntityAsync(CounterPartition, rowKey, CancellationToken.None);
            try
            {
                if (row is null)
                {
                    var created = new TableEntity(CounterPartition, rowKey) { ["Next"] = count + 1 };
                    created.ETag = (await table.AddEntityAsync(created, CancellationToken.None)).ETagOf();
                    counter.Row = created;
                    return 1;
                }
                var next = row.GetInt32("Next") ?? 1;
                var updated = new TableEntity(CounterPartition, rowKey) { ["Next"] = next + count };
                updated.ETag = (await table.UpdateEntityAsync(updated, row.ETag, TableUpdateMode.Replace, CancellationToken.None)).ETagOf();
                counter.Row = updated;
                return next;
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                // Another process took numbers since this one last looked: read again.
                counter.Row = null;
            }
        }
    }

    public async Task<string> BindSubmissionAsync(string idempotencyKey, string incidentId, CancellationToken cancellation)
    {
        try
        {
            await table.AddEntityAsync(new TableEntity(SubmissionPartition, Hash(idempotencyKey)) { ["IncidentId"] = incidentId }, cancellation);
            return incidentId;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return await FindSubmissionAsync(idempotencyKey, cancellation) ?? incidentId;
        }
    }

    public async Task<string?> FindSubmissionAsync(string idempotencyKey, CancellationToken cancellation) =>
        (await table.FindEntityAsync(SubmissionPartition, Hash(idempotencyKey), cancellation))?.GetString("IncidentId");

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
