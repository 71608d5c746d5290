using System.Globalization;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;

namespace Csp.Domain.Timescales;

/// <summary>
/// What a review's completion date says while the review is (or was) paused for parallel proceedings.
/// The statutory position: the date counts from the decision and does not move with a pause; where the
/// review cannot be completed by it, the National Panel is told of a revised timetable.
/// </summary>
public static class PausedReviewDeadline
{
    /// <summary>
    /// The sentence to add to the completion date's basis; null when the review has never been paused.
    /// <paramref name="revisedExpectedBy"/> is the date of the revised timetable sent to the National Panel, if any.
    /// </summary>
    public static string? Note(IReadOnlyList<ParallelProceedingsPause> pauses, DateOnly due, DateOnly today, DateOnly? revisedExpectedBy = null)
    {
        ArgumentNullException.ThrowIfNull(pauses);
        if (pauses.Count == 0) return null;
        var days = pauses.Sum(p => Math.Max(0, (p.Until ?? today).DayNumber - p.From.DayNumber));
        var paused = TimescaleWords.CalendarDays(days);
        var active = pauses.LastOrDefault(p => p.Until is null);
        var position = active is null
            ? $" The review was paused for parallel proceedings for {paused} in all; the pauses did not move this date."
            : $" Paused for {Words(active.Proceedings)} proceedings since {DateWords.Prose(active.From)} ({paused} paused in all): the pause does not move this date.";
        var panel = revisedExpectedBy is { } revised
            ? $" The National Panel has been sent a revised timetable: the review now expects to be completed by {DateWords.Prose(revised)}."
            : active is not null && today > due
            ? " The date has passed while paused: the National Panel is to be sent a revised timetable."
            : " If the review cannot be completed by it, the National Panel is told of a revised timetable.";
        return position + panel;
    }

    private static string Words(ParallelProceedingType proceedings) => proceedings switch
    {
        ParallelProceedingType.Criminal => "criminal",
        ParallelProceedingType.Coroner => "coroner's",
        ParallelProceedingType.FamilyCourt => "family court",
        _ => "other",
    };
}
