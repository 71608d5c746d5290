using Azure.Core;
using Csp.Storage.Internal;

namespace Csp.Storage.Tables;

/// <summary>The Table service of one account. Thread-safe; create once and share (one pipeline).</summary>
public sealed class TableServiceClient
{
    private readonly StorageServiceCore _core;

    internal TableServiceClient(StorageServiceCore core) => _core = core;

    public Uri Endpoint => _core.Endpoint;

    /// <summary>A client for one table (cheap; no request is made).</summary>
    /// <exception cref="ArgumentException">The name is not 3-63 letters and digits starting with a letter.</exception>
    public TableClient GetTableClient(string tableName)
    {
        ValidateTableName(tableName);
        return new TableClient(_core, tableName);
    }

    /// <summary>Deletes a table; a table that does not exist is not an error.</summary>
    public async Task DeleteTableAsync(string name, CancellationToken ct = default)
    {
        ValidateTableName(name);
        using var message = _core.CreateMessage(RequestMethod.Delete, "/Tables('" + name + "')");
        message.Request.Headers.SetValue("Accept", TableClient.NoMetadata);
        var response = await _core.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status is 204 or 404) return;
        throw _core.CreateException(message);
    }

    internal static void ValidateTableName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var ok = name.Length is >= 3 and <= 63 && char.IsAsciiLetter(name[0]);
        for (var i = 1; ok && i < name.Length; i++) ok = char.IsAsciiLetterOrDigit(name[i]);
        if (!ok || name.Equals("tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"Table name '{name}' is invalid: use 3-63 ASCII letters and digits, starting with a letter (and not 'tables').",
                nameof(name));
        }
    }
}
