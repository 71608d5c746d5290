using Csp.Workflow.Application;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Model;

public sealed record StepRef(string IncidentId, string StepId);
