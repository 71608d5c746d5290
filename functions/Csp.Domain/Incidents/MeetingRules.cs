using Csp.Domain.Timescales;

namespace Csp.Domain.Incidents;

/// <summary>
/// The dates a Rapid Review meeting must keep, in one place: the meeting orchestration refuses a
/// submission that breaks them, and the incident service answers from the same rules, so a refused
/// change is answered as refused instead of "recorded". Dates are the meeting's UK local date.
/// </summary>
public static class MeetingRules
{
    public const int MinimumMinutes = 15;
    public const int MaximumMinutes = 480;

    /// <summary>The field that says why a meeting after the Rapid Review decision's due date is late.</summary>
    public const string LateReasonField = "lateReason";

    /// <summary>Why a meeting cannot be scheduled (or moved) to this time, as a field error; null when it can.</summary>
    public static FieldError? ScheduleRefusal(DateTimeOffset startsAt, DateOnly meetingDay, int durationMinutes, DateTimeOffset now, DateOnly decisionDue, StatutoryTimescales timescales, string? lateReason = null)
    {
        ArgumentNullException.ThrowIfNull(timescales);
        if (startsAt <= now) return new("startsAt", "The meeting must be in the future");
        // A late Rapid Review must still be possible: after the window, only with the reason it is late.
        if (IsLate(meetingDay, decisionDue) && string.IsNullOrWhiteSpace(lateReason))
            return new(LateReasonField, $"The meeting is after {DateWords.Prose(decisionDue)}, the last day of the {TimescaleWords.WorkingDays(timescales.RapidReviewDecisionWorkingDays)} window for the Rapid Review decision: record why the Rapid Review is late to hold it then");
        if (durationMinutes is < MinimumMinutes or > MaximumMinutes) return new("durationMinutes", $"A meeting lasts between {TimescaleWords.Duration(MinimumMinutes)} and {TimescaleWords.Duration(MaximumMinutes)}");
        return null;
    }

    /// <summary>True when the meeting is after the last day for the Rapid Review decision.</summary>
    public static bool IsLate(DateOnly meetingDay, DateOnly decisionDue) => meetingDay > decisionDue;

    /// <summary>What the business unit is told when a meeting after the decision's due date is accepted with its reason.</summary>
    public static string LateWarning(DateOnly decisionDue) =>
        $"The Rapid Review is late: its decision was due by {DateWords.Prose(decisionDue)}. The reason is recorded and the National Panel is told.";

    /// <summary>A warning (not a refusal) when the meeting leaves less than the set time after the scoping due date to circulate the pack.</summary>
    public static string? PackWarning(DateOnly meetingDay, DateOnly scopingDue, StatutoryTimescales timescales)
    {
        ArgumentNullException.ThrowIfNull(timescales);
        var days = timescales.ScopingPackBeforeMeetingCalendarDays;
        var latestPack = meetingDay.AddDays(-days);
        return latestPack < scopingDue
            ? $"The scoping pack cannot go to the panel {TimescaleWords.CalendarDays(days)} before this meeting: returns are due {DateWords.Prose(scopingDue)}. A meeting on or after {DateWords.Prose(scopingDue.AddDays(days))} leaves time."
            : null;
    }

    /// <summary>Why a meeting cannot be recorded as held on this date; null when it can.</summary>
    public static FieldError? HeldRefusal(DateOnly heldOn, DateOnly today, DateOnly scheduledOn)
    {
        if (heldOn > today) return new("heldOn", "The date held must be today or earlier");
        if (heldOn < scheduledOn) return new("heldOn", $"The meeting was scheduled for {DateWords.Prose(scheduledOn)}: it cannot have been held before then");
        return null;
    }
}
