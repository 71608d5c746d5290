using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Model;
using Csp.Workflow.Tests.Support;

namespace Csp.Workflow.Tests.Orchestrations;

/// <summary>
/// The National Panel and the Secretary of State have no accounts: the business unit sends them the
/// reports through their own routes, as tasks on the incident that say what to download and where to
/// submit it, and records the date sent, the Panel's reference and the version sent.
/// </summary>
public sealed class StatutorySubmissionTests
{
    private const string Panel = "notifications@panel.example";

    /// <summary>Referral to an approved Rapid Review decision (notified 5 March, so the report is due by 26 March).</summary>
    private static async Task<string> ApprovedAsync(WorkflowScenario s)
    {
        var id = await s.ToDecisionRecordedAsync();
        await s.ApproveByLinkAsync(id);
        return id;
    }

    [Fact]
    public async Task RapidReviewReport_SubmissionTask_RecordsDateSentReferenceAndVersion_AndTheDeadlineShowsMet()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await ApprovedAsync(s);

        // Nothing is emailed to the Panel: the business unit has the task.
        Assert.DoesNotContain(await s.MailAsync(id, Panel), m => m.Subject.Contains("Rapid Review report", StringComparison.Ordinal));
        var task = Assert.Single(await s.MailAsync(id, "business.unit@exampleshire.example"), m => m.Subject.Contains("Task: send the Rapid Review report to the National Panel", StringComparison.Ordinal));
        Assert.Contains("https://www.gov.uk/guidance/report-a-serious-child-safeguarding-incident", task.TextBody, StringComparison.Ordinal);
        Assert.Contains("Wednesday 26 March 2025", task.TextBody, StringComparison.Ordinal);

        // The task offers the approved version (the business unit's completed report, version 2) to send.
        var open = (await s.ViewAsync(id)).Submissions!.Single(t => t.Kind == SubmissionKinds.RapidReviewReport);
        Assert.Equal((SubmissionTaskState.ToDo, ActionNames.RecordRapidReviewReportSubmitted), (open.State, open.Action));
        Assert.Equal((2, "rapid-review-completed.pdf"), (open.Document!.Version, open.Document.FileName));
        Assert.Equal(new DateOnly(2025, 3, 26), open.Deadline!.Due);
        Assert.Contains("the National Panel was notified", open.Deadline.Basis, StringComparison.Ordinal);

        // Versions uploaded after the approval: the task still offers the approved one, and the form starts from it.
        await s.UploadReportAsync(id, ReportKind.RapidReviewReport, "rapid-review-edited.docx");
        await s.UploadReportAsync(id, ReportKind.RapidReviewReport, "rapid-review-later.pdf");
        var ready = await s.ViewAsync(id);
        var current = ready.Submissions!.Single(t => t.Kind == SubmissionKinds.RapidReviewReport).Document!;
        Assert.Equal((2, "rapid-review-completed.pdf"), (current.Version, current.FileName));
        var versionField = ready.AvailableActions.Single(a => a.Name == ActionNames.RecordRapidReviewReportSubmitted).Fields.Single(f => f.Name == ActionCatalogue.ReportVersionField);
        Assert.Equal(["4", "3", "2", "1"], versionField.AllowedValues);
        Assert.Equal("2", versionField.Value);
        var missing = await Assert.ThrowsAsync<ActionValidationException>(() => s.ActAsync(id, ActionNames.RecordRapidReviewReportSubmitted,
            new { sentOn = "2025-03-20", panelReference = "NP-RR-1", reportVersion = "5" }));
        Assert.Contains(missing.Errors, e => e.Field == ActionCatalogue.ReportVersionField);
        // A version other than the approved one is refused, naming the approved version; nothing is recorded.
        var notApproved = await Assert.ThrowsAsync<ActionValidationException>(() => s.ActAsync(id, ActionNames.RecordRapidReviewReportSubmitted,
            new { sentOn = "2025-03-20", panelReference = "NP-RR-1", reportVersion = "4" }));
        Assert.Contains(notApproved.Errors, e => e.Field == ActionCatalogue.ReportVersionField && e.Message == "Select version 2, the approved version");

        await s.AdvanceWorkingDaysAsync(1);
        await s.ActAsync(id, ActionNames.RecordRapidReviewReportSubmitted, new { sentOn = "2025-03-21", panelReference = "NP-RR-7788", reportVersion = "2" });

        var view = await s.ViewAsync(id);
        var done = view.Submissions!.Single(t => t.Kind == SubmissionKinds.RapidReviewReport);
        Assert.Equal(SubmissionTaskState.Done, done.State);
        Assert.Null(done.Action);
        Assert.Equal(new SubmissionRecordView(new DateOnly(2025, 3, 21), WorkflowScenario.BusinessUnit.Name, "NP-RR-7788", 2, "rapid-review-completed.pdf"), done.Recorded);
        var deadline = view.Deadlines.Single(d => d.Kind == DeadlineKinds.RapidReviewDecision);
        Assert.Equal((DeadlineState.Met, (DateOnly?)new DateOnly(2025, 3, 21)), (deadline.State, deadline.MetOn));
        Assert.Equal(new DateOnly(2025, 3, 21), view.RapidReviewDecision!.ReportSentOn);
        const string recorded = "Rapid Review report (version 2) sent to the National Panel on Friday 21 March 2025 (Panel reference NP-RR-7788).";
        Assert.Contains(view.Timeline, t => t.What == recorded && t.Why == "rapid-review-completed.pdf");
        Assert.Contains(view.Decisions!, d => d.What == recorded && d.Who == WorkflowScenario.BusinessUnit.Name);
        // The notification's task shows what was recorded for it too.
        var notification = view.Submissions!.Single(t => t.Kind == SubmissionKinds.NationalPanelNotification);
        Assert.Equal((SubmissionTaskState.Done, "NP-2025-0042"), (notification.State, notification.Recorded!.Reference));

