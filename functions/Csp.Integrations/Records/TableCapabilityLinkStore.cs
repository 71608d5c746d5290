using Csp.Domain;
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
/// Capability links in Azure Table storage, keyed by token hash (partition and row key alike), and
/// closed steps (<c>step|{incident}</c> partition, row <c>{step}|{incident}</c>). Row keys are
/// unique across partitions because Azurite finds an entity by row key first. Consuming a link is
/// an update conditional on the ETag read.
/// </summary>
public sealed class TableCapabilityLinkStore(TableClient table) : ICapabilityLinkStore
{
    public Task InitializeAsync(CancellationToken cancellation) => table.CreateIfNotExistsAsync(cancellation);

    public Task CreateAsync(CapabilityLinkRecord link, CancellationToken cancellation)
    {
        var row = new TableEntity(link.TokenHash, link.TokenHash) { ["IncidentId"] = link.IncidentId, ["StepId"] = link.StepId, ["ExpiresAt"] = link.ExpiresAt };
        JsonChunks.Write(row, JsonSerializer.Serialize(link, CspJson.Options));
        return table.AddEntityAsync(row, cancellation);
    }

    public async Task<StoredLink?> FindAsync(string tokenHash, CancellationToken cancellation)
    {
        if (!TableKeys.IsValid(tokenHash)) return null;
        var row = await table.FindEntityAsync(tokenHash, tokenHash, cancellation);
        return row is null ? null : new StoredLink(JsonSerializer.Deserialize<CapabilityLinkRecord>(JsonChunks.Read(row), CspJson.Options)!, row.ETag.ToString());
    }

    public async Task<bool> TryConsumeAsync(StoredLink link, DateTimeOffset usedAt, CancellationToken cancellation)
    {
        var used = link.Link with { UsedAt = usedAt };
        var row = new TableEntity(used.TokenHash, used.TokenHash) { ["IncidentId"] = used.IncidentId, ["StepId"] = used.StepId, ["ExpiresAt"] = used.ExpiresAt };
        JsonChunks.Write(row, JsonSerializer.Serialize(used, CspJson.Options));
        try
        {
            await table.UpdateEntityAsync(row, new ETag(link.ETag), TableUpdateMode.Replace, cancellation);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return false;
        }
    }

    public async Task ReleaseAsync(string tokenHash, DateTimeOffset usedAt, CancellationToken cancellation)
    {
        if (await FindAsync(tokenHash, cancellation) is not { } stored || stored.Link.UsedAt != usedAt) return;
        var released = stored.Link with { UsedAt = null };
        var row = new TableEntity(released.TokenHash, released.TokenHash) { ["IncidentId"] = released.IncidentId, ["StepId"] = released.StepId, ["ExpiresAt"] = released.ExpiresAt };
        JsonChunks.Write(row, JsonSerializer.Serialize(released, CspJson.Options));
        try
        {
            await table.UpdateEntityAsync(row, new ETag(stored.ETag), TableUpdateMode.Replace, cancellation);
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            // Changed meanwhile (moved, superseded): it stays as it is.
        }
    }

    public Task CloseStepAsync(string incidentId, string stepId, DateTimeOffset closedAt, CancellationToken cancellation) =>
        table.UpsertEntityAsync(new TableEntity(StepPartition(incidentId), StepRow(incidentId, stepId)) { ["ClosedAt"] = closedAt }, TableUpdateMode.Replace, cancellation);

    public async Task<bool> IsStepClosedAsync(string incidentId, string stepId, CancellationToken cancellation) =>
        await table.FindEntityAsync(StepPartition(incidentId), StepRow(incidentId, stepId), cancellation) is not null;

