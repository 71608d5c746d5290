using Csp.Workflow.Application;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Model;

public sealed record WatchResult(string WatchId, int Reminders, int Escalations, bool Stopped);
