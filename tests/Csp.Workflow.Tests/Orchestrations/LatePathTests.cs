using Csp.Domain.Calendar;
using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Tests.Support;

namespace Csp.Workflow.Tests.Orchestrations;

/// <summary>Every late path: reminders before the due date, escalation after it (repeated), and the deadline recorded as met late.</summary>
public sealed class LatePathTests
{
    private static readonly WorkingDayCalendar Days = WorkingDayCalendar.EnglandAndWales;

    private static async Task<int> CountAsync(WorkflowScenario s, string id, string to, string subject) =>
        (await s.MailAsync(id, to)).Count(m => m.Subject.Contains(subject, StringComparison.Ordinal));

    [Fact]
    public async Task NationalPanelNotification_Late_RemindsThenEscalatesRepeatedly_AndRecordsMetLate()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        // Aware Tuesday 4 March: due by the end of Tuesday 11 March.
        await s.AdvanceToDateAsync(new DateOnly(2025, 3, 10));
        Assert.Equal(1, await CountAsync(s, id, WorkflowScenario.DesignatedOfficer, "Reminder: National Panel notification"));
        Assert.Equal(0, await CountAsync(s, id, WorkflowScenario.BusinessManagerEmail, "Overdue: National Panel notification"));

        await s.AdvanceToDateAsync(new DateOnly(2025, 3, 12));
        Assert.Equal(1, await CountAsync(s, id, WorkflowScenario.BusinessManagerEmail, "Overdue: National Panel notification"));
        Assert.Equal(1, await CountAsync(s, id, WorkflowScenario.PartnershipChairEmail, "Overdue: National Panel notification"));
        await s.AdvanceToDateAsync(new DateOnly(2025, 3, 14));
        Assert.Equal(2, await CountAsync(s, id, WorkflowScenario.BusinessManagerEmail, "Overdue: National Panel notification"));

        await s.NotifyPanelAsync(id);
        await s.AdvanceWorkingDaysAsync(6);
        Assert.Equal(2, await CountAsync(s, id, WorkflowScenario.BusinessManagerEmail, "Overdue: National Panel notification"));
        var view = await s.ViewAsync(id);
        var deadline = view.Deadlines.Single(d => d.Kind == DeadlineKinds.NationalPanelNotification);
        Assert.Equal(DeadlineState.MetLate, deadline.State);
        Assert.Equal(new DateOnly(2025, 3, 14), deadline.MetOn);
        Assert.Contains(view.Timeline, t => t.What.StartsWith("Escalated (2): National Panel notification", StringComparison.Ordinal));
        Assert.Contains(view.Timeline, t => t.What.Contains("notification was late", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScopingReturn_Late_ChasesAgencyAndEscalatesToBusinessManager_AndRecordsMetLate()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);
        // Scoping requested Wednesday 5 March: due by the end of Wednesday 12 March.
        await s.ReturnScopingAsync(id, WorkflowScenario.CscScoping);
        await s.AdvanceToDateAsync(new DateOnly(2025, 3, 13));
        Assert.Equal(1, await CountAsync(s, id, WorkflowScenario.PoliceScoping, "Reminder: Scoping return from Exampleshire Police"));
        Assert.Equal(0, await CountAsync(s, id, WorkflowScenario.CscScoping, "Reminder: Scoping return"));
        Assert.Equal(1, await CountAsync(s, id, WorkflowScenario.PoliceScoping, "Overdue: Scoping return from Exampleshire Police"));
        Assert.Equal(1, await CountAsync(s, id, WorkflowScenario.BusinessManagerEmail, "Overdue: Scoping return from Exampleshire Police"));

        await s.AdvanceToDateAsync(new DateOnly(2025, 3, 17));
        await s.ReturnScopingAsync(id, WorkflowScenario.PoliceScoping);
        var police = (await s.ViewAsync(id)).Scoping.Single(a => a.Agency == "Exampleshire Police");
        Assert.Equal("Returned", police.Status);
        Assert.Equal(new DateOnly(2025, 3, 17), police.ReturnedOn);
        Assert.Equal(3, police.Chases); // reminder, escalation on the 13th, repeat on the 17th.

        await s.AcceptScopingAsync(id, "Exampleshire Children's Services");
        await s.AcceptScopingAsync(id, "Exampleshire Police");
        await s.ScheduleMeetingAsync(id, new DateOnly(2025, 3, 24));
        await s.AdvanceToDateAsync(new DateOnly(2025, 3, 24));
        await s.HoldMeetingAsync(id);
        var view = await s.ViewAsync(id);
        Assert.Equal(IncidentStage.RapidReview, view.Stage);
        Assert.Equal(DeadlineState.MetLate, view.Deadlines.Single(d => d.Kind == DeadlineKinds.ScopingReturns).State);
    }

