using Csp.Domain.Calendar;
using Csp.Domain.Incidents;
using Csp.Domain.Timescales;

namespace Csp.Domain.Tests.Timescales;

public class DeadlineCalculatorTests
{
    private static readonly DeadlineCalculator Calculator = new();
    private static DateOnly D(string iso) => DateOnly.Parse(iso);

    private static StatutoryDeadline Single(IReadOnlyList<StatutoryDeadline> deadlines, string kind) =>
        Assert.Single(deadlines, d => d.Kind == kind);

    [Fact]
    public void Calculate_AwareOnFridayBeforeEaster2024_NotificationDueTuesdayAfterEasterMonday()
    {
        // Day 1 Mon 25, 2 Tue 26, 3 Wed 27, 4 Thu 28, (Good Friday, weekend, Easter Monday), 5 Tue 2 Apr.
        var deadlines = Calculator.Calculate(new IncidentKeyDates(D("2024-03-22")));

        var notification = Single(deadlines, DeadlineKinds.NationalPanelNotification);
        Assert.Equal(D("2024-04-02"), notification.Due);
        Assert.Equal(D("2024-03-22"), notification.TriggerDate);
        Assert.Equal((5, DeadlineUnits.WorkingDays), (notification.Amount, notification.Unit));
        Assert.False(notification.Provisional);
        Assert.Equal(
            "Due Tuesday 2 April 2024: 5 working days after the local authority became aware of the incident (Friday 22 March 2024). " +
            "Day 0 is the trigger day; working days exclude weekends and England and Wales bank holidays.",
            notification.Basis);
        Assert.Equal(D("2024-04-02"), Single(deadlines, DeadlineKinds.PartnersInformed).Due);
    }

    [Fact]
    public void Calculate_NotYetNotified_RapidReviewRunsFromNotificationDueDateAndSaysSo()
    {
        var deadlines = Calculator.Calculate(new IncidentKeyDates(D("2024-03-22")));

        var rapidReview = Single(deadlines, DeadlineKinds.RapidReviewDecision);
        Assert.Equal(D("2024-04-23"), rapidReview.Due); // 15 working days after Tue 2 Apr
        Assert.Equal(D("2024-04-02"), rapidReview.TriggerDate);
        Assert.True(rapidReview.Provisional);
        Assert.Contains("notification due date", rapidReview.Basis);
        Assert.Contains("no notification recorded yet", rapidReview.Basis);
        Assert.Contains("Provisional", rapidReview.Basis);
    }

    [Fact]
    public void Calculate_Notified_RapidReviewRunsFromTheActualNotification()
    {
        var deadlines = Calculator.Calculate(new IncidentKeyDates(D("2024-03-22")) { NationalPanelNotified = D("2024-03-27") });

        var rapidReview = Single(deadlines, DeadlineKinds.RapidReviewDecision);
        // 1 Thu 28 Mar, 2 Tue 2 Apr, ... 15 Fri 19 Apr.
        Assert.Equal(D("2024-04-19"), rapidReview.Due);
        Assert.Equal(D("2024-03-27"), rapidReview.TriggerDate);
        Assert.False(rapidReview.Provisional);
        Assert.Contains("the National Panel was notified", rapidReview.Basis);
    }

    [Fact]
    public void Calculate_ScopingRequestedBeforeChristmas2022_ReturnsDueAfterSubstituteNewYear()
    {
        // Thu 22 Dec; 1 Fri 23, (26, 27 holidays), 2 Wed 28, 3 Thu 29, 4 Fri 30, (Mon 2 Jan substitute), 5 Tue 3 Jan.
        var deadlines = Calculator.Calculate(new IncidentKeyDates(D("2022-12-20")) { ScopingRequested = D("2022-12-22") });

        Assert.Equal(D("2023-01-03"), Single(deadlines, DeadlineKinds.ScopingReturns).Due);
    }

    [Fact]
    public void Calculate_RapidReviewMeetingKnown_ScopingPackDueAWeekBefore()
    {
        var deadlines = Calculator.Calculate(new IncidentKeyDates(D("2024-03-22")) { RapidReviewMeeting = D("2024-04-17") });

        var pack = Single(deadlines, DeadlineKinds.ScopingPackCirculation);
        Assert.Equal(D("2024-04-10"), pack.Due);
        Assert.Equal((-7, DeadlineUnits.CalendarDays), (pack.Amount, pack.Unit));
        Assert.Contains("7 calendar days before the Rapid Review meeting", pack.Basis);
    }

    [Fact]
    public void Calculate_RapidReviewMeetingHeld_MinutesDueTwoWeeksAfter()
    {
        var deadlines = Calculator.Calculate(new IncidentKeyDates(D("2024-03-22")) { RapidReviewMeeting = D("2024-04-17") });

        var minutes = Single(deadlines, DeadlineKinds.RapidReviewMinutes);
        Assert.Equal(D("2024-05-01"), minutes.Due);
        Assert.Equal((14, DeadlineUnits.CalendarDays), (minutes.Amount, minutes.Unit));
        Assert.Equal("Due Wednesday 1 May 2024: 14 calendar days after the Rapid Review meeting was held (Wednesday 17 April 2024).", minutes.Basis);
    }

