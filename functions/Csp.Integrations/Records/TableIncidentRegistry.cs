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
/// Numbers are allocated by group commit: callers that arrive while an increment is in flight wait
/// for the next one, which takes a block for all of them in one conditional write. Fifty
/// simultaneous referrals therefore cost a handful of writes, not fifty rounds of conflicting
/// read-and-update, and the numbers stay consecutive. Another process writing the same counter
/// only costs a re-read: the ETag guards every increment.
/// </summary>
public sealed class TableIncidentRegistry(TableClient table) : IIncidentRegistry
{
    private const string CounterPartition = "counter";
    private readonly object _gate = new();
    private readonly Dictionary<int, YearCounter> _counters = new();

    private sealed class YearCounter
    {
        public List<TaskCompletionSource<int>> Waiting = new();
        public bool Running;
        public TableEntity? Row; // The row as last written or read by this process, with its ETag.
    }

    public Task InitializeAsync(CancellationToken cancellation) => table.CreateIfNotExistsAsync(cancellation);

    public Task<int> NextNumberAsync(int year, CancellationToken cancellation)
    {
        var waiter = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        YearCounter counter;
        bool start;
        lock (_gate)
        {
            if (!_counters.TryGetValue(year, out counter!)) _counters[year] = counter = new YearCounter();
            counter.Waiting.Add(waiter);
            start = !counter.Running;
            counter.Running = true;
        }
        if (start) _ = Task.Run(() => AllocateAsync(year, counter));
        // A caller that gives up may leave its number unused; the others are unaffected.
        return waiter.Task.WaitAsync(cancellation);
    }

    private async Task AllocateAsync(int year, YearCounter counter)
    {
        while (true)
        {
            List<TaskCompletionSource<int>> batch;
            lock (_gate)
            {
                if (counter.Waiting.Count == 0)
                {
                    counter.Running = false;
                    return;
                }
                batch = counter.Waiting;
                counter.Waiting = new();
            }
            try
            {
                var first = await ReserveAsync(year, counter, batch.Count);
                for (var i = 0; i < batch.Count; i++) batch[i].TrySetResult(first + i);
            }
            catch (Exception ex)
            {
                counter.Row = null;
                foreach (var w in batch) w.TrySetException(ex);
            }
        }
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
            await table.AddEntityAsync(new TableEntity("submission", Hash(idempotencyKey)) { ["IncidentId"] = incidentId }, cancellation);
            return incidentId;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return await FindSubmissionAsync(idempotencyKey, cancellation) ?? incidentId;
        }
    }

    public async Task<string?> FindSubmissionAsync(string idempotencyKey, CancellationToken cancellation) =>
        (await table.FindEntityAsync("submission", Hash(idempotencyKey), cancellation))?.GetString("IncidentId");

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