    public async Task RaiseNewestAsync(string incidentId, string stepId, string recipient, int sequence, CancellationToken cancellation)
    {
        var (partition, row) = NewestKeys(incidentId, stepId, recipient);
        while (true)
        {
            var existing = await table.FindEntityAsync(partition, row, cancellation);
            if (existing is null)
            {
                try
                {
                    await table.AddEntityAsync(new TableEntity(partition, row) { ["Sequence"] = sequence }, cancellation);
                    return;
                }
                catch (RequestFailedException ex) when (ex.IsConflict())
                {
                    continue; // someone else wrote it first: read theirs and compare
                }
            }
            if ((existing.GetInt32("Sequence") ?? 0) >= sequence) return;
            try
            {
                existing["Sequence"] = sequence;
                await table.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Replace, cancellation);
                return;
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
            }
        }
    }

    public async Task<int> NewestAsync(string incidentId, string stepId, string recipient, CancellationToken cancellation)
    {
        var (partition, row) = NewestKeys(incidentId, stepId, recipient);
        return (await table.FindEntityAsync(partition, row, cancellation))?.GetInt32("Sequence") ?? 0;
    }

    /// <summary><c>newest|{incident}</c>, row <c>{hash of step and recipient}|{incident}</c> (unique across partitions, as Azurite needs).</summary>
    private static (string Partition, string Row) NewestKeys(string incidentId, string stepId, string recipient) =>
        ("newest|" + TableKeys.Escape(incidentId),
         Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stepId + "\n" + recipient.ToLowerInvariant())))[..32] + "|" + TableKeys.Escape(incidentId));

    public Task RecordRecipientAsync(CapabilityLinkRecord link, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(link);
        var (_, row) = NewestKeys(link.IncidentId, link.StepId, link.Recipient);
        var entity = new TableEntity(RecipientPartition(link.IncidentId), "r" + row);
        JsonChunks.Write(entity, JsonSerializer.Serialize(link with { TokenHash = "" }, CspJson.Options));
        return table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellation);
    }

    public async Task<IReadOnlyList<StepRecipient>> RecipientsAsync(string incidentId, CancellationToken cancellation)
    {
        var found = new List<StepRecipient>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RecipientPartition(incidentId)}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellation))
        {
            var link = JsonSerializer.Deserialize<CapabilityLinkRecord>(JsonChunks.Read(row), CspJson.Options)!;
            var moved = row.GetString("MovedJson") is { Length: > 0 } json ? JsonSerializer.Deserialize<StepMove>(json, CspJson.Options) : null;
            found.Add(new StepRecipient(link, moved));
        }
        return found.OrderBy(r => r.Link.CreatedAt).ToList();
    }

    public async Task MarkMovedAsync(string incidentId, string stepId, string recipient, StepMove move, CancellationToken cancellation)
    {
        var (_, row) = NewestKeys(incidentId, stepId, recipient);
        await table.UpsertEntityAsync(new TableEntity(RecipientPartition(incidentId), "r" + row) { ["MovedJson"] = JsonSerializer.Serialize(move, CspJson.Options) },
            TableUpdateMode.Merge, cancellation);
        // Every sequence they hold is now below the newest: their links stop working.
        await RaiseNewestAsync(incidentId, stepId, recipient, int.MaxValue, cancellation);
    }

    public async Task<StepMove?> MovedAsync(string incidentId, string stepId, string recipient, CancellationToken cancellation)
    {
        var (_, row) = NewestKeys(incidentId, stepId, recipient);
        var entity = await table.FindEntityAsync(RecipientPartition(incidentId), "r" + row, cancellation);
        return entity?.GetString("MovedJson") is { Length: > 0 } json ? JsonSerializer.Deserialize<StepMove>(json, CspJson.Options) : null;
    }

    /// <summary><c>recipients|{incident}</c>, row <c>r{hash of step and recipient}|{incident}</c>.</summary>
    private static string RecipientPartition(string incidentId) => "recipients|" + TableKeys.Escape(incidentId);

    private static string StepPartition(string incidentId) => "step|" + TableKeys.Escape(incidentId);

    private static string StepRow(string incidentId, string stepId) => TableKeys.Escape(stepId) + "|" + TableKeys.Escape(incidentId);
}
