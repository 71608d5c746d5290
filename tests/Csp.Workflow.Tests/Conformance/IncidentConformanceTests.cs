using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Tests.Support;
using Microsoft.DurableTask.Client;

namespace Csp.Workflow.Tests.Conformance;

/// <summary>
/// The incident workflow's scenarios that need no time skip, with the same assertions on the
/// embedded engine and on the real Durable Task runtime. Reminders, escalations and month-long
/// reviews need virtual time and run on the embedded engine only (the Orchestrations tests).
/// </summary>
public abstract class IncidentConformanceTests
{
    protected abstract Task<IWorkflowRuntime> StartRuntimeAsync();

    private async Task<(IWorkflowRuntime Runtime, ConformanceScenario Scenario)> StartAsync()
    {
        var runtime = await StartRuntimeAsync();
        return (runtime, new ConformanceScenario(runtime));
    }

    [Fact]
    public async Task Referral_ThroughScopingMeetingAndDecision_StartsTheLocalCspr()
    {
        var (runtime, s) = await StartAsync();
        await using var _ = runtime;
        var id = await s.ToDecisionAsync(RapidReviewOutcome.LocalCspr);

        await s.EventuallyAsync(async () => (await s.ViewAsync(id)).Stage == IncidentStage.LocalCspr, "the local CSPR to start");
        var view = await s.ViewAsync(id);
        var byKind = view.Deadlines.ToDictionary(d => d.Kind, d => d.State);
        Assert.Equal(DeadlineState.Met, byKind[DeadlineKinds.NationalPanelNotification]);
        Assert.Equal(DeadlineState.Met, byKind[DeadlineKinds.ScopingReturns]);
        Assert.Equal(DeadlineState.Met, byKind[DeadlineKinds.RapidReviewDecision]);
        Assert.All(view.Scoping, a => Assert.Equal("Accepted", a.Status));
        Assert.Contains(view.Timeline, t => t.What == "Resubmission requested from Exampleshire Police." && t.Why == "Add the dates of the two strategy discussions.");
        await s.EventuallyAsync(async () => (await s.ViewAsync(id)).AvailableActions.Any(a => a.Name == ActionNames.ConfirmCsprPanel),
            "the local CSPR's first step to be offered");

        var mail = await s.MailAsync(id);
        Assert.Equal(mail.Count, mail.Select(m => m.DedupeKey).Distinct().Count());
        Assert.Contains(mail, m => m.To == WorkflowScenario.PoliceScoping && m.Subject.Contains("please resubmit", StringComparison.Ordinal));
        Assert.DoesNotContain(mail, m => m.To == "notifications@panel.example" && m.Subject.Contains("Rapid Review report", StringComparison.Ordinal));
        // Version 1 is the draft the process wrote from the case record; the business unit's upload is version 2, and that went.
        Assert.Contains(view.Reports!, r => r.Kind == nameof(Csp.Workflow.Model.ReportKind.RapidReviewReport) && r.Version == 1 && r.Drafted);
        Assert.Contains(view.Timeline, t => t.What.StartsWith("Rapid Review report (version 2) sent to the National Panel on", StringComparison.Ordinal));
        Assert.DoesNotContain(mail, m => m.Subject.Contains("Testchild", StringComparison.Ordinal) || m.TextBody.Contains("Testchild", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Triage_StartsScopingTheSameDay_AndTheDecisionWaitsForTheNotification_ThenRunsFromIt()
    {
        var (runtime, s) = await StartAsync();
        await using var _ = runtime;
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageForRapidReviewAsync(id);

        // Scoping requests go out the day of the chair's decision, before any notification is recorded.
        await s.EventuallyAsync(async () => (await s.MailAsync(id, WorkflowScenario.CscScoping)).Any(m => m.Subject.Contains("scoping request", StringComparison.OrdinalIgnoreCase))
            && (await s.MailAsync(id, WorkflowScenario.PoliceScoping)).Any(m => m.Subject.Contains("scoping request", StringComparison.OrdinalIgnoreCase)), "the scoping requests");
        var scoping = await s.ViewAsync(id);
        Assert.Equal(IncidentStage.Scoping, scoping.Stage);
        Assert.All(scoping.Scoping, a => Assert.Equal(s.Today, a.RequestedOn));
        Assert.Equal(DeadlineState.Due, scoping.Deadlines.Single(d => d.Kind == DeadlineKinds.NationalPanelNotification).State);

        // The meeting is held with the notification still outstanding: the decision waits for it.
        await s.ScheduleMeetingAndAcceptAsync(id);
        await s.ReturnScopingAsync(id, WorkflowScenario.CscScoping);
        await s.ReturnScopingAsync(id, WorkflowScenario.PoliceScoping);
        await s.HoldMeetingAsync(id);
        await s.EventuallyAsync(async () => (await s.ViewAsync(id)).Stage == IncidentStage.RapidReview, "the Rapid Review stage");
        var waiting = await s.ViewAsync(id);
        Assert.Equal(IncidentStage.RapidReview, waiting.Stage);
        Assert.DoesNotContain(waiting.AvailableActions, a => a.Name == ActionNames.RecordRapidReviewDecision);
        Assert.Contains(waiting.WaitingActions!, a => a.Name == ActionNames.RecordRapidReviewDecision);
        var refused = await Assert.ThrowsAsync<ActionNotAvailableException>(() => runtime.Incidents.PerformActionAsync(id, ActionNames.RecordRapidReviewDecision,
            System.Text.Json.JsonSerializer.SerializeToElement(new { outcome = "NoFurtherReview", rationale = "Too early.", decidedOn = WorkflowScenario.Iso(s.Today) }),
            WorkflowScenario.BusinessUnit, CancellationToken.None));
        Assert.Contains("National Panel notification", refused.Reason, StringComparison.Ordinal);

        await s.NotifyPanelAsync(id);
        await s.EventuallyAsync(async () => (await s.ViewAsync(id)).AvailableActions.Any(a => a.Name == ActionNames.RecordRapidReviewDecision), "the decision to be offered");
        var notified = await s.ViewAsync(id);
        var decision = notified.Deadlines.Single(d => d.Kind == DeadlineKinds.RapidReviewDecision);
        Assert.Equal(Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(s.Today, 15), decision.Due);
        Assert.Contains("the National Panel was notified", decision.Basis, StringComparison.Ordinal);
        Assert.Equal(DeadlineState.Met, notified.Deadlines.Single(d => d.Kind == DeadlineKinds.NationalPanelNotification).State);
    }

    [Fact]
    public async Task PerformAction_TwoClicksAtOnce_AppliedOnce_AndRefusedWith409OnceTheStepHasClosed()
    {
        var (runtime, s) = await StartAsync();
        await using var _ = runtime;
        var id = await s.SubmitAsync();
        await s.EventuallyAsync(async () => (await s.ViewAsync(id)).AvailableActions.Any(a => a.Name == ActionNames.PassReferralQa), "quality assurance to be offered");

        // Both clicks find the step open; the orchestration applies the first and ignores the repeat.
        var clicks = Enumerable.Range(0, 2).Select(async _ =>
        {
            try
            {
                await runtime.Incidents.PerformActionAsync(id, ActionNames.PassReferralQa,
                    System.Text.Json.JsonSerializer.SerializeToElement(new { notes = "Complete and signed off." }), WorkflowScenario.BusinessUnit, CancellationToken.None);
            }
            catch (ActionNotAvailableException)
            {
                // The second click may already find the step closed.
            }
        });
        await Task.WhenAll(clicks);
        await runtime.SettleAsync();
        await s.EventuallyAsync(async () => (await s.ViewAsync(id, WorkflowScenario.Chair)).AvailableActions.Any(a => a.Name == ActionNames.TriageReferral),
            "the chair's triage to be offered");

        var view = await s.ViewAsync(id);
        Assert.Single(view.Timeline, t => t.What == "Referral passed quality assurance (complete and signed off).");
        Assert.Single(await s.MailAsync(id, WorkflowScenario.PanelChairEmail), m => m.TextBody.Contains("has passed quality assurance", StringComparison.Ordinal));
        await Assert.ThrowsAsync<ActionNotAvailableException>(() => runtime.Incidents.PerformActionAsync(id, ActionNames.PassReferralQa,
            System.Text.Json.JsonSerializer.SerializeToElement(new { notes = "Again." }), WorkflowScenario.BusinessUnit, CancellationToken.None));
    }

    [Fact]
    public async Task RapidReview_NoFurtherReview_ClosesTheIncidentAndItsOrchestration()
    {
        var (runtime, s) = await StartAsync();
        await using var _ = runtime;
        var id = await s.ToDecisionAsync(RapidReviewOutcome.NoFurtherReview);

        await s.EventuallyAsync(async () => (await runtime.Client.GetInstanceAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
            "the incident's orchestration to complete");
        var view = await s.ViewAsync(id);
        Assert.Equal(IncidentStage.Closed, view.Stage);
        Assert.Empty(view.AvailableActions);
        Assert.Contains(view.Timeline, t => t.What.StartsWith("National Panel response recorded: decision ratified", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LocalCspr_PausedForProceedings_ThenResumed_OffersTheReviewAgain()
    {
        var (runtime, s) = await StartAsync();
        await using var _ = runtime;
        var id = await s.ToDecisionAsync(RapidReviewOutcome.LocalCspr);
        await s.ActAsync(id, ActionNames.PauseReview, new { proceedings = "Criminal", reason = "Trial listed; the police asked the review to wait.", from = WorkflowScenario.Iso(s.Today) });
        // The case record and the open steps are separate records: wait until both show the pause.
        await s.EventuallyAsync(async () => await s.ViewAsync(id) is { Paused: true } v
            && v.AvailableActions.All(a => a.Name != ActionNames.PauseReview) && v.AvailableActions.Any(a => a.Name == ActionNames.ResumeReview),
            "the review to pause and offer resuming");
        var paused = await s.ViewAsync(id);
        Assert.Equal("Trial listed; the police asked the review to wait.", paused.PauseReason);

        await s.ActAsync(id, ActionNames.ResumeReview, new { on = WorkflowScenario.Iso(s.Today) });
        await s.EventuallyAsync(async () => !(await s.ViewAsync(id)).Paused, "the review to resume");
        var resumed = await s.ViewAsync(id);
        Assert.Contains(resumed.Timeline, t => t.What.StartsWith("Review resumed on", StringComparison.Ordinal) && t.Why == "Trial listed; the police asked the review to wait.");
        await s.EventuallyAsync(async () => (await s.ViewAsync(id)).AvailableActions.Any(a => a.Name == ActionNames.PauseReview), "pausing to be offered again");
    }

    [Fact]
    public async Task ScopingAgency_AddedMidScoping_HoldsUpThePackUntilItsReturnIsAccepted()
    {
        var (runtime, s) = await StartAsync();
        await using var _ = runtime;
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageForRapidReviewAsync(id);
        await s.NotifyPanelAsync(id);
        await s.ActAsync(id, ActionNames.AddScopingAgency, new { name = "Exampleshire Housing", agencyType = "Other", contactEmail = "housing@exampleshire.example" });
        await s.ReturnScopingAsync(id, WorkflowScenario.CscScoping);
        await s.ReturnScopingAsync(id, WorkflowScenario.PoliceScoping);
        await s.AcceptScopingAsync(id, "Exampleshire Children's Services");
        await s.AcceptScopingAsync(id, "Exampleshire Police");
        await s.ReturnScopingAsync(id, "housing@exampleshire.example");
        Assert.DoesNotContain(await s.MailAsync(id, WorkflowScenario.PanelChairEmail), m => m.Subject.Contains("scoping pack", StringComparison.Ordinal));

        await s.AcceptScopingAsync(id, "Exampleshire Housing");
        await s.EventuallyAsync(async () => (await s.MailAsync(id, WorkflowScenario.PanelChairEmail)).Any(m => m.Subject.Contains("scoping pack", StringComparison.Ordinal)),
            "the scoping pack to reach the panel chair");
        Assert.Equal(3, (await s.ViewAsync(id)).Scoping.Count(a => a.Status == "Accepted"));
    }
}

/// <summary>The scenarios on the embedded engine.</summary>
public sealed class EmbeddedEngineConformanceTests : IncidentConformanceTests
{
    protected override Task<IWorkflowRuntime> StartRuntimeAsync() => EmbeddedWorkflowRuntime.StartAsync();
}

/// <summary>The same scenarios on the real Durable Task runtime (DurableTaskTestHost).</summary>
public sealed class DurableTaskTestHostConformanceTests : IncidentConformanceTests
{
    protected override Task<IWorkflowRuntime> StartRuntimeAsync() => TestHostWorkflowRuntime.StartAsync();
}
