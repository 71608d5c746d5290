using System.Text.RegularExpressions;
using Csp.Integrations.Mail;

namespace Csp.Web.Development;

/// <summary>The development mailbox over the workflow's recording mailbox: each message with the links in its body.</summary>
public sealed partial class LocalMailbox(IMailbox mailbox) : IDevelopmentMailbox
{
    public const int MaxMessages = 500;

    public async Task<IReadOnlyList<MailboxMessage>> ListAsync(string? incidentId, CancellationToken cancellation) =>
        (await mailbox.ListAsync(new MailboxQuery(MaxMessages, incidentId), cancellation)).Select(Map).ToList();

    public async Task<MailboxMessage?> GetAsync(string id, CancellationToken cancellation) =>
        await mailbox.GetAsync(id, cancellation) is { } message ? Map(message) : null;

    public async Task<MailboxAttachmentContent?> OpenAttachmentAsync(string id, int index, CancellationToken cancellation) =>
        await mailbox.GetAsync(id, cancellation) is { } message && index >= 0 && index < message.Attachments.Count
            ? new MailboxAttachmentContent(message.Attachments[index].FileName, message.Attachments[index].ContentType, message.Attachments[index].Content)
            : null;

    private static MailboxMessage Map(Csp.Integrations.Mail.MailboxMessage m)
    {
        var text = string.IsNullOrWhiteSpace(m.TextBody) ? TagPattern().Replace(m.HtmlBody ?? "", " ") : m.TextBody;
        var links = MailLinks.Find(m.TextBody + "\n" + m.HtmlBody);
        var to = m.ToName is { Length: > 0 } name ? $"{name} <{m.To}>" : m.To;
        return new MailboxMessage(m.Id, [to], m.Subject, m.SentAt, text, links,
            m.Attachments.Select(a => new MailboxAttachment(a.FileName, a.ContentType, a.ContentBase64.Length / 4 * 3)).ToList());
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex TagPattern();
}
