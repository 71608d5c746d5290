using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Tests.Support;

namespace Csp.Workflow.Tests.Orchestrations;

/// <summary>Every outcome of the chair's triage and of the Rapid Review, to the stage it leads to and on to closure.</summary>
public sealed class OutcomeTests
{
    /// <summary>A referral the chair may keep from a Rapid Review: no abuse or neglect suspected, so not notifiable.</summary>
    public static readonly Csp.Domain.Referrals.Referral NotNotifiable =
        new Csp.Testing.ReferralBuilder().WithIncident(i => i with { AbuseOrNeglect = Csp.Domain.Referrals.AbuseOrNeglect.No }).Build();

    [Fact]
    public async Task Triage_NoFurtherReview_TellsReferrerAndSubgroupChair_AndCloses()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync(NotNotifiable);
        await s.PassQaAsync(id);
        await s.TriageAsync(id, ReferralTriageOutcome.NoFurtherReview);
        var view = await s.ViewAsync(id);
        Assert.Equal(IncidentStage.Closed, view.Stage);
        var outcome = Assert.Single(await s.MailAsync(id, "pat.referrer@exampleshire.example"), m => m.Subject.Contains("Outcome of the referral", StringComparison.Ordinal));
        Assert.Contains("no further review", outcome.TextBody, StringComparison.Ordinal);
        // The referrer has no account: the email says whom to ask for the rationale, not to sign in.
        Assert.Contains("ask the business unit at business.unit@exampleshire.example", outcome.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("secure site", outcome.TextBody, StringComparison.Ordinal);
        Assert.Contains(await s.MailAsync(id, WorkflowScenario.SubgroupChairEmail), m => m.Subject.Contains("Outcome of the referral", StringComparison.Ordinal));
        Assert.DoesNotContain(view.Deadlines, d => d.Kind == DeadlineKinds.NationalPanelNotification);
        Assert.DoesNotContain(await s.MailAsync(id, WorkflowScenario.DesignatedOfficer), _ => true);
    }