    [Fact]
    public async Task ScopingReturn_NeverReturned_BusinessManagerWaives_AndFanInCirculatesThePack()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);
        await s.ReturnScopingAsync(id, WorkflowScenario.CscScoping);
        await s.AcceptScopingAsync(id, "Exampleshire Children's Services");
        await s.AdvanceToDateAsync(new DateOnly(2025, 3, 18));
        Assert.DoesNotContain(await s.MailAsync(id, "panel.chair@exampleshire.example"), m => m.Subject.Contains("scoping pack", StringComparison.Ordinal));

        await s.ActAsync(id, ActionNames.WaiveScopingReturn, new { agency = "Exampleshire Police", reason = "Police had no contact with the family." });
        var view = await s.ViewAsync(id);
        Assert.Equal("Waived", view.Scoping.Single(a => a.Agency == "Exampleshire Police").Status);
        Assert.Contains(await s.MailAsync(id, "panel.chair@exampleshire.example"), m => m.Subject.Contains("scoping pack", StringComparison.Ordinal));
        Assert.Contains(view.Timeline, t => t.What == "Scoping return from Exampleshire Police waived." && t.Why == "Police had no contact with the family.");
        // The waived agency's link no longer works.
        await Assert.ThrowsAsync<InvalidOperationException>(() => s.LinkTokenAsync(id, WorkflowScenario.PoliceScoping));
    }

    [Fact]
    public async Task RapidReview_DecisionMissesFifteenWorkingDays_WarnsAsItApproaches_EscalatesAfter_AndRecordsMetLate()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);
        // Notified Wednesday 5 March: the report is due by the end of Wednesday 26 March.
        await s.ScheduleMeetingAsync(id, new DateOnly(2025, 3, 24));
        await s.ReturnScopingAsync(id, WorkflowScenario.CscScoping);
        await s.ReturnScopingAsync(id, WorkflowScenario.PoliceScoping);
        await s.AcceptScopingAsync(id, "Exampleshire Children's Services");
        await s.AcceptScopingAsync(id, "Exampleshire Police");
        await s.AdvanceToDateAsync(new DateOnly(2025, 3, 24));
        await s.HoldMeetingAsync(id);
        await s.DecideAsync(id);
        await s.AdvanceToDateAsync(new DateOnly(2025, 3, 28));
        const string label = "Rapid Review decision and report to the National Panel";
        Assert.Equal(2, await CountAsync(s, id, WorkflowScenario.PanelChairEmail, "Reminder: " + label));
        Assert.Equal(1, await CountAsync(s, id, WorkflowScenario.PartnershipChairEmail, "Overdue: " + label));

        await s.ApproveByLinkAsync(id);
        await s.SubmitReportAsync(id, Csp.Workflow.Model.ReportKind.RapidReviewReport, ActionNames.RecordRapidReviewReportSubmitted);
        var view = await s.ViewAsync(id);
        var deadline = view.Deadlines.Single(d => d.Kind == DeadlineKinds.RapidReviewDecision);
        Assert.Equal(DeadlineState.MetLate, deadline.State);
        Assert.Equal(new DateOnly(2025, 3, 26), deadline.Due);
        Assert.Contains(view.Timeline, t => t.What.Contains("after the deadline of Wednesday 26 March 2025", StringComparison.Ordinal));
        await s.AdvanceWorkingDaysAsync(5);
        Assert.Equal(1, await CountAsync(s, id, WorkflowScenario.PartnershipChairEmail, "Overdue: " + label));
    }

    [Fact]
    public async Task PrePublicationNotice_Late_MovesThePlannedDate_AndRecordsMetLate()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.ToDecisionOutcomeAsync();
        await s.CompleteCsprAsync(id, plannedPublication: null);
        var planned = (await s.ViewAsync(id)).Deadlines.Single(d => d.Kind == DeadlineKinds.PrePublicationNotice);
        var noticeDue = planned.Due;
        await s.AdvanceToDateAsync(Days.AddWorkingDays(noticeDue, 2));
        Assert.Equal(1, await CountAsync(s, id, WorkflowScenario.BusinessManagerEmail, "Overdue: Final report to the National Panel"));

        await s.SendNoticeAsync(id);
        var view = await s.ViewAsync(id);
        Assert.Equal(DeadlineState.MetLate, view.Deadlines.Single(d => d.Kind == DeadlineKinds.PrePublicationNotice).State);
        var movedTo = Days.AddWorkingDays(s.Today, 7);
        Assert.Contains(view.Timeline, t => t.What.Contains($"publication moved from", StringComparison.Ordinal) && t.What.Contains(Csp.Domain.DateWords.Prose(movedTo), StringComparison.Ordinal));
        // Publishing before the moved date is refused.
        await Assert.ThrowsAsync<ActionValidationException>(() => s.PublishAsync(id));
        await s.AdvanceToDateAsync(movedTo);
        await s.PublishAsync(id);
        Assert.Equal(IncidentStage.ActionPlan, (await s.ViewAsync(id)).Stage);
    }
}
