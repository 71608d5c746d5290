using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Csp.Durable;
using Csp.Integrations.Mail;
using Csp.Storage;
using Csp.Storage.Tables;
using Csp.Workflow.Application;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Integrations.Records;

/// <summary>
/// The incident read model in Azure Table storage: one partition per incident with a <c>case</c>
/// row, <c>agency-{key}</c> rows, a <c>meeting</c> row, <c>step-{id}</c> rows for awaited steps and
/// <c>audit-{ticks}-{id}</c> rows. Each row is written by one orchestration only; values are JSON
/// (split across properties when long).
/// </summary>
public sealed class TableIncidentRecords(TableClient table) : IIncidentRecords
{
    private const string CaseRow = "case";
    private const string MeetingRow = "meeting";

    public Task InitializeAsync(CancellationToken cancellation) => table.CreateIfNotExistsAsync(cancellation);

    public Task SaveCaseAsync(IncidentCase incidentCase, DateTimeOffset at, CancellationToken cancellation)
    {
        var row = Row(incidentCase.IncidentId, CaseRow, incidentCase);
        row["UpdatedAt"] = at;
        row["Stage"] = incidentCase.Stage.ToString();
        return table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellation);
    }

    public Task SaveAgencyAsync(string incidentId, ScopingAgency agency, CancellationToken cancellation) =>
        table.UpsertEntityAsync(Row(incidentId, "agency-" + agency.Key, agency), TableUpdateMode.Replace, cancellation);

    public Task SaveMeetingAsync(string incidentId, RapidReviewMeeting meeting, CancellationToken cancellation) =>
        table.UpsertEntityAsync(Row(incidentId, MeetingRow, meeting), TableUpdateMode.Replace, cancellation);

    public Task OpenStepAsync(AwaitedStep step, CancellationToken cancellation) =>
        table.UpsertEntityAsync(Row(step.IncidentId, "step-" + TableKeys.Escape(step.StepId), step), TableUpdateMode.Replace, cancellation);

    public Task CloseStepAsync(string incidentId, string stepId, CancellationToken cancellation) =>
        table.DeleteEntityAsync(Key(incidentId), "step-" + TableKeys.Escape(stepId), "*", cancellation);

    public async Task AppendAuditAsync(string incidentId, IReadOnlyList<AuditEntry> entries, CancellationToken cancellation)
    {
        // Upserts keyed by the entry id: a retried activity writes the same rows again, not new ones.
        foreach (var batch in entries.Chunk(100))
        {
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                Row(incidentId, string.Create(CultureInfo.InvariantCulture, $"audit-{e.At.UtcTicks:D19}-{e.Id}"), e))), cancellation);
        }
    }

    public async Task<IncidentRecord?> LoadAsync(string incidentId, CancellationToken cancellation)
    {
        if (!TableKeys.IsValid(incidentId)) return null;
        IncidentCase? c = null;
        DateTimeOffset updated = default;
        RapidReviewMeeting? meeting = null;
        var agencies = new List<ScopingAgency>();
        var steps = new List<AwaitedStep>();
        var audit = new List<AuditEntry>();
        await foreach (var row in table.QueryAsync(TableFilter.PartitionKeyEquals(Key(incidentId)), null, null, cancellation))
        {
            var json = JsonChunks.Read(row);
            if (row.RowKey == CaseRow)
            {
                c = JsonSerializer.Deserialize<IncidentCase>(json, DurableJson.Options);
                updated = row.GetDateTimeOffset("UpdatedAt") ?? row.Timestamp ?? default;
            }
            else if (row.RowKey == MeetingRow) meeting = JsonSerializer.Deserialize<RapidReviewMeeting>(json, DurableJson.Options);
            else if (row.RowKey.StartsWith("agency-", StringComparison.Ordinal)) agencies.Add(JsonSerializer.Deserialize<ScopingAgency>(json, DurableJson.Options)!);
            else if (row.RowKey.StartsWith("step-", StringComparison.Ordinal)) steps.Add(JsonSerializer.Deserialize<AwaitedStep>(json, DurableJson.Options)!);
            else if (row.RowKey.StartsWith("audit-", StringComparison.Ordinal)) audit.Add(JsonSerializer.Deserialize<AuditEntry>(json, DurableJson.Options)!);
        }
        return c is null ? null : new IncidentRecord(c, updated, agencies, meeting, steps, audit);
    }

    public async IAsyncEnumerable<CaseRow> ListCasesAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        await foreach (var row in table.QueryAsync($"RowKey eq '{CaseRow}'", null, null, cancellation))
        {
            var c = JsonSerializer.Deserialize<IncidentCase>(JsonChunks.Read(row), DurableJson.Options)!;
            yield return new CaseRow(c, row.GetDateTimeOffset("UpdatedAt") ?? row.Timestamp ?? default);
        }
    }

    private static string Key(string incidentId) => TableKeys.Escape(incidentId);

    private static TableEntity Row<T>(string incidentId, string rowKey, T value)
    {
        var row = new TableEntity(Key(incidentId), rowKey);
        JsonChunks.Write(row, JsonSerializer.Serialize(value, DurableJson.Options));
        return row;
    }
}

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
            var row = counter.Row ?? await table.GetEntityAsync(CounterPartition, rowKey, null, CancellationToken.None);
            try
            {
                if (row is null)
                {
                    var created = new TableEntity(CounterPartition, rowKey) { ["Next"] = count + 1 };
                    created.ETag = await table.AddEntityAsync(created, CancellationToken.None);
                    counter.Row = created;
                    return 1;
                }
                var next = row.GetInt32("Next") ?? 1;
                var updated = new TableEntity(CounterPartition, rowKey) { ["Next"] = next + count };
                updated.ETag = await table.UpdateEntityAsync(updated, row.ETag!, TableUpdateMode.Replace, CancellationToken.None);
                counter.Row = updated;
                return next;
            }
            catch (StorageConcurrencyException)
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
        catch (StorageConcurrencyException)
        {
            return await FindSubmissionAsync(idempotencyKey, cancellation) ?? incidentId;
        }
    }

    public async Task<string?> FindSubmissionAsync(string idempotencyKey, CancellationToken cancellation) =>
        (await table.GetEntityAsync("submission", Hash(idempotencyKey), null, cancellation))?.GetString("IncidentId");

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>
/// Capability links in Azure Table storage, keyed by token hash (<c>link</c> rows), and closed steps
/// (<c>step|{incident}</c> partition). Consuming a link is an update conditional on the ETag read.
/// </summary>
public sealed class TableCapabilityLinkStore(TableClient table) : ICapabilityLinkStore
{
    public Task InitializeAsync(CancellationToken cancellation) => table.CreateIfNotExistsAsync(cancellation);

