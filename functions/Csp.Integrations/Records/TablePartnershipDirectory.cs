using Csp.Domain;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Csp.Integrations.Mail;
using Csp.Storage;
using Csp.Storage.Tables;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Integrations.Records;

/// <summary>
/// The partnership directory in one table partition (<c>{prefix}Partnership</c>, partition
/// <c>partnership</c>): row <c>current</c> holds the partnership as JSON with its version, and one
/// row per change (<c>change|{inverted version}</c>, so the newest comes first) says who, when and
/// what. Both are written in one transaction, the current row under its ETag, so two people saving
/// at once cannot both succeed and no change goes unrecorded.
/// </summary>
public sealed class TablePartnershipDirectory(TableClient table) : IPartnershipDirectory
{
    private const string Partition = "partnership";
    private const string CurrentRow = "current";

    public Task InitializeAsync(CancellationToken cancellation) => table.CreateIfNotExistsAsync(cancellation);

    public async Task<StoredPartnership?> ReadAsync(CancellationToken cancellation)
    {
        var row = await table.FindEntityAsync(Partition, CurrentRow, cancellation);
        if (row is null) return null;
        var partnership = JsonSerializer.Deserialize<PartnershipOptions>(JsonChunks.Read(row), CspJson.Options) ?? new PartnershipOptions();
        return new StoredPartnership(partnership, row.GetInt32("Version") ?? 0, row.ETag.ToString());
    }

    public async Task<bool> TryWriteAsync(PartnershipOptions next, int version, string? etag, PartnershipChange change, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(change);
        var current = new TableEntity(Partition, CurrentRow) { ["Version"] = version, ["ChangedAt"] = change.At, ["ChangedBy"] = change.By };
        JsonChunks.Write(current, JsonSerializer.Serialize(next, CspJson.Options));
        var history = new TableEntity(Partition, ChangeRow(change.Version))
        {
            ["Version"] = change.Version,
            ["At"] = change.At,
            ["By"] = change.By,
            ["Changes"] = JsonSerializer.Serialize(change.Changes, CspJson.Options),
        };
        TableTransactionAction write = etag is null
            ? new(TableTransactionActionType.Add, current)
            : new(TableTransactionActionType.UpdateReplace, current, new ETag(etag));
        try
        {
            await table.SubmitTransactionAsync([write, new TableTransactionAction(TableTransactionActionType.Add, history)], cancellation);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<PartnershipChange>> HistoryAsync(int max, CancellationToken cancellation)
    {
        var changes = new List<PartnershipChange>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {"change|"} and RowKey lt {"change}"}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellation))
        {
            changes.Add(new PartnershipChange(
                row.GetInt32("Version") ?? 0,
                row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
                row.GetString("By") ?? "",
                JsonSerializer.Deserialize<List<string>>(row.GetString("Changes") ?? "[]", CspJson.Options) ?? []));
            if (changes.Count >= max) break;
        }
        return changes;
    }

    private static string ChangeRow(int version) => "change|" + (int.MaxValue - version).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
}
