using Csp.Workflow.Application;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Model;

public sealed record OpenStepRequest(AwaitedStep Step, IReadOnlyList<LinkInvite> Links);
