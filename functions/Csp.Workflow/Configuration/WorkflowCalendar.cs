using Csp.Domain.Calendar;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Configuration;

/// <summary>
/// Dates and times as the process counts them: UK local dates, the partnership's working-day
/// calendar and the time of day timers fire. Pure: orchestrations call it with
/// <c>CurrentUtcDateTime</c>, so replay gives the same answers.
/// </summary>
public sealed class WorkflowCalendar
{
    public WorkflowCalendar(WorkingDayCalendar calendar, StatutoryTimescales timescales, ReminderOptions reminders)
    {
        Days = calendar;
        Timescales = timescales;
        Reminders = reminders;
        Zone = UkTime.FindZone(reminders.TimeZone);
        Deadlines = new DeadlineCalculator(calendar, timescales);
        FireTime = reminders.LocalTimeOfDay;
    }

    public WorkingDayCalendar Days { get; }
    public StatutoryTimescales Timescales { get; }
    public ReminderOptions Reminders { get; }
    public DeadlineCalculator Deadlines { get; }
    public TimeZoneInfo Zone { get; }
    public TimeOnly FireTime { get; }

    /// <summary>The local (UK) date of an instant.</summary>
    public DateOnly LocalDate(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone));

    public DateOnly LocalDate(DateTimeOffset instant) => LocalDate(instant.UtcDateTime);

    /// <summary>The instant (UTC) at which a timer for <paramref name="date"/> fires: the configured local time of day.</summary>
    public DateTime FireAt(DateOnly date) => AtLocal(date, FireTime);

    public DateTime AtLocal(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local)) local = local.AddHours(1); // The spring-forward gap.
        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }

    /// <summary>The first working day strictly after <paramref name="date"/>: escalations for a missed due date start then.</summary>
    public DateOnly NextWorkingDay(DateOnly date) => Deadlines.NextWorkingDay(date);

    /// <summary>The working day on or before <paramref name="date"/> minus <paramref name="days"/> working days: when a reminder goes.</summary>
    public DateOnly ReminderDay(DateOnly due, int workingDaysBefore) =>
        Deadlines.ReminderDay(due, workingDaysBefore);
}
