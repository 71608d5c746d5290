namespace Csp.Workflow.Ports;

/// <summary>
/// An email service that takes one message for delivery (SendGrid, GOV.UK Notify). It retries what
/// the service asks to be retried (429, 5xx) and throws when the service stays unavailable, so the
/// activity fails and is retried; a message the service refuses for good comes back as
/// <see cref="EmailTransportResult.Refused"/> with the service's own words.
/// </summary>
public interface IEmailTransport
{
    /// <summary>The service's name as shown on the incident (e.g. <c>SendGrid</c>).</summary>
    string Name { get; }

    /// <param name="deliveryId">Our idempotency key for this email (never child data): SendGrid's custom arg, Notify's reference.</param>
    Task<EmailTransportResult> SendAsync(EmailMessage message, string deliveryId, CancellationToken cancellation);
}

/// <summary>What the email service said: accepted with its message id, or refused with its status and error text.</summary>
public sealed record EmailTransportResult(bool Accepted, string? MessageId, int? Status = null, string? Error = null)
{
    public static EmailTransportResult Sent(string? messageId) => new(true, messageId);

    public static EmailTransportResult Refused(int status, string error) => new(false, null, status, error);
}
