namespace Csp.Workflow.Ports;

/// <summary>
/// Sends one email. Shaped after SendGrid v3 <c>mail/send</c> (personalizations to, subject, text and
/// HTML content, base64 attachments with type, filename and disposition, custom args): the local
/// mailbox records it; a SendGrid adapter posts it. Sending is idempotent on
/// <see cref="EmailMessage.DedupeKey"/>: the second send of the same key is a no-op reported as a duplicate.
/// </summary>
public interface IEmailSender
{
    Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellation);
}

/// <summary>
/// One email to one recipient. <paramref name="DedupeKey"/> is incident + step + recipient, so a
/// step never emails the same person twice, even when its activity runs again after a crash.
/// Bodies carry no child-identifying data: a reference and a link to the secure page.
/// </summary>
public sealed record EmailMessage(
    EmailAddress To,
    string Subject,
    string TextBody,
    string HtmlBody,
    IReadOnlyList<EmailAttachment> Attachments,
    string DedupeKey,
    string? IncidentId = null,
    string? Step = null,
    string? IdempotencyKey = null);

public sealed record EmailAddress(string Address, string? Name = null)
{
    public override string ToString() => Name is { Length: > 0 } ? $"{Name} <{Address}>" : Address;
}

/// <summary>An attachment (SendGrid: content base64, type, filename, disposition).</summary>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content, string Disposition = "attachment");

public sealed record EmailSendResult(string MessageId, bool Duplicate);

/// <summary>Builds the dedupe key of an email: incident + step + recipient (lower case).</summary>
public static class EmailKeys
{
    public static string For(string incidentId, string step, string recipient) =>
        $"{incidentId}|{step}|{recipient.Trim().ToLowerInvariant()}";
}
