using Csp.Domain;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Csp.Storage;
using Csp.Storage.Tables;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Integrations.Mail;

/// <summary>
/// The local mailbox in Azure Table storage, so a dev host's mailbox survives restarts. One
/// partition holds a dedupe row per key (<c>k-{sha256}</c>) and a message row per email
/// (<c>m-{inverted ticks}-{id}</c>, newest first); both are added in one entity-group transaction,
/// so a key that exists refuses the whole send: never two emails for one step and recipient, never
/// a key without its message.
/// </summary>
public sealed class TableMailbox(TableClient table, TimeProvider time) : IEmailSender, IMailbox
{
    private const string Partition = "mail";
    private long _duplicates;

    public long DuplicatesSuppressed => Interlocked.Read(ref _duplicates);

    public Task InitializeAsync(CancellationToken cancellation) => table.CreateIfNotExistsAsync(cancellation);

    public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = time.GetUtcNow();
        var id = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.Ticks - now.UtcTicks:D19}-{Guid.NewGuid():N}");
        var keyRow = new TableEntity(Partition, "k-" + Hash(message.DedupeKey)) { ["MessageId"] = id, ["DedupeKey"] = message.DedupeKey };
        var stored = InMemoryMailbox.ToStored(id, now, message);
        var json = JsonSerializer.Serialize(stored, CspJson.Options);
        var messageRow = new TableEntity(Partition, "m-" + id)
        {
            ["SentAt"] = now,
            ["To"] = stored.To,
            ["Subject"] = stored.Subject,
            ["IncidentId"] = stored.IncidentId ?? "",
        };
        JsonChunks.Write(messageRow, json);
        try
        {
            await table.SubmitWithinLimitsAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, keyRow),
                new TableTransactionAction(TableTransactionActionType.Add, messageRow),
            ], cancellation);
            return new EmailSendResult(id, Duplicate: false);
        }
        catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 0 && ex.Status == 409)
        {
            Interlocked.Increment(ref _duplicates);
            var existing = await table.FindEntityAsync(Partition, keyRow.RowKey, cancellation);
            return new EmailSendResult(existing?.GetString("MessageId") ?? "", Duplicate: true);
        }
    }

    public async Task<IReadOnlyList<MailboxMessage>> ListAsync(MailboxQuery query, CancellationToken cancellation)
    {
        var filter = $"PartitionKey eq '{Partition}' and RowKey ge 'm-' and RowKey lt 'm.'";
        if (query.IncidentId is { } incident) filter += " and " + TableClient.CreateQueryFilter($"IncidentId eq {incident}");
        if (query.To is { } to) filter += " and " + TableClient.CreateQueryFilter($"To eq {to}");
        var list = new List<MailboxMessage>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, Math.Clamp(query.Max, 1, 1000), cancellationToken: cancellation))
        {
            if (list.Count >= query.Max) break;
            list.Add(Read(row));
        }
        return list;
    }

    public async Task<MailboxMessage?> GetAsync(string id, CancellationToken cancellation)
    {
        if (string.IsNullOrEmpty(id) || !TableKeys.IsValid("m-" + id)) return null;
        var row = await table.FindEntityAsync(Partition, "m-" + id, cancellation);
        return row is null ? null : Read(row);
    }

    private static MailboxMessage Read(TableEntity row) =>
        JsonSerializer.Deserialize<MailboxMessage>(JsonChunks.Read(row), CspJson.Options)!;

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>JSON in table properties: a string property holds 64 KiB (32K UTF-16 characters), so long JSON is split.</summary>
internal static class JsonChunks
{
    private const int ChunkChars = 30_000;

    public static void Write(TableEntity entity, string json)
    {
        var count = (json.Length + ChunkChars - 1) / ChunkChars;
        entity["JsonChunks"] = Math.Max(1, count);
        for (var i = 0; i < Math.Max(1, count); i++)
            entity["Json" + i.ToString(CultureInfo.InvariantCulture)] = json.Length == 0 ? "" : json.Substring(i * ChunkChars, Math.Min(ChunkChars, json.Length - i * ChunkChars));
    }

    public static string Read(TableEntity entity)
    {
        var count = entity.GetInt32("JsonChunks") ?? 1;
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++) sb.Append(entity.GetString("Json" + i.ToString(CultureInfo.InvariantCulture)));
        return sb.ToString();
    }
}
