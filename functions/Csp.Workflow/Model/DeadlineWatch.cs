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
    string? LinkStepId = null)
{
    /// <summary>
    /// A review's completion watch: when the due date passes while the review is paused for parallel
    /// proceedings, the people reminded are told (the pause does not move the date) and the business unit is
    /// asked to record the revised timetable for the National Panel. Off for watches started before it existed.
    /// </summary>
    public bool TellWhenPausedPastDue { get; init; }

    /// <summary>The instance id of an incident's watch of one deadline (the first run, for no one subject).</summary>
    public static string IdFor(string incidentId, string kind) => $"{incidentId}:watch:{kind}";

    /// <summary>An email the watch sends as it starts (why the date it watches is new: a moved publication date, say).</summary>
    public Notice? Opening { get; init; }
}
