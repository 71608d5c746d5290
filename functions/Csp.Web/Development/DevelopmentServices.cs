using System.Text.RegularExpressions;

namespace Csp.Web.Development;

/// <summary>
/// The host's adjustable clock (development mode only): the engine and the workflow read the same
/// <see cref="TimeProvider"/>, so moving it on makes due durable timers fire.
/// </summary>
public interface IDevelopmentClock
{
    DateTimeOffset UtcNow { get; }

    /// <summary>How far the clock is ahead of real time.</summary>
    TimeSpan Offset { get; }

    /// <summary>Moves the clock forward; timers that come due fire at once.</summary>
    void Advance(TimeSpan by);
}

/// <summary>An email the local mailbox recorded, with the links found in its body.</summary>
public sealed record MailboxMessage(
    string Id, IReadOnlyList<string> To, string Subject, DateTimeOffset SentAt, string TextBody,
    IReadOnlyList<string> Links, IReadOnlyList<MailboxAttachment> Attachments);

public sealed record MailboxAttachment(string FileName, string ContentType, long Length);

/// <summary>An attachment's bytes, to open from the development mailbox (an invitation's invite.ics, say).</summary>
public sealed record MailboxAttachmentContent(string FileName, string ContentType, byte[] Content);

/// <summary>The messages the local email adapter recorded instead of sending (development mode only).</summary>
public interface IDevelopmentMailbox
{
    /// <summary>Newest first (at most the newest 500), every incident's or one incident's.</summary>
    Task<IReadOnlyList<MailboxMessage>> ListAsync(string? incidentId, CancellationToken cancellation);

    Task<MailboxMessage?> GetAsync(string id, CancellationToken cancellation);

    /// <summary>The message's attachment at <paramref name="index"/> (from 0, in the order listed); null when there is none.</summary>
    Task<MailboxAttachmentContent?> OpenAttachmentAsync(string id, int index, CancellationToken cancellation);
}

/// <summary>Finds the links in an email body.</summary>
public static partial class MailLinks
{
    public static IReadOnlyList<string> Find(string? body) =>
        body is null
            ? []
            : UrlPattern().Matches(body).Select(m => m.Value.TrimEnd('.', ',', ')', ';', ':', '!', '?', '\'', '"')).Distinct().ToList();

    [GeneratedRegex(@"https?://[^\s<>""']+", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();
}
