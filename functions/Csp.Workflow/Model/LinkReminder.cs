using Csp.Workflow.Application;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Model;

/// <summary>
/// A reminder or chase that carries a new link to a step still open: <paramref name="Sequence"/>
/// rises with each one, so only the newest email's link works.
/// </summary>
public sealed record LinkReminder(string StepId, int Sequence, LinkInvite Invite);