    [Fact]
    public void RapidReviewMinutes_PartnershipTimescale_IsUsed()
    {
        var calculator = new DeadlineCalculator(WorkingDayCalendar.EnglandAndWales, new StatutoryTimescales { RapidReviewMinutesCalendarDays = 10 });

        Assert.Equal(D("2024-04-27"), calculator.RapidReviewMinutes(D("2024-04-17")).Due);
        Assert.Contains("10 days after the meeting", calculator.RapidReviewMinutes(D("2024-04-17")).Rule);
    }

    [Theory]
    [InlineData("2024-08-31", "2025-02-28", "2024-11-30")]
    [InlineData("2023-08-31", "2024-02-29", "2023-11-30")]
    [InlineData("2024-05-15", "2024-11-15", "2024-08-15")]
    public void Calculate_DecisionWithoutOutcome_BothReviewCompletionDatesWithMonthEndClamping(string decision, string localCspr, string otherReview)
    {
        var deadlines = Calculator.Calculate(new IncidentKeyDates(D(decision).AddDays(-20)) { Decision = D(decision) });

        Assert.Equal(D(localCspr), Single(deadlines, DeadlineKinds.LocalCsprCompletion).Due);
        Assert.Equal(D(otherReview), Single(deadlines, DeadlineKinds.OtherLearningReviewCompletion).Due);
        Assert.Contains("6 calendar months after the Rapid Review decision", Single(deadlines, DeadlineKinds.LocalCsprCompletion).Basis);
    }

    [Theory]
    [InlineData(RapidReviewOutcome.LocalCspr, new[] { DeadlineKinds.LocalCsprCompletion })]
    [InlineData(RapidReviewOutcome.OtherLearningReview, new[] { DeadlineKinds.OtherLearningReviewCompletion })]
    [InlineData(RapidReviewOutcome.NoFurtherReview, new string[0])]
    [InlineData(RapidReviewOutcome.RecommendNationalReview, new string[0])]
    public void Calculate_DecisionOutcomeKnown_OnlyThatReviewsCompletionDate(RapidReviewOutcome outcome, string[] expectedKinds)
    {
        var deadlines = Calculator.Calculate(new IncidentKeyDates(D("2024-03-22")) { Decision = D("2024-04-15"), DecisionOutcome = outcome });

        var reviewKinds = deadlines.Select(d => d.Kind)
            .Where(k => k is DeadlineKinds.LocalCsprCompletion or DeadlineKinds.OtherLearningReviewCompletion);
        Assert.Equal(expectedKinds, reviewKinds);
    }

    [Fact]
    public void Calculate_PlannedPublication_NoticeAtLeastSevenWorkingDaysBefore()
    {
        var deadlines = Calculator.Calculate(new IncidentKeyDates(D("2024-01-02")) { PlannedPublication = D("2024-06-19") });

        var notice = Single(deadlines, DeadlineKinds.PrePublicationNotice);
        Assert.Equal(D("2024-06-10"), notice.Due);
        Assert.Equal((-7, DeadlineUnits.WorkingDays), (notice.Amount, notice.Unit));
        Assert.Contains("7 working days before the planned publication date (Wednesday 19 June 2024)", notice.Basis);
        var availability = Single(deadlines, DeadlineKinds.PublicationAvailableUntil);
        Assert.Equal(D("2025-06-19"), availability.Due);
        Assert.True(availability.Provisional);
    }

    [Fact]
    public void Calculate_PublicationAfterEaster_NoticeSkipsTheBankHolidays()
    {
        // Publication Thu 4 Apr 2024: 1 Wed 3, 2 Tue 2, (Easter Monday, weekend, Good Friday), 3 Thu 28, 4 Wed 27, 5 Tue 26, 6 Mon 25, 7 Fri 22 Mar.
        var deadlines = Calculator.Calculate(new IncidentKeyDates(D("2023-06-01")) { PlannedPublication = D("2024-04-04") });

        Assert.Equal(D("2024-03-22"), Single(deadlines, DeadlineKinds.PrePublicationNotice).Due);
    }

    [Fact]
    public void Calculate_Published_AvailabilityRunsFromActualPublication()
    {
        var deadlines = Calculator.Calculate(new IncidentKeyDates(D("2023-06-01")) { PlannedPublication = D("2024-02-20"), Published = D("2024-02-29") });

        var availability = Single(deadlines, DeadlineKinds.PublicationAvailableUntil);
        Assert.Equal(D("2025-02-28"), availability.Due);
        Assert.False(availability.Provisional);
    }

    [Fact]
    public void Calculate_DraftSharedWithGovernance_ResponsesDueFourteenDaysLater()
    {
        var deadlines = Calculator.Calculate(new IncidentKeyDates(D("2023-06-01")) { DraftSharedWithGovernance = D("2023-12-20") });

        var governance = Single(deadlines, DeadlineKinds.GovernanceResponse);
        Assert.Equal(D("2024-01-03"), governance.Due);
        Assert.Equal((14, DeadlineUnits.CalendarDays), (governance.Amount, governance.Unit));
    }