    [Fact]
    public async Task Triage_OtherLearningReview_RunsThreeMonthReview_ThenActionPlan()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync(NotNotifiable);
        await s.PassQaAsync(id);
        await s.TriageAsync(id, ReferralTriageOutcome.OtherLearningReview);
        Assert.Equal(IncidentStage.OtherLearningReview, (await s.ViewAsync(id)).Stage);
        await s.AdvanceDaysAsync(40);
        Assert.Contains(await s.MailAsync(id, "panel.chair@exampleshire.example"), m => m.Subject.Contains("Reminder: Other learning review completion", StringComparison.Ordinal));
        await s.ActAsync(id, ActionNames.CompleteOtherLearningReview, new { on = WorkflowScenario.Iso(s.Today), summary = "Learning brief circulated." });
        var view = await s.ViewAsync(id);
        Assert.Equal(IncidentStage.ActionPlan, view.Stage);
        Assert.Equal(DeadlineState.Met, view.Deadlines.Single(d => d.Kind == DeadlineKinds.OtherLearningReviewCompletion).State);
    }

    [Fact]
    public async Task RapidReview_NoFurtherReview_SendsReportAndCloses()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.ToDecisionOutcomeAsync(RapidReviewOutcome.NoFurtherReview);
        var view = await s.ViewAsync(id);
        Assert.Equal(IncidentStage.Closed, view.Stage);
        Assert.Equal(DeadlineState.Met, view.Deadlines.Single(d => d.Kind == DeadlineKinds.RapidReviewDecision).State);
        Assert.Contains(view.Timeline, t => t.What.StartsWith("National Panel response recorded: decision ratified", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RapidReview_OtherLearningReview_GoesToLearningReviewAfterThePanelRatifies()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.ToDecisionOutcomeAsync(RapidReviewOutcome.OtherLearningReview);
        Assert.Equal(IncidentStage.OtherLearningReview, (await s.ViewAsync(id)).Stage);
        Assert.True(await s.CanAsync(id, ActionNames.CompleteOtherLearningReview));
    }

    [Fact]
    public async Task RapidReview_RecommendNationalReview_PanelCarriesItOut_ThenClosesWithoutLocalActions()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.ToDecisionOutcomeAsync(RapidReviewOutcome.RecommendNationalReview);
        Assert.Equal(IncidentStage.NationalReview, (await s.ViewAsync(id)).Stage);
        await s.AdvanceDaysAsync(120);
        await s.ActAsync(id, ActionNames.RecordNationalReviewCompleted, new { on = WorkflowScenario.Iso(s.Today), localActions = false });
        Assert.Equal(IncidentStage.Closed, (await s.ViewAsync(id)).Stage);
    }

    [Fact]
    public async Task RapidReview_NationalReviewDeclined_RequiresARevisedDecision_ThenApprovalAgain()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);
        await s.ScheduleMeetingAsync(id, new DateOnly(2025, 3, 20));
        await s.AdvanceToDateAsync(new DateOnly(2025, 3, 20));
        await s.HoldMeetingAsync(id);
        await s.DecideAsync(id, RapidReviewOutcome.RecommendNationalReview);
        await s.ApproveByLinkAsync(id);
        await s.SubmitReportAsync(id, Csp.Workflow.Model.ReportKind.RapidReviewReport, ActionNames.RecordRapidReviewReportSubmitted);
        // Going ahead without the Panel is refused for a national review recommendation.
        var refused = await Assert.ThrowsAsync<ActionValidationException>(() => s.ActAsync(id, ActionNames.ProceedWithDecision, new { reason = "Cannot wait." }));
        Assert.Contains(refused.Errors, e => e.Message.Contains("wait for the National Panel", StringComparison.Ordinal));
        await s.PanelRespondsAsync(id, "NationalReviewDeclined");
        Assert.Equal(IncidentStage.Decision, (await s.ViewAsync(id)).Stage);
        await s.ActAsync(id, ActionNames.ReviseRapidReviewDecision, new { criterionMultiAgencyWorkingConcerns = true, csprMostAppropriate = true, outcome = "LocalCspr", rationale = "The Panel declined; a local CSPR instead." });
        await s.ApproveByLinkAsync(id);
        await s.SubmitReportAsync(id, Csp.Workflow.Model.ReportKind.RapidReviewReport, ActionNames.RecordRapidReviewReportSubmitted);
        await s.ActAsync(id, ActionNames.ProceedWithDecision, new { reason = "Starting the CSPR while the Panel considers the revised report." });
        var view = await s.ViewAsync(id);
        Assert.Equal(IncidentStage.LocalCspr, view.Stage);
        // Each approved version went to the Panel through its online system, recorded by the business unit; none by email.
        Assert.Equal(2, view.Timeline.Count(t => t.What.StartsWith("Rapid Review report (version ", StringComparison.Ordinal)));
        Assert.DoesNotContain(await s.MailAsync(id, "notifications@panel.example"), m => m.Subject.Contains("Rapid Review report", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Approver_Scrutineer_ApprovesFromTheirLink_AndTheChairCannot()
    {
        await using var s = await WorkflowScenario.StartAsync(approver: "scrutineer");
        var id = await s.ToDecisionRecordedAsync();
        // Asked only once the business unit marks its completed report (version 2) ready.
        Assert.False(await s.CanAsync(id, ActionNames.ApproveRapidReviewReport, WorkflowScenario.Scrutineer));
        await s.MarkReportReadyAsync(id, await s.UploadReportAsync(id, Csp.Workflow.Model.ReportKind.RapidReviewReport, "rapid-review-completed.pdf"));
        Assert.False(await s.CanAsync(id, ActionNames.ApproveRapidReviewReport, WorkflowScenario.Chair));
        Assert.True(await s.CanAsync(id, ActionNames.ApproveRapidReviewReport, WorkflowScenario.Scrutineer));
        // Ask for changes first: the business unit revises, then a new approval link goes out.
        var changes = await s.ActByLinkAsync(id, "scrutineer@exampleshire.example", new { approval = "RequestChanges", comments = "Add the immediate actions taken." }, "Approval needed");
        Assert.Empty(changes.Errors);
        await s.ActAsync(id, ActionNames.ReviseRapidReviewDecision, new { criterionMultiAgencyWorkingConcerns = true, criterionImprovementsNeeded = true, csprMostAppropriate = true, outcome = "LocalCspr", rationale = "Immediate actions added." });
        await s.ApproveByLinkAsync(id, "scrutineer@exampleshire.example");
        var view = await s.ViewAsync(id);
        Assert.Contains(view.Timeline, t => t.What == "Rapid Review decision and report (version 3) approved." && t.Who.Contains("Independent scrutineer", StringComparison.Ordinal));
    }
}
