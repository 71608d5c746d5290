using Csp.Domain.Calendar;
using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Model;
using Csp.Workflow.Tests.Support;

namespace Csp.Workflow.Tests.Orchestrations;

/// <summary>
/// Scoping starts the day the chair accepts the referral for a Rapid Review, alongside the National
/// Panel notification; the decision waits for the notification and its 15 working days run from it.
/// The scenario's local authority became aware on Tuesday 4 March 2025, so the notification is due
/// by the end of Tuesday 11 March.
/// </summary>
public sealed class NotificationAlongsideScopingTests
{
    private static readonly WorkingDayCalendar Days = WorkingDayCalendar.EnglandAndWales;

    [Fact]
    public async Task TriageForRapidReview_SendsScopingRequestsTheSameDay_BeforeAnyNotificationIsRecorded()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);

        var triagedOn = s.Today;
        var view = await s.ViewAsync(id);
        Assert.Equal(IncidentStage.Scoping, view.Stage);
        Assert.Single(await s.MailAsync(id, WorkflowScenario.CscScoping), m => m.Subject.Contains("scoping request", StringComparison.OrdinalIgnoreCase) && s.Now.Date == m.SentAt.Date);
        Assert.Single(await s.MailAsync(id, WorkflowScenario.PoliceScoping), m => m.Subject.Contains("scoping request", StringComparison.OrdinalIgnoreCase));
        Assert.All(view.Scoping, a => Assert.Equal(triagedOn, a.RequestedOn));
        Assert.Contains(await s.MailAsync(id, WorkflowScenario.DesignatedOfficer), m => m.Subject.Contains("Notify the National Panel", StringComparison.Ordinal));
        var notification = view.Deadlines.Single(d => d.Kind == DeadlineKinds.NationalPanelNotification);
        Assert.Equal(DeadlineState.Due, notification.State);
        Assert.Equal(Days.AddWorkingDays(triagedOn, 5), view.Deadlines.Single(d => d.Kind == DeadlineKinds.ScopingReturns).Due);
        // Until the notification is sent its due date stands in, and the decision deadline says so.
        var provisional = view.Deadlines.Single(d => d.Kind == DeadlineKinds.RapidReviewDecision);
        Assert.Equal(Days.AddWorkingDays(new DateOnly(2025, 3, 11), 15), provisional.Due);
        Assert.Contains("no notification recorded yet", provisional.Basis, StringComparison.Ordinal);

        // The dashboard's next deadline is the earliest open one: the notification (11 March) before the returns (12 March).
        var row = (await s.Incidents.ListIncidentsAsync(new IncidentListQuery(), CancellationToken.None)).Incidents.Single(i => i.IncidentId == id);
        Assert.Equal(DeadlineKinds.NationalPanelNotification, row.NextDeadline!.Kind);
    }

    [Fact]
    public async Task RecordRapidReviewDecision_BeforeTheNotification_IsRefusedWithTheReason_ThenRunsFifteenWorkingDaysFromTheDateSent()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.ScheduleMeetingAsync(id, new DateOnly(2025, 3, 14));
        await s.ReturnScopingAsync(id, WorkflowScenario.CscScoping);
        await s.ReturnScopingAsync(id, WorkflowScenario.PoliceScoping);
        await s.AcceptScopingAsync(id, "Exampleshire Children's Services");
        await s.AcceptScopingAsync(id, "Exampleshire Police");
        await s.AdvanceToDateAsync(new DateOnly(2025, 3, 14));
        await s.HoldMeetingAsync(id);

        // The meeting was held; the notification was not recorded (and was escalated after 11 March).
        var waiting = await s.ViewAsync(id);
        Assert.Equal(IncidentStage.RapidReview, waiting.Stage);
        Assert.DoesNotContain(waiting.AvailableActions, a => a.Name == ActionNames.RecordRapidReviewDecision);
        var shown = Assert.Single(waiting.WaitingActions!, a => a.Name == ActionNames.RecordRapidReviewDecision);
        Assert.Contains("National Panel notification", shown.Reason, StringComparison.Ordinal);
        Assert.Contains("National Panel notification recorded", waiting.AwaitingSummary, StringComparison.Ordinal);
        var tasks = waiting.Submissions!.ToDictionary(t => t.Kind);
        Assert.Equal(SubmissionTaskState.ToDo, tasks[SubmissionKinds.NationalPanelNotification].State);
        Assert.Equal(ActionNames.RecordNationalPanelNotification, tasks[SubmissionKinds.NationalPanelNotification].Action);
        Assert.Equal(SubmissionTaskState.Waiting, tasks[SubmissionKinds.RapidReviewReport].State);
        Assert.StartsWith("Waiting for the National Panel notification", tasks[SubmissionKinds.RapidReviewReport].WaitingFor, StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<ActionNotAvailableException>(() => s.ActAsync(id, ActionNames.RecordRapidReviewDecision, new
        {
            criterionMultiAgencyWorkingConcerns = true, csprMostAppropriate = false, outcome = "NoFurtherReview", rationale = "Too early.", decidedOn = "2025-03-14",
        }));
        Assert.Contains("cannot be recorded before the National Panel notification is recorded", refused.Reason, StringComparison.Ordinal);
        Assert.Contains(await s.MailAsync(id, WorkflowScenario.BusinessManagerEmail), m => m.Subject.Contains("Overdue: National Panel notification", StringComparison.Ordinal));
        Assert.Equal(DeadlineState.Overdue, waiting.Deadlines.Single(d => d.Kind == DeadlineKinds.NationalPanelNotification).State);

        // Recorded late, sent on Thursday 13 March: the decision is due 15 working days after that.
        await s.NotifyPanelAsync(id, new DateOnly(2025, 3, 13));
        var notified = await s.ViewAsync(id);
        var decision = notified.Deadlines.Single(d => d.Kind == DeadlineKinds.RapidReviewDecision);
        Assert.Equal(Days.AddWorkingDays(new DateOnly(2025, 3, 13), 15), decision.Due);
        Assert.Equal(new DateOnly(2025, 4, 3), decision.Due);
        Assert.Contains("the National Panel was notified (Thursday 13 March 2025)", decision.Basis, StringComparison.Ordinal);
        var met = notified.Deadlines.Single(d => d.Kind == DeadlineKinds.NationalPanelNotification);
        Assert.Equal((DeadlineState.MetLate, (DateOnly?)new DateOnly(2025, 3, 13)), (met.State, met.MetOn));
        Assert.Contains(ActionNames.RecordRapidReviewDecision, notified.AvailableActions.Select(a => a.Name));
        Assert.Empty(notified.WaitingActions!);
        var row = (await s.Incidents.ListIncidentsAsync(new IncidentListQuery(), CancellationToken.None)).Incidents.Single(i => i.IncidentId == id);
        // The meeting's minutes (two weeks after it was held, on 14 March) fall due before the decision: the dashboard shows them first.
        Assert.Equal((DeadlineKinds.RapidReviewMinutes, new DateOnly(2025, 3, 28)), (row.NextDeadline!.Kind, row.NextDeadline.Due));

        // The notification's escalations stop once recorded; the decision's watch counts from the date sent.
        var escalationsBefore = (await s.MailAsync(id, WorkflowScenario.BusinessManagerEmail)).Count(m => m.Subject.Contains("Overdue: National Panel notification", StringComparison.Ordinal));
        await s.AdvanceToDateAsync(new DateOnly(2025, 4, 2));
        Assert.Equal(escalationsBefore, (await s.MailAsync(id, WorkflowScenario.BusinessManagerEmail)).Count(m => m.Subject.Contains("Overdue: National Panel notification", StringComparison.Ordinal)));
        var reminder = Assert.Single(await s.MailAsync(id, WorkflowScenario.PanelChairEmail), m => m.Subject.Contains("Reminder: Rapid Review decision", StringComparison.Ordinal)
            && m.TextBody.Contains("Thursday 3 April 2025", StringComparison.Ordinal) && !m.TextBody.Contains("working days left", StringComparison.Ordinal));
        Assert.NotNull(reminder);
    }

    [Fact]
    public async Task Meeting_BookedOnTheProvisionalDeadline_IsFlaggedWhenAnEarlierNotificationBringsTheDecisionForward()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        // Provisionally due 1 April (15 working days after the notification's due date, 11 March): 31 March is accepted.
        await s.ScheduleMeetingAsync(id, new DateOnly(2025, 3, 31));
        Assert.Contains((await s.ViewAsync(id)).Timeline, t => t.What.StartsWith("Rapid Review meeting scheduled for Monday 31 March 2025", StringComparison.Ordinal));

        // Notified on 5 March: the decision is due by 26 March, before the meeting.
        await s.NotifyPanelAsync(id, new DateOnly(2025, 3, 5));
        var view = await s.ViewAsync(id);
        Assert.Equal(new DateOnly(2025, 3, 26), view.Deadlines.Single(d => d.Kind == DeadlineKinds.RapidReviewDecision).Due);
        Assert.Contains(view.Timeline, t => t.Kind == AuditKinds.Escalation && t.What.StartsWith("The Rapid Review meeting is booked after the decision's due date", StringComparison.Ordinal));
        var ask = Assert.Single(await s.MailAsync(id, "business.unit@exampleshire.example"), m => m.Subject.Contains("Reschedule the Rapid Review meeting", StringComparison.Ordinal));
        Assert.Contains("due by the end of Wednesday 26 March 2025", ask.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("2025-03-26", ask.TextBody, StringComparison.Ordinal);

        // Rescheduling past the real deadline is now refused with it.
        var refused = await Assert.ThrowsAsync<ActionValidationException>(() => s.ActAsync(id, ActionNames.RescheduleMeeting,
            new { startsAt = "2025-03-28T10:00", durationMinutes = 90, location = "Online", reason = "Chair away." }));
        Assert.Contains("26", refused.Refusal, StringComparison.Ordinal);
        await s.ActAsync(id, ActionNames.RescheduleMeeting, new { startsAt = "2025-03-25T10:00", durationMinutes = 90, location = "Online", reason = "Before the decision is due." });
        Assert.Contains((await s.ViewAsync(id)).Timeline, t => t.What.StartsWith("Rapid Review meeting moved to Tuesday 25 March 2025", StringComparison.Ordinal));
    }
}
