using Azure;
using Azure.Data.Tables;

namespace Csp.Storage.Tables;

/// <summary>Small conveniences over the SDK's <see cref="TableClient"/> that the stores share.</summary>
public static class TableClientExtensions
{
    /// <summary>A point read; null when the entity does not exist.</summary>
    public static async Task<TableEntity?> FindEntityAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellation = default)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellation).ConfigureAwait(false);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>The ETag a write answered with.</summary>
    public static ETag ETagOf(this Response response) =>
        response.Headers.ETag ?? throw new InvalidOperationException("The storage service answered a write without an ETag.");
}
