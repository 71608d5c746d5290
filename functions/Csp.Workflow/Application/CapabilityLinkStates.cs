using Csp.Workflow.Activities;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Application;

/// <summary>
/// What a link token can do now, in one place for every use of a link (its page, its form, its
/// one-time code): unknown, used, expired, its step finished, a newer link sent, the step moved to someone else, or valid.
/// </summary>
public static class CapabilityLinkStates
{
    public static async Task<(StoredLink? Link, LinkState State)> ResolveAsync(ICapabilityLinkStore links, string token, DateTimeOffset now, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(links);
        if (!CapabilityTokens.LooksValid(token)) return (null, LinkState.NotFound);
        var stored = await links.FindAsync(CapabilityTokens.Hash(token), cancellation);
        if (stored is null) return (null, LinkState.NotFound);
        var link = stored.Link;
        if (link.UsedAt is not null) return (stored, LinkState.Used);
        if (link.ExpiresAt <= now) return (stored, LinkState.Expired);
        if (await links.IsStepClosedAsync(link.IncidentId, link.StepId, cancellation)) return (stored, LinkState.StepClosed);
        if (link.Sequence < await links.NewestAsync(link.IncidentId, link.StepId, link.Recipient, cancellation))
            return (stored, await links.MovedAsync(link.IncidentId, link.StepId, link.Recipient, cancellation) is null ? LinkState.Superseded : LinkState.Moved);
        return (stored, LinkState.Valid);
    }
}
