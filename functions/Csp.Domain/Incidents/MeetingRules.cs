using Csp.Domain.Calendar;
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

    /// <summary>The earliest a Rapid Review meeting starts, UK time.</summary>
    public static readonly TimeOnly EarliestStart = new(8, 0);

    /// <summary>The latest a Rapid Review meeting ends, UK time.</summary>
    public static readonly TimeOnly LatestEnd = new(18, 0);

    /// <summary>The field that confirms a meeting is meant to be outside the working day.</summary>
    public const string OutsideWorkingDayField = "outsideWorkingDay";

    /// <summary>
    /// Why the meeting's time is refused unless it is confirmed as meant (<paramref name="confirmed"/>): not on a
    /// working day (a weekend or a bank holiday, named) or outside the working day (<see cref="EarliestStart"/>
    /// to <see cref="LatestEnd"/>, UK time). An urgent Rapid Review may meet then, but never by a slip of the date.
    /// </summary>
    public static FieldError? WorkingDayRefusal(DateOnly meetingDay, TimeOnly localStart, TimeOnly localEnd, bool endsSameDay, WorkingDayCalendar days, bool confirmed = false)
    {
        ArgumentNullException.ThrowIfNull(days);
        if (confirmed) return null;
        const string Otherwise = ": choose another time, or confirm the meeting is meant to be outside the working day";
        if (!days.IsWorkingDay(meetingDay))
        {
            var what = days.BankHolidaysIn(meetingDay.Year).FirstOrDefault(h => h.Date == meetingDay)?.Name is { } holiday
                ? $"is {holiday}, a bank holiday"
                : "is at the weekend";
            return new("startsAt", $"{DateWords.Prose(meetingDay)} {what}" + Otherwise);
        }
        if (localStart < EarliestStart || !endsSameDay || localEnd > LatestEnd)
            return new("startsAt", $"The meeting is outside the working day ({DateWords.Time(EarliestStart)} to {DateWords.Time(LatestEnd)}, UK time)" + Otherwise);
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
