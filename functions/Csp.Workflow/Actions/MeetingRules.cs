using Csp.Domain;
using Csp.Domain.Timescales;
using Csp.Workflow.Configuration;

namespace Csp.Workflow.Actions;

/// <summary>
/// The dates a Rapid Review meeting must keep, in one place: the meeting orchestration refuses a
/// submission that breaks them, and the incident service checks the same before acting, so a
/// refused change is answered as refused instead of "recorded".
/// </summary>
public static class MeetingRules
{
    public const int MinimumMinutes = 15;
    public const int MaximumMinutes = 480;

    /// <summary>Why a meeting cannot be scheduled (or moved) to this time, as a field error; null when it can.</summary>
    public static FieldError? ScheduleRefusal(DateTimeOffset startsAt, int durationMinutes, DateTimeOffset now, DateOnly decisionDue, WorkflowCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (startsAt <= now) return new("startsAt", "The meeting must be in the future");
        if (calendar.LocalDate(startsAt) > decisionDue)
            return new("startsAt", $"The meeting must be on or before {CaseTransitions.Iso(decisionDue)}, inside the {calendar.Timescales.RapidReviewDecisionWorkingDays}-working-day window for the Rapid Review decision");
        if (durationMinutes is < MinimumMinutes or > MaximumMinutes) return new("durationMinutes", $"A meeting lasts between {TimescaleWords.Duration(MinimumMinutes)} and {TimescaleWords.Duration(MaximumMinutes)}");
        return null;
    }

    /// <summary>A warning (not a refusal) when the meeting leaves less than the set time after the scoping due date to circulate the pack.</summary>
    public static string? PackWarning(DateTimeOffset startsAt, DateOnly scopingDue, WorkflowCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var days = calendar.Timescales.ScopingPackBeforeMeetingCalendarDays;
        var latestPack = calendar.LocalDate(startsAt).AddDays(-days);
        return latestPack < scopingDue
            ? $"The scoping pack cannot go to the panel {days} days before this meeting: returns are due {CaseTransitions.Iso(scopingDue)}. A meeting on or after {CaseTransitions.Iso(scopingDue.AddDays(days))} leaves time."
            : null;
    }

    /// <summary>Why a meeting cannot be recorded as held on this date; null when it can.</summary>
    public static FieldError? HeldRefusal(DateOnly heldOn, DateOnly today, DateOnly scheduledOn)
    {
        if (heldOn > today) return new("heldOn", "The date held must be today or earlier");
        if (heldOn < scheduledOn) return new("heldOn", $"The meeting was scheduled for {CaseTransitions.Iso(scheduledOn)}: it cannot have been held before then");
        return null;
    }
}
