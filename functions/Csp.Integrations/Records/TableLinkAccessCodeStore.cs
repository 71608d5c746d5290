using Azure;
using Azure.Data.Tables;
using Csp.Storage;
using Csp.Storage.Tables;
using Csp.Workflow.Ports;

namespace Csp.Integrations.Records;

/// <summary>
/// Scoping links' one-time codes in the links table (<c>{prefix}Links</c>), one row per link token:
/// partition and row <c>code|{token hash}</c>, so the row key is unique across partitions (Azurite
/// finds an entity by its row key first). Only the code's salted hash is stored.
/// </summary>
public sealed class TableLinkAccessCodeStore(TableClient table) : ILinkAccessCodeStore
{
    public async Task<StoredAccessCode?> FindAsync(string tokenHash, CancellationToken cancellation)
    {
        if (!TableKeys.IsValid(tokenHash)) return null;
        var key = Key(tokenHash);
        var row = await table.FindEntityAsync(key, key, cancellation);
        if (row is null) return null;
        var code = new LinkAccessCode(
            tokenHash,
            row.GetString(nameof(LinkAccessCode.IncidentId)) ?? "",
            row.GetInt32(nameof(LinkAccessCode.Number)) ?? 0,
            row.GetString(nameof(LinkAccessCode.Salt)) ?? "",
            row.GetString(nameof(LinkAccessCode.CodeHash)) ?? "",
            row.GetDateTimeOffset(nameof(LinkAccessCode.IssuedAt)) ?? DateTimeOffset.MinValue,
            row.GetDateTimeOffset(nameof(LinkAccessCode.ExpiresAt)) ?? DateTimeOffset.MinValue,
            row.GetInt32(nameof(LinkAccessCode.FailedAttempts)) ?? 0,
            row.GetDateTimeOffset(nameof(LinkAccessCode.UsedAt)));
        return new StoredAccessCode(code, row.ETag.ToString());
    }

    public async Task<bool> TryWriteAsync(LinkAccessCode code, string? etag, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(code);
        var key = Key(code.TokenHash);
        var row = new TableEntity(key, key)
        {
            [nameof(LinkAccessCode.IncidentId)] = code.IncidentId,
            [nameof(LinkAccessCode.Number)] = code.Number,
            [nameof(LinkAccessCode.Salt)] = code.Salt,
            [nameof(LinkAccessCode.CodeHash)] = code.CodeHash,
            [nameof(LinkAccessCode.IssuedAt)] = code.IssuedAt,
            [nameof(LinkAccessCode.ExpiresAt)] = code.ExpiresAt,
            [nameof(LinkAccessCode.FailedAttempts)] = code.FailedAttempts,
            [nameof(LinkAccessCode.UsedAt)] = code.UsedAt,
        };
        try
        {
            if (etag is null) await table.AddEntityAsync(row, cancellation);
            else await table.UpdateEntityAsync(row, new ETag(etag), TableUpdateMode.Replace, cancellation);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return false;
        }
    }

    private static string Key(string tokenHash) => "code|" + tokenHash;
}
