using Csp.Workflow.Application;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Model;

/// <summary>
/// The Rapid Review decision's due date, now counted from the National Panel notification sent on
/// <paramref name="NotifiedOn"/> (before it, the notification's due date stood in), for the meeting.
/// </summary>
public sealed record DecisionDueSet(DateOnly Due, DateOnly NotifiedOn);
