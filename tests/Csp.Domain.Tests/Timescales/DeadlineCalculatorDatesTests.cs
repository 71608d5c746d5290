using Csp.Domain.Timescales;

namespace Csp.Domain.Tests.Timescales;

/// <summary>
/// The dates the workflow asks the calculator for besides the statutory deadlines themselves: the
/// earliest publication date, the learning review chosen at triage, and the local procedure's
/// reminders, chasers and escalations. Easter 2024: Good Friday 29 March, Easter Monday 1 April.
/// </summary>
public class DeadlineCalculatorDatesTests
{
    private static readonly DeadlineCalculator Calculator = new();
    private static DateOnly D(string iso) => DateOnly.Parse(iso);

    [Fact]
    public void EarliestPublication_NoticeSentBeforeEaster_SevenWorkingDaysSkippingTheBankHolidays()
    {
        // Day 0 Thu 28 Mar; 1 Tue 2 Apr, 2 Wed 3, 3 Thu 4, 4 Fri 5, 5 Mon 8, 6 Tue 9, 7 Wed 10.
        Assert.Equal(D("2024-04-10"), Calculator.EarliestPublication(D("2024-03-28")));
    }

    [Fact]
    public void EarliestPublication_LocalNoticePeriod_FollowsTheConfiguredTimescale()
    {
        var calculator = new DeadlineCalculator(Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales,
            new StatutoryTimescales { PrePublicationNoticeWorkingDays = 10 });

        Assert.Equal(D("2024-04-15"), calculator.EarliestPublication(D("2024-03-28")));
    }

    [Fact]
    public void EarliestPublication_PlannedOnTheEarliestDate_NoticeIsDueTheDayTheReportWent()
    {
        var sent = D("2024-03-28");

        Assert.Equal(sent, Calculator.PrePublicationNotice(Calculator.EarliestPublication(sent)).Due);
    }

    [Fact]
    public void OtherLearningReviewCompletionFromTriage_EndOfAugust_ClampsToTheMonthEndAndNamesTheChairsDecision()
    {
        var deadline = Calculator.OtherLearningReviewCompletionFromTriage(D("2024-08-31"));

        Assert.Equal(DeadlineKinds.OtherLearningReviewCompletion, deadline.Kind);
        Assert.Equal(D("2024-11-30"), deadline.Due);
        Assert.Contains("3 calendar months after the chair decided on a learning review (Saturday 31 August 2024)", deadline.Basis);
    }

    [Fact]
    public void OtherLearningReviewCompletionFromTriage_SameDueDateAsAfterARapidReviewDecision()
    {
        Assert.Equal(Calculator.OtherLearningReviewCompletion(D("2024-05-17")).Due,
            Calculator.OtherLearningReviewCompletionFromTriage(D("2024-05-17")).Due);
    }

    [Fact]
    public void MonitoringCheckpoint_FallsOnChristmasDay_MovesPastBoxingDay()
    {
        Assert.Equal(D("2024-12-27"), Calculator.MonitoringCheckpoint(D("2024-10-25"), 2));
    }

    [Fact]
    public void LocalDue_FiveWorkingDaysFromTheFridayBeforeEaster_TuesdayAfterEasterMonday()
    {
        Assert.Equal(D("2024-04-02"), Calculator.LocalDue(D("2024-03-22"), 5));
    }

    [Fact]
    public void WorkingDaysBefore_TuesdayAfterEaster_OneWorkingDayBackIsMaundyThursday()
    {
        Assert.Equal(D("2024-03-28"), Calculator.WorkingDaysBefore(D("2024-04-02"), 1));
    }

    [Fact]
    public void NextWorkingDay_MaundyThursday_TuesdayAfterEasterMonday()
    {
        Assert.Equal(D("2024-04-02"), Calculator.NextWorkingDay(D("2024-03-28")));
    }

    [Fact]
    public void ReminderDay_DueOnASaturday_CountsBackFromTheFriday()
    {
        Assert.Equal(D("2024-04-03"), Calculator.ReminderDay(D("2024-04-06"), 2));
        Assert.Equal(D("2024-04-05"), Calculator.ReminderDay(D("2024-04-06"), 0));
    }

    [Fact]
    public void WorkingDaysLate_MetAfterEaster_CountsOnlyWorkingDays()
    {
        Assert.Equal(1, Calculator.WorkingDaysLate(D("2024-03-28"), D("2024-04-02")));
        Assert.Equal(0, Calculator.WorkingDaysLate(D("2024-03-28"), D("2024-03-28")));
        Assert.Equal(0, Calculator.WorkingDaysLate(D("2024-03-28"), D("2024-03-25")));
    }

    [Fact]
    public void WorkingDaysTaken_DecisionOnItsDueDate_TookExactlyTheRapidReviewPeriod()
    {
        var notified = D("2024-03-27");
        var due = Calculator.RapidReviewDecision(notified).Due;

        Assert.Equal(15, Calculator.WorkingDaysTaken(notified, due));
    }
}
