using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Domain.Tests.Timescales;

public class PausedReviewDeadlineTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso);

    [Fact]
    public void NeverPaused_NothingToSay() => Assert.Null(PausedReviewDeadline.Note([], D("2027-06-14"), D("2027-01-01")));

    [Fact]
    public void PausedNow_SaysTheDateDoesNotMoveAndThePanelIsToldOfARevisedTimetable()
    {
        var note = PausedReviewDeadline.Note([new ParallelProceedingsPause(ParallelProceedingType.Criminal, "Trial pending.", D("2027-02-11"), null)],
            D("2027-06-14"), D("2027-06-14"));

        Assert.Equal(" Paused for criminal proceedings since Thursday 11 February 2027 (123 days paused in all): the pause does not move this date."
            + " If the review cannot be completed by it, the National Panel is told of a revised timetable.", note);
    }

    [Fact]
    public void PausedPastTheDate_SaysTheRevisedTimetableIsDue()
    {
        var note = PausedReviewDeadline.Note([new ParallelProceedingsPause(ParallelProceedingType.Coroner, "Inquest.", D("2027-02-11"), null)],
            D("2027-06-14"), D("2027-06-15"));

        Assert.EndsWith("The date has passed while paused: the National Panel is to be sent a revised timetable.", note);
    }

    [Fact]
    public void Resumed_CountsEveryPause()
    {
        var note = PausedReviewDeadline.Note(
        [
            new ParallelProceedingsPause(ParallelProceedingType.Criminal, "Trial.", D("2027-01-01"), D("2027-01-11")),
            new ParallelProceedingsPause(ParallelProceedingType.Coroner, "Inquest.", D("2027-02-01"), D("2027-02-06")),
        ], D("2027-06-14"), D("2027-03-01"));

        Assert.StartsWith(" The review was paused for parallel proceedings for 15 days in all; the pauses did not move this date.", note);
    }
}
