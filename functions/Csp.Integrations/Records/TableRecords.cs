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

/// <summary>Reference counters (ETag-guarded increments) and submission keys (conditional inserts) in one table.</summary>
public sealed class TableIncidentRegistry(TableClient table) : IIncidentRegistry
{
    public Task InitializeAsync(CancellationToken cancellation) => table.CreateIfNotExistsAsync(cancellation);

    public async Task<int> NextNumberAsync(int year, CancellationToken cancellation)
    {
        var rowKey = year.ToString(CultureInfo.InvariantCulture);
        while (true)
        {
            var row = await table.GetEntityAsync("counter", rowKey, null, cancellation);
            try
            {
                if (row is null)
                {
                    await table.AddEntityAsync(new TableEntity("counter", rowKey) { ["Next"] = 2 }, cancellation);
                    return 1;
                }
                var next = row.GetInt32("Next") ?? 1;
                row["Next"] = next + 1;
                await table.UpdateEntityAsync(row, row.ETag!, TableUpdateMode.Replace, cancellation);
                return next;
            }
            catch (StorageConcurrencyException)
            {
                // Someone else took this number: read again.
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
