using Csp.Workflow.Application;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Model;

/// <summary>
/// A durable deadline watch: reminders before the due date and repeated escalation after it,
/// until the workflow stops it (the duty was done). Paused watches send nothing.
/// </summary>
public sealed record DeadlineWatch(
    string WatchId,
    string IncidentId,
    string Reference,
    string Kind,
    string? Subject,
    string Label,
    DateOnly Due,
    IReadOnlyList<WatchReminder> Reminders,
    IReadOnlyList<EmailAddress> RemindTo,
    DateTime FirstEscalationAt,
    int EscalationRepeatWorkingDays,
    int MaxEscalations,
    IReadOnlyList<EmailAddress> EscalateTo,
    string? Action = null,
    string? LinkStepId = null);
