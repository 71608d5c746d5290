using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Csp.Storage.Tables;

/// <summary>
/// The service's limits on one entity-group transaction, checked before sending: at most 100
/// operations and a 4 MiB request. Azure answers an oversized batch with a 400, but Azurite answers
/// a 101-operation batch with a malformed response, so the product refuses it itself, clearly.
/// </summary>
public static class TableTransactionLimits
{
    public const int MaxOperations = 100;

    public const int MaxRequestBytes = 4 * 1024 * 1024;

    // The multipart envelope of one operation: boundary, headers, request line with the keys.
    private const int OperationOverheadBytes = 512;

    /// <summary>
    /// Submits the operations as one atomic transaction after checking the limits.
    /// </summary>
    /// <exception cref="TableTransactionTooLargeException">Over 100 operations or 4 MiB; nothing was sent.</exception>
    /// <exception cref="TableTransactionFailedException">The service refused an operation; nothing was applied.</exception>
    public static async Task<IReadOnlyList<Response>> SubmitWithinLimitsAsync(
        this TableClient table, IReadOnlyCollection<TableTransactionAction> actions, CancellationToken cancellation = default)
    {
        EnsureWithinLimits(actions);
        var response = await table.SubmitTransactionAsync(actions, cancellation).ConfigureAwait(false);
        return response.Value;
    }

    /// <exception cref="TableTransactionTooLargeException">Over 100 operations or 4 MiB.</exception>
    public static void EnsureWithinLimits(IReadOnlyCollection<TableTransactionAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count == 0) throw new ArgumentException("A transaction needs at least one operation.", nameof(actions));
        if (actions.Count > MaxOperations)
            throw new TableTransactionTooLargeException($"A table transaction holds at most {MaxOperations} operations; this one has {actions.Count}. Nothing was written.");
        var bytes = actions.Sum(a => EstimateBytes(a.Entity));
        if (bytes > MaxRequestBytes)
            throw new TableTransactionTooLargeException($"A table transaction is at most 4 MiB; this one is about {bytes / 1024} KiB. Nothing was written.");
    }

    /// <summary>An upper bound of the bytes an entity takes in the request (JSON, UTF-8, escaped).</summary>
    public static long EstimateBytes(ITableEntity entity)
    {
        long bytes = OperationOverheadBytes + Utf8(entity.PartitionKey) * 2 + Utf8(entity.RowKey) * 2;
        if (entity is not IDictionary<string, object> properties) return bytes + 1024;
        foreach (var (name, value) in properties)
        {
            // Name twice for the odata.type annotation, quotes, colon, comma.
            bytes += Utf8(name) * 2 + 48 + value switch
            {
                null => 4,
                string s => JsonStringBytes(s),
                byte[] b => (b.Length + 2) / 3 * 4,
                BinaryData d => (d.ToMemory().Length + 2) / 3 * 4,
                _ => 40,
            };
        }
        return bytes;
    }

    private static int Utf8(string? s) => s is null ? 0 : Encoding.UTF8.GetByteCount(s);

    // The SDK writes with the default JSON encoder: quote and backslash take two bytes; control
    // characters, HTML-sensitive characters and everything outside ASCII take a six-byte \uXXXX.
    private static long JsonStringBytes(string s)
    {
        long bytes = 2;
        foreach (var c in s)
        {
            bytes += c switch
            {
                '"' or '\\' => 2,
                < ' ' or > '~' or '<' or '>' or '&' or '\'' or '+' or '`' => 6,
                _ => 1,
            };
        }
        return bytes;
    }
}

/// <summary>A transaction over the service's limits, refused before anything was sent.</summary>
public sealed class TableTransactionTooLargeException(string message) : InvalidOperationException(message);