        // The decision's watch stopped: no escalation once the report was recorded.
        await s.AdvanceToDateAsync(new DateOnly(2025, 3, 31));
        Assert.DoesNotContain(await s.MailAsync(id, WorkflowScenario.PartnershipChairEmail), m => m.Subject.Contains("Overdue: Rapid Review decision", StringComparison.Ordinal));
        // And the Panel's response can now be recorded.
        Assert.True(await s.CanAsync(id, ActionNames.RecordNationalPanelResponse));
    }

    [Fact]
    public async Task RapidReviewReport_SentDateBeforeTheApproval_IsRefused()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await ApprovedAsync(s);
        await s.UploadReportAsync(id, ReportKind.RapidReviewReport);
        var refused = await Assert.ThrowsAsync<ActionValidationException>(() => s.ActAsync(id, ActionNames.RecordRapidReviewReportSubmitted,
            new { sentOn = "2025-03-19", panelReference = "NP-RR-1", reportVersion = "1" }));
        Assert.Contains(refused.Errors, e => e.Field == "sentOn" && e.Message == "Enter Thursday 20 March 2025 or later");
        Assert.Equal(SubmissionTaskState.ToDo, (await s.ViewAsync(id)).Submissions!.Single(t => t.Kind == SubmissionKinds.RapidReviewReport).State);
    }

    [Fact]
    public async Task FinalReport_SubmissionRecordedWithItsDate_PublicationRefusedUntilTheNoticePeriodHasRunFromIt()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.ToDecisionOutcomeAsync(RapidReviewOutcome.LocalCspr);
        await s.CompleteCsprUntilPlanningAsync(id);
        var planned = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(s.Today, 12);
        await s.ActAsync(id, ActionNames.PlanPublication, new { plannedPublicationOn = WorkflowScenario.Iso(planned) });

        // The task: the current final report, the Panel's system and the Secretary of State's address, due 7 working days before.
        var view = await s.ViewAsync(id);
        var task = view.Submissions!.Single(t => t.Kind == SubmissionKinds.FinalReport);
        Assert.Equal(SubmissionTaskState.ToDo, task.State);
        Assert.Contains("secretary.of.state@education.example", task.Where, StringComparison.Ordinal);
        var noticeDue = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(planned, -7);
        Assert.Equal(noticeDue, task.Deadline!.Due);
        Assert.False(await s.CanAsync(id, ActionNames.RecordPublication));
        Assert.Single(await s.MailAsync(id, "business.unit@exampleshire.example"), m => m.Subject.Contains("Task: send the final report", StringComparison.Ordinal));

        await s.UploadReportAsync(id, ReportKind.FinalCsprReport, "final-report.pdf");
        var sentOn = s.Today;
        await s.ActAsync(id, ActionNames.RecordFinalReportSubmitted, new { sentOn = WorkflowScenario.Iso(sentOn), panelReference = "NP-FR-31", reportVersion = "1" });

        var sent = await s.ViewAsync(id);
        var done = sent.Submissions!.Single(t => t.Kind == SubmissionKinds.FinalReport);
        Assert.Equal(new SubmissionRecordView(sentOn, WorkflowScenario.BusinessUnit.Name, "NP-FR-31", 1, "final-report.pdf"), done.Recorded);
        var notice = sent.Deadlines.Single(d => d.Kind == DeadlineKinds.PrePublicationNotice);
        Assert.Equal((DeadlineState.Met, (DateOnly?)sentOn), (notice.State, notice.MetOn));
        // Ofsted and DfE are told, with nothing pointing them at the site; nothing is emailed to the Panel or the Secretary of State.
        var ofsted = Assert.Single(await s.MailAsync(id, "notifications@ofsted.example"), m => m.Subject.Contains("notice of publication", StringComparison.Ordinal));
        Assert.DoesNotContain("secure site", ofsted.TextBody + ofsted.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Single(await s.MailAsync(id, "cspr@education.example"), m => m.Subject.Contains("notice of publication", StringComparison.Ordinal));
        Assert.Empty(await s.MailAsync(id, "secretary.of.state@education.example"));
        Assert.DoesNotContain(await s.MailAsync(id, Panel), m => m.Subject.Contains("publication", StringComparison.OrdinalIgnoreCase));

        // Publication within 7 working days of the date sent is refused, with the earliest date.
        var earliest = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(sentOn, 7);
        await s.AdvanceWorkingDaysAsync(3);
        var tooSoon = await Assert.ThrowsAsync<ActionValidationException>(() => s.ActAsync(id, ActionNames.RecordPublication,
            new { publishedOn = WorkflowScenario.Iso(s.Today), form = "FullReport", url = "https://exampleshire.example/cspr" }));
        Assert.Contains(tooSoon.Errors, e => e.Field == "publishedOn" && e.Message == $"Publish on {Csp.Domain.DateWords.Prose(earliest)} or later");
        await s.AdvanceToDateAsync(planned);
        await s.PublishAsync(id);
        Assert.Equal(IncidentStage.ActionPlan, (await s.ViewAsync(id)).Stage);
    }
}