    public Task CreateAsync(CapabilityLinkRecord link, CancellationToken cancellation)
    {
        var row = new TableEntity(link.TokenHash, "link") { ["IncidentId"] = link.IncidentId, ["StepId"] = link.StepId, ["ExpiresAt"] = link.ExpiresAt };
        JsonChunks.Write(row, JsonSerializer.Serialize(link, DurableJson.Options));
        return table.AddEntityAsync(row, cancellation);
    }

    public async Task<StoredLink?> FindAsync(string tokenHash, CancellationToken cancellation)
    {
        if (!TableKeys.IsValid(tokenHash)) return null;
        var row = await table.GetEntityAsync(tokenHash, "link", null, cancellation);
        return row is null ? null : new StoredLink(JsonSerializer.Deserialize<CapabilityLinkRecord>(JsonChunks.Read(row), DurableJson.Options)!, row.ETag!);
    }

    public async Task<bool> TryConsumeAsync(StoredLink link, DateTimeOffset usedAt, CancellationToken cancellation)
    {
        var used = link.Link with { UsedAt = usedAt };
        var row = new TableEntity(used.TokenHash, "link") { ["IncidentId"] = used.IncidentId, ["StepId"] = used.StepId, ["ExpiresAt"] = used.ExpiresAt };
        JsonChunks.Write(row, JsonSerializer.Serialize(used, DurableJson.Options));
        try
        {
            await table.UpdateEntityAsync(row, link.ETag, TableUpdateMode.Replace, cancellation);
            return true;
        }
        catch (StorageConcurrencyException)
        {
            return false;
        }
    }

    public Task CloseStepAsync(string incidentId, string stepId, DateTimeOffset closedAt, CancellationToken cancellation) =>
        table.UpsertEntityAsync(new TableEntity(StepPartition(incidentId), TableKeys.Escape(stepId)) { ["ClosedAt"] = closedAt }, TableUpdateMode.Replace, cancellation);

    public async Task<bool> IsStepClosedAsync(string incidentId, string stepId, CancellationToken cancellation) =>
        await table.GetEntityAsync(StepPartition(incidentId), TableKeys.Escape(stepId), null, cancellation) is not null;

    private static string StepPartition(string incidentId) => "step|" + TableKeys.Escape(incidentId);
}
