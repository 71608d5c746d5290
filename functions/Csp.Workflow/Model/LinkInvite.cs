using Csp.Workflow.Application;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Model;

/// <summary>A capability link to create for one recipient and email to them with <paramref name="Email"/>.</summary>
public sealed record LinkInvite(
    LinkKind Kind,
    string Action,
    EmailAddress Recipient,
    string RecipientDescription,
    Notice Email,
    DateTimeOffset ExpiresAt);
