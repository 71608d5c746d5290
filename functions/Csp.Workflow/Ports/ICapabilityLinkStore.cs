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
    DateTimeOffset? UsedAt = null);
