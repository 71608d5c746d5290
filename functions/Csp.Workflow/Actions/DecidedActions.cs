namespace Csp.Workflow.Actions;

/// <summary>
/// The actions the process can refuse. The orchestration decides each once and records the
/// outcome under the submission's id; the link or API that raised it waits for that outcome and
/// answers from it. Other actions (a reply, a scoping return) are taken as sent.
/// </summary>
public static class DecidedActions
{
    private static readonly HashSet<string> Others = new(StringComparer.OrdinalIgnoreCase)
    {
        ActionNames.ScheduleMeeting,
        ActionNames.RescheduleMeeting,
        ActionNames.RecordMeetingHeld,
        ActionNames.InviteToMeeting,
        ActionNames.AddScopingAgency,
        ActionNames.RecordRevisedTimetable,
    };

    public static bool Contains(string action) => CaseTransitions.Handles(action) || Others.Contains(action);
}
