using System.Collections.Concurrent;
using Csp.Workflow.Ports;

namespace Csp.Integrations.Mail;

/// <summary>
/// The local mailbox: every email the workflow sends, kept for people to read on the dev mailbox
/// page (<c>GET /api/dev/mailbox</c>) instead of being delivered. Sending is idempotent on the
/// message's dedupe key (incident + step + recipient): a second send is reported as a duplicate
/// and stores nothing.
/// </summary>
public interface IMailbox
{
    /// <summary>Newest first; optionally one incident's messages or one recipient's.</summary>
    Task<IReadOnlyList<MailboxMessage>> ListAsync(MailboxQuery query, CancellationToken cancellation);

    Task<MailboxMessage?> GetAsync(string id, CancellationToken cancellation);

    /// <summary>Sends refused because the same dedupe key was sent before (since start, for the in-memory box).</summary>
    long DuplicatesSuppressed { get; }
}

public sealed record MailboxQuery(int Max = 100, string? IncidentId = null, string? To = null);

public sealed record MailboxMessage(
    string Id,
    DateTimeOffset SentAt,
    string To,
    string? ToName,
    string Subject,
    string TextBody,
    string HtmlBody,
    IReadOnlyList<MailboxAttachment> Attachments,
    string DedupeKey,
    string? IncidentId,
    string? Step);

public sealed record MailboxAttachment(string FileName, string ContentType, string ContentBase64)
{
    public byte[] Content => Convert.FromBase64String(ContentBase64);
}

/// <summary>The mailbox in memory: for tests and simulations.</summary>
public sealed class InMemoryMailbox(TimeProvider time) : IEmailSender, IMailbox
{
    private readonly ConcurrentDictionary<string, MailboxMessage> _byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MailboxMessage> _byId = new(StringComparer.Ordinal);
    private long _sequence;
    private long _duplicates;

    public long DuplicatesSuppressed => Interlocked.Read(ref _duplicates);

    public int Count => _byId.Count;

    public Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = Interlocked.Increment(ref _sequence).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
        var stored = ToStored(id, time.GetUtcNow(), message);
        if (!_byKey.TryAdd(message.DedupeKey, stored))
        {
            Interlocked.Increment(ref _duplicates);
            return Task.FromResult(new EmailSendResult(_byKey[message.DedupeKey].Id, Duplicate: true));
        }
        _byId[id] = stored;
        return Task.FromResult(new EmailSendResult(id, Duplicate: false));
    }

    public Task<IReadOnlyList<MailboxMessage>> ListAsync(MailboxQuery query, CancellationToken cancellation)
    {
        IReadOnlyList<MailboxMessage> list = _byId.Values
            .Where(m => query.IncidentId is null || m.IncidentId == query.IncidentId)
            .Where(m => query.To is null || string.Equals(m.To, query.To, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(m => m.Id, StringComparer.Ordinal)
            .Take(Math.Max(0, query.Max))
            .ToList();
        return Task.FromResult(list);
    }

    public Task<MailboxMessage?> GetAsync(string id, CancellationToken cancellation) => Task.FromResult(_byId.GetValueOrDefault(id));

    internal static MailboxMessage ToStored(string id, DateTimeOffset at, EmailMessage m) => new(
        id, at, m.To.Address, m.To.Name, m.Subject, m.TextBody, m.HtmlBody,
        m.Attachments.Select(a => new MailboxAttachment(a.FileName, a.ContentType, Convert.ToBase64String(a.Content))).ToList(),
        m.DedupeKey, m.IncidentId, m.Step);
}
