using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace Csp.Workflow.Ports;

/// <summary>
/// The record of every email handed to an email service, one per dedupe key (incident + step +
/// recipient), written under ETags: it is what makes a send happen once when its activity runs
/// twice, where the provider's message id is kept, and what a bounce report finds its email by.
/// </summary>
public interface IEmailDeliveries
{
    Task<EmailDelivery?> GetAsync(string deliveryId, CancellationToken cancellation);

    /// <summary>Adds the record unless one exists for its id; either way returns the stored record with its ETag.</summary>
    Task<EmailDeliveryClaim> TryAddAsync(EmailDelivery delivery, CancellationToken cancellation);

    /// <summary>Replaces the record if it is unchanged since <paramref name="etag"/>; false when someone else changed it.</summary>
    Task<bool> TryReplaceAsync(EmailDelivery delivery, string etag, CancellationToken cancellation);

    /// <summary>Removes the record if it is unchanged since <paramref name="etag"/> (a send that never reached the service).</summary>
    Task RemoveAsync(string deliveryId, string etag, CancellationToken cancellation);
}

/// <summary>The outcome of <see cref="IEmailDeliveries.TryAddAsync"/>: <paramref name="Added"/> false means <paramref name="Current"/> was there first.</summary>
public sealed record EmailDeliveryClaim(bool Added, EmailDelivery Current);

[JsonConverter(typeof(JsonStringEnumConverter<EmailDeliveryState>))]
public enum EmailDeliveryState
{
    /// <summary>Claimed by a send in progress.</summary>
    Sending,

    /// <summary>Accepted by the email service.</summary>
    Sent,

    /// <summary>Refused by the email service (a 4xx other than 429): it will not be sent.</summary>
    Failed,

    /// <summary>Accepted, then reported bounced, dropped or blocked (SendGrid) or failed (Notify).</summary>
    Undeliverable,
}

/// <summary>
/// One email handed to an email service. <paramref name="Id"/> is <see cref="EmailDeliveryIds.For"/>
/// of the dedupe key. Holds the recipient's work address and the subject (which never carry child
/// data), never the body.
/// </summary>
public sealed record EmailDelivery(
    string Id,
    string DedupeKey,
    string? IncidentId,
    string? Step,
    string To,
    string Subject,
    string Provider,
    EmailDeliveryState State,
    DateTimeOffset UpdatedAt,
    string? MessageId = null,
    string? Error = null,
    string? ETag = null);

/// <summary>The delivery id of a dedupe key: 32 hex characters of its SHA-256, safe to give an email service.</summary>
public static class EmailDeliveryIds
{
    public static string For(string dedupeKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dedupeKey)))[..32];

    public static bool LooksValid(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);
}
