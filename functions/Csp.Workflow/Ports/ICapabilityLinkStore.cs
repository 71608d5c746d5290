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

    Task CloseStepAsync(string incidentId, string stepId, DateTimeOffset closedAt, CancellationToken cancellation);

    Task<bool> IsStepClosedAsync(string incidentId, string stepId, CancellationToken cancellation);

    /// <summary>
    /// Records that links of <paramref name="sequence"/> went to the recipient for the step; links of
    /// lower sequences stop working (only the newest email's link works). It only ever rises.
    /// </summary>
    Task RaiseNewestAsync(string incidentId, string stepId, string recipient, int sequence, CancellationToken cancellation);

    /// <summary>The highest sequence sent to the recipient for the step (0 when only the first link went).</summary>
    Task<int> NewestAsync(string incidentId, string stepId, string recipient, CancellationToken cancellation);
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
