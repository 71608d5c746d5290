using Csp.Workflow.Application;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Model;

/// <summary>A reminder at a fixed instant (UTC) with a note for the email.</summary>
public sealed record WatchReminder(DateTime At, string Note);
