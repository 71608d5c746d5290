using Csp.Workflow.Activities;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Application;

/// <summary>
/// Sends email through an email service (<see cref="IEmailTransport"/>) so that each dedupe key is
/// sent once, however often its activity runs: the delivery record is claimed under an ETag before
/// the service is called and holds the service's message id afterwards. A message the service
/// refuses, and one it later reports undeliverable (<see cref="ReportUndeliverableAsync"/>, from the
/// bounce webhooks), is written on the incident's timeline and emailed to the business unit at once,
/// so nobody learns at a deadline that an agency never got its request.
/// </summary>
public sealed class TrackedEmailSender(IEmailTransport transport, IEmailDeliveries deliveries, IIncidentRecords records, WorkflowServices services, TimeProvider time)
    : IEmailSender
{
    /// <summary>The email key prefix of the business unit's "could not be delivered" emails (never escalated again).</summary>
    public const string DeliveryProblemKey = "delivery-problem";

    /// <summary>How long a claim by a send in progress holds off another run of the same email.</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(2);

    private const string EmailService = "Email service";

    public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = EmailDeliveryIds.For(message.DedupeKey);
        var claim = await ClaimAsync(message, id, cancellation);
        if (claim.Existing is { } existing) return new EmailSendResult(existing.MessageId ?? "", Duplicate: true);

        var claimed = claim.Claimed!;
        EmailDelivery final;
        try
        {
            var result = await transport.SendAsync(message, id, cancellation);
            if (result.Accepted)
            {
                final = claimed with { State = EmailDeliveryState.Sent, MessageId = result.MessageId, UpdatedAt = time.GetUtcNow() };
            }
            else
            {
                var reason = $"{transport.Name} refused it ({result.Status}): {result.Error}";
                final = claimed with { State = EmailDeliveryState.Failed, Error = reason, UpdatedAt = time.GetUtcNow() };
                // Told before the record says Failed: a crash in between repeats the (idempotent) report, never loses it.
                await EscalateAsync(final, reason, cancellation);
            }
        }
        catch (Exception sendFailure)
        {
            // The service never took it (or the report failed): let the retried activity send it.
            try
            {
                await deliveries.RemoveAsync(id, claimed.ETag!, CancellationToken.None);
            }
            catch (Exception releaseFailure)
            {
                // The claim expires after ClaimLifetime anyway; report both.
                throw new AggregateException(sendFailure, releaseFailure);
            }
            throw;
        }
        await deliveries.TryReplaceAsync(final with { ETag = null }, claimed.ETag!, cancellation);
        return new EmailSendResult(final.MessageId ?? "", Duplicate: false);
    }

    /// <summary>
    /// Marks an accepted email undeliverable (bounced, dropped, blocked, failed) and tells the business
    /// unit. A second report of the same email changes nothing. False when no email has that id.
    /// </summary>
    public async Task<bool> ReportUndeliverableAsync(string deliveryId, string reason, CancellationToken cancellation)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var delivery = await deliveries.GetAsync(deliveryId, cancellation);
            if (delivery is null) return false;
            if (delivery.State is EmailDeliveryState.Undeliverable or EmailDeliveryState.Failed) return true;
            var marked = delivery with { State = EmailDeliveryState.Undeliverable, Error = reason, UpdatedAt = time.GetUtcNow(), ETag = null };
            await EscalateAsync(marked, reason, cancellation);
            if (await deliveries.TryReplaceAsync(marked, delivery.ETag!, cancellation)) return true;
        }
        throw new InvalidOperationException($"The delivery record {deliveryId} kept changing; the report will be retried.");
    }

    private sealed record Claim(EmailDelivery? Claimed, EmailDelivery? Existing);

    private async Task<Claim> ClaimAsync(EmailMessage message, string id, CancellationToken cancellation)
    {
        var fresh = new EmailDelivery(id, message.DedupeKey, message.IncidentId, message.Step, message.To.Address, message.Subject,
            transport.Name, EmailDeliveryState.Sending, time.GetUtcNow());
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var added = await deliveries.TryAddAsync(fresh, cancellation);
            if (added.Added) return new Claim(added.Current, null);
            var current = added.Current;
            if (current.State != EmailDeliveryState.Sending || time.GetUtcNow() - current.UpdatedAt < ClaimLifetime)
                return new Claim(null, current);
            // A send that stopped without a word (the process died): take it over, under its ETag.
            var takeover = fresh with { ETag = null };
            if (await deliveries.TryReplaceAsync(takeover, current.ETag!, cancellation))
            {
                var stored = await deliveries.GetAsync(id, cancellation);
                if (stored is { State: EmailDeliveryState.Sending } && stored.UpdatedAt == takeover.UpdatedAt) return new Claim(stored, null);
            }
        }
        throw new InvalidOperationException($"The delivery record {id} kept changing; the send will be retried.");
    }

    private async Task EscalateAsync(EmailDelivery delivery, string reason, CancellationToken cancellation)
    {
        var businessUnit = WorkflowServices.Address(services.Partnership.BusinessUnitOrManager);
        var tellBusinessUnit = !(delivery.Step ?? "").StartsWith(DeliveryProblemKey, StringComparison.Ordinal)
            && !string.Equals(delivery.To, businessUnit.Address, StringComparison.OrdinalIgnoreCase);
        var record = delivery.IncidentId is { Length: > 0 } incidentId ? await records.LoadAsync(incidentId, cancellation) : null;
        if (record is not null)
        {
            await records.AppendAuditAsync(record.Case.IncidentId,
            [
                new AuditEntry($"delivery:{delivery.Id}", time.GetUtcNow(), EmailService,
                    $"Email to {delivery.To} not delivered: {delivery.Subject}." + (tellBusinessUnit ? " The business unit was emailed." : ""),
                    reason, null, AuditKinds.Escalation),
            ], cancellation);
        }
        if (!tellBusinessUnit) return;

        var notice = new Notice(
            record?.Case.IncidentId ?? "",
            record?.Case.Reference ?? "No incident",
            $"{DeliveryProblemKey}:{delivery.Id}",
            [businessUnit],
            "An email could not be delivered",
            [
                $"The email \"{delivery.Subject}\" to {delivery.To} could not be delivered.",
                $"Reason given by the email service: {reason}",
                "Please check the address and contact the recipient another way; the step it asked for is still waiting.",
            ],
            IncidentPage: record is not null);
        await new NoticeMailer(this, services, time).SendAsync(notice, link: null, cancellation);
    }
}
