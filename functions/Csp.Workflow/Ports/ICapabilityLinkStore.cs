using Csp.Workflow.Application;

namespace Csp.Workflow.Ports;

/// <summary>
/// Capability links by the SHA-256 hash of their token (the token itself is never stored), and
/// the closed state of steps. Consuming is a conditional (ETag) write, so a token works once.
/// </summary>
public interface ICapabilityLinkStore
{
    Task CreateAsync(CapabilityLinkRecord link, CancellationToken cancellation);

    Task<StoredLink?> FindAsync(string tokenHash, CancellationToken cancellation);

    /// <summary>Marks the link used if it is unchanged since it was read; false if someone else used it first.</summary>
    Task<bool> TryConsumeAsync(StoredLink link, DateTimeOffset usedAt, CancellationToken cancellation);

    /// <summary>
    /// Makes a link consumed at <paramref name="usedAt"/> usable again (the process refused what was
    /// sent with it, so its recipient corrects and sends again); nothing if it was used at another time.
    /// </summary>
    Task ReleaseAsync(string tokenHash, DateTimeOffset usedAt, CancellationToken cancellation);

    Task CloseStepAsync(string incidentId, string stepId, DateTimeOffset closedAt, CancellationToken cancellation);

    Task<bool> IsStepClosedAsync(string incidentId, string stepId, CancellationToken cancellation);

    /// <summary>
    /// Records that links of <paramref name="sequence"/> went to the recipient for the step; links of
    /// lower sequences stop working (only the newest email's link works). It only ever rises.
    /// </summary>
    Task RaiseNewestAsync(string incidentId, string stepId, string recipient, int sequence, CancellationToken cancellation);

    /// <summary>The highest sequence sent to the recipient for the step (0 when only the first link went).</summary>
    Task<int> NewestAsync(string incidentId, string stepId, string recipient, CancellationToken cancellation);

    /// <summary>
    /// Keeps who a step's links were sent to (the link without its token), so the business unit can
    /// see and reassign whom a waiting step waits for. Written again for the same step and recipient, it replaces.
    /// </summary>
    Task RecordRecipientAsync(CapabilityLinkRecord link, CancellationToken cancellation);

    /// <summary>Every recipient recorded for the incident's steps (open or not), with whether the step moved away from them.</summary>
    Task<IReadOnlyList<StepRecipient>> RecipientsAsync(string incidentId, CancellationToken cancellation);

    /// <summary>
    /// Marks the step moved away from <paramref name="recipient"/>: every link they hold for it stops
    /// working (their page says the step moved) and their reminders go to whom it moved to.
    /// </summary>
    Task MarkMovedAsync(string incidentId, string stepId, string recipient, StepMove move, CancellationToken cancellation);

    /// <summary>Where the step went from <paramref name="recipient"/>, or null if it did not move.</summary>
    Task<StepMove?> MovedAsync(string incidentId, string stepId, string recipient, CancellationToken cancellation);
}

public sealed record StoredLink(CapabilityLinkRecord Link, string ETag);

/// <summary>What a link opens: one incident, one step, one action, one recipient.</summary>
public sealed record CapabilityLinkRecord(
    string TokenHash,
    LinkKind Kind,
    string IncidentId,
    string Reference,
    string StepId,
    string Action,
    string InstanceId,
    string EventName,
    string Recipient,
    string RecipientDescription,
    string StepTitle,
    string? Subject,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? UsedAt = null,
    int Sequence = 0);

/// <summary>A recipient of a step's links (<paramref name="Link"/> without its token) and, if the step moved away from them, where.</summary>
public sealed record StepRecipient(CapabilityLinkRecord Link, StepMove? Moved);

/// <summary>The business unit moved a step to someone else: to whom, who did it, when and why.</summary>
public sealed record StepMove(string To, string ToName, string By, DateTimeOffset At, string Reason);