    [Theory]
    [InlineData(1, "2025-02-28")]
    [InlineData(2, "2025-05-30")] // counted from the agreement, so no drift to the 28th
    [InlineData(4, "2025-11-30")]
    public void ActionPlanReport_NthReport_CountedFromAgreementDate(int report, string expected)
    {
        Assert.Equal(D(expected), Calculator.ActionPlanReport(D("2024-11-30"), report).Due);
    }

    [Fact]
    public void Calculate_AllKeyDates_EveryKindInProcessOrder()
    {
        var dates = new IncidentKeyDates(D("2024-03-22"))
        {
            NationalPanelNotified = D("2024-03-26"),
            ScopingRequested = D("2024-03-27"),
            RapidReviewMeeting = D("2024-04-12"),
            Decision = D("2024-04-15"),
            DraftSharedWithGovernance = D("2024-09-02"),
            PlannedPublication = D("2024-11-20"),
            Published = D("2024-11-20"),
            ActionPlanAgreed = D("2024-12-02"),
        };

        var kinds = Calculator.Calculate(dates).Select(d => d.Kind);

        Assert.Equal(
        [
            DeadlineKinds.NationalPanelNotification, DeadlineKinds.PartnersInformed, DeadlineKinds.ScopingReturns,
            DeadlineKinds.ScopingPackCirculation, DeadlineKinds.RapidReviewDecision, DeadlineKinds.RapidReviewMinutes, DeadlineKinds.LocalCsprCompletion,
            DeadlineKinds.OtherLearningReviewCompletion, DeadlineKinds.GovernanceResponse, DeadlineKinds.PrePublicationNotice,
            DeadlineKinds.PublicationAvailableUntil, DeadlineKinds.ActionPlanReport,
        ], kinds);
    }

    [Fact]
    public void Calculate_PartnershipTimescalesAndCalendar_AreUsed()
    {
        var calendar = new WorkingDayCalendar([new BankHolidayChange(null, D("2024-03-25"), "Local test holiday")]);
        var timescales = new StatutoryTimescales { NationalPanelNotificationWorkingDays = 3, RapidReviewDecisionWorkingDays = 10, LocalCsprCompletionMonths = 9 };
        var calculator = new DeadlineCalculator(calendar, timescales);

        var deadlines = calculator.Calculate(new IncidentKeyDates(D("2024-03-22")) { Decision = D("2024-04-30") });

        // 1 Tue 26 (Mon 25 is the local holiday), 2 Wed 27, 3 Thu 28.
        var notification = Single(deadlines, DeadlineKinds.NationalPanelNotification);
        Assert.Equal(D("2024-03-28"), notification.Due);
        Assert.Contains("within 3 working days", notification.Rule);
        Assert.Contains("1 local change", notification.Calendar);
        // 10 working days after Thu 28 Mar: 2,3,4,5,8,9,10,11,12,15 Apr.
        Assert.Equal(D("2024-04-15"), Single(deadlines, DeadlineKinds.RapidReviewDecision).Due);
        Assert.Equal(D("2025-01-30"), Single(deadlines, DeadlineKinds.LocalCsprCompletion).Due);
    }

    [Fact]
    public void Constructor_UnusableTimescales_ThrowsDomainException()
    {
        var ex = Assert.Throws<DomainException>(() =>
            new DeadlineCalculator(WorkingDayCalendar.EnglandAndWales, new StatutoryTimescales { RapidReviewDecisionWorkingDays = 0 }));

        Assert.Contains("RapidReviewDecisionWorkingDays", ex.Message);
    }

    [Theory]
    [InlineData("2024-03-21", null, null, "National Panel notification date")]
    [InlineData(null, "2024-03-20", null, "Rapid Review decision date")]
    [InlineData("2024-03-28", "2024-03-26", null, "cannot be before the National Panel notification")]
    [InlineData(null, "2024-04-15", "2024-04-01", "planned publication date")]
    public void Calculate_ContradictoryDates_ThrowsDomainException(string? notified, string? decision, string? publication, string message)
    {
        var dates = new IncidentKeyDates(D("2024-03-22"))
        {
            NationalPanelNotified = notified is null ? null : D(notified),
            Decision = decision is null ? null : D(decision),
            PlannedPublication = publication is null ? null : D(publication),
        };

        var ex = Assert.Throws<DomainException>(() => Calculator.Calculate(dates));

        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Calculate_OutcomeWithoutDecisionDate_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => Calculator.Calculate(new IncidentKeyDates(D("2024-03-22")) { DecisionOutcome = RapidReviewOutcome.LocalCspr }));
    }

    [Fact]
    public void Calculate_EveryDeadline_RecordsTheCalendarUsed()
    {
        var deadlines = Calculator.Calculate(new IncidentKeyDates(D("2024-03-22")) { Decision = D("2024-04-15"), PlannedPublication = D("2024-10-01") });

        Assert.All(deadlines, d => Assert.Equal("England and Wales bank holidays", d.Calendar));
    }
}
