using Csp.Domain.Incidents;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Tests.Support;

namespace Csp.Workflow.Tests.Orchestrations;

public sealed class ScopingResubmissionAndPauseTests
{
    [Fact]
    public async Task ScopingReturn_ResubmissionRequested_SendsGapsAndANewLink_OldLinkIsDead_ThenAccepted()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);
        var firstToken = await s.LinkTokenAsync(id, WorkflowScenario.PoliceScoping);
        await s.ReturnScopingAsync(id, WorkflowScenario.PoliceScoping);
        Assert.Equal(LinkState.Used, (await s.Host.CapabilityLinks.LookupAsync(firstToken, CancellationToken.None)).State);

        await s.ActAsync(id, ActionNames.RequestScopingResubmission, new { agency = "Exampleshire Police", gaps = "Add the dates of the two strategy discussions." });
        var resubmit = (await s.MailAsync(id, WorkflowScenario.PoliceScoping)).First(m => m.Subject.Contains("please resubmit", StringComparison.Ordinal));
        Assert.Contains("Add the dates of the two strategy discussions.", resubmit.TextBody, StringComparison.Ordinal);
        var police = (await s.ViewAsync(id)).Scoping.Single(a => a.Agency == "Exampleshire Police");
        Assert.Equal("ResubmissionRequested", police.Status);
        Assert.Equal(new DateOnly(2025, 3, 7), police.DueOn); // two working days

        await s.AdvanceWorkingDaysAsync(1);
        await s.ReturnScopingAsync(id, WorkflowScenario.PoliceScoping);
        await s.AcceptScopingAsync(id, "Exampleshire Police");
        var view = await s.ViewAsync(id);
        Assert.Equal("Accepted", view.Scoping.Single(a => a.Agency == "Exampleshire Police").Status);
        Assert.Contains(view.Timeline, t => t.What == "Resubmission requested from Exampleshire Police." && t.Why == "Add the dates of the two strategy discussions.");
        var documents = new List<string>();
        await foreach (var d in s.Host.Documents.ListAsync(id, CancellationToken.None)) documents.Add(d);
        Assert.Equal(2, documents.Count(d => d.Contains("scoping-a2-return", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ScopingAgency_AddedMidScoping_GetsItsOwnRequestAndHoldsUpTheFanIn()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);
        await s.ActAsync(id, ActionNames.AddScopingAgency, new { name = "Exampleshire Housing", agencyType = "Other", contactEmail = "housing@exampleshire.example" });
        await s.ReturnScopingAsync(id, WorkflowScenario.CscScoping);
        await s.ReturnScopingAsync(id, WorkflowScenario.PoliceScoping);
        await s.AcceptScopingAsync(id, "Exampleshire Children's Services");
        await s.AcceptScopingAsync(id, "Exampleshire Police");
        Assert.DoesNotContain(await s.MailAsync(id, WorkflowScenario.PanelChairEmail), m => m.Subject.Contains("scoping pack", StringComparison.Ordinal));
        await s.ReturnScopingAsync(id, "housing@exampleshire.example");
        await s.AcceptScopingAsync(id, "Exampleshire Housing");
        Assert.Contains(await s.MailAsync(id, WorkflowScenario.PanelChairEmail), m => m.Subject.Contains("scoping pack", StringComparison.Ordinal));
        Assert.Equal(3, (await s.ViewAsync(id)).Scoping.Count(a => a.Status == "Accepted"));
    }

    [Fact]
    public async Task LocalCspr_PausedForProceedings_HoldsMonitoringAndPublicationPlanning_ThenResumes()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.ToDecisionOutcomeAsync();
        await s.ActAsync(id, ActionNames.PauseReview, new { proceedings = "Criminal", reason = "Trial listed; the police asked the review to wait.", from = WorkflowScenario.Iso(s.Today) });
        var paused = await s.ViewAsync(id);
        Assert.True(paused.Paused);
        Assert.Equal("Trial listed; the police asked the review to wait.", paused.PauseReason);
        Assert.Contains(paused.AvailableActions, a => a.Name == ActionNames.ResumeReview);
        Assert.DoesNotContain(paused.AvailableActions, a => a.Name == ActionNames.PauseReview);

        // Four months pass: the 2- and 4-month monitoring checkpoints are held.
        await s.AdvanceDaysAsync(125);
        Assert.DoesNotContain(await s.MailAsync(id, WorkflowScenario.PanelChairEmail), m => m.Subject.Contains("Reminder: Local CSPR completion", StringComparison.Ordinal));
        await s.ActAsync(id, ActionNames.ResumeReview, new { on = WorkflowScenario.Iso(s.Today) });
        var resumed = await s.ViewAsync(id);
        Assert.False(resumed.Paused);
        Assert.Contains(resumed.Timeline, t => t.What.StartsWith("Review resumed on", StringComparison.Ordinal) && t.Why == "Trial listed; the police asked the review to wait.");
        Assert.Contains(resumed.Timeline, t => t.What == "Reminders for Local CSPR completion paused.");

        // Pause again while publication is planned: planning is refused while paused.
        await s.CompleteCsprUntilPlanningAsync(id);
        await s.ActAsync(id, ActionNames.PauseReview, new { proceedings = "Coroner", reason = "Inquest opened.", from = WorkflowScenario.Iso(s.Today) });
        var refused = await Assert.ThrowsAsync<ActionValidationException>(() => s.ActAsync(id, ActionNames.PlanPublication, new { plannedPublicationOn = WorkflowScenario.Iso(s.Today.AddDays(30)) }));
        Assert.Contains(refused.Errors, e => e.Message.Contains("paused", StringComparison.Ordinal));
        await s.AdvanceDaysAsync(30);
        await s.ActAsync(id, ActionNames.ResumeReview, new { on = WorkflowScenario.Iso(s.Today) });
        await s.ActAsync(id, ActionNames.PlanPublication, new { plannedPublicationOn = WorkflowScenario.Iso(s.Today.AddDays(30)) });
        Assert.Equal(IncidentStage.Publication, (await s.ViewAsync(id)).Stage);
    }

    [Fact]
    public async Task Publication_PausedAfterPlanning_StopsTheNoticeTimers_AndResumeMovesTheDateToFitTheNotice()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.ToDecisionOutcomeAsync();
        await s.CompleteCsprAsync(id);
        var planned = (await s.ViewAsync(id)).Deadlines.Single(d => d.Kind == Csp.Domain.Timescales.DeadlineKinds.PrePublicationNotice);
        await s.ActAsync(id, ActionNames.PauseReview, new { proceedings = "Criminal", reason = "Trial.", from = WorkflowScenario.Iso(s.Today) });
        var before = (await s.MailAsync(id, WorkflowScenario.BusinessManagerEmail)).Count(m => m.Subject.Contains("Final report to the National Panel", StringComparison.Ordinal));
        await s.AdvanceDaysAsync(60);
        Assert.Equal(before, (await s.MailAsync(id, WorkflowScenario.BusinessManagerEmail)).Count(m => m.Subject.Contains("Final report to the National Panel", StringComparison.Ordinal)));
        Assert.True(s.Today > planned.Due);
        await s.ActAsync(id, ActionNames.ResumeReview, new { on = WorkflowScenario.Iso(s.Today) });
        var view = await s.ViewAsync(id);
        var expected = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(s.Today, 7);
        Assert.Contains(view.Timeline, t => t.What.Contains($"Planned publication moved to {Csp.Domain.DateWords.Prose(expected)} after the pause", StringComparison.Ordinal));
        await s.SendNoticeAsync(id);
        Assert.Equal(DeadlineState.Met, (await s.ViewAsync(id)).Deadlines.Single(d => d.Kind == Csp.Domain.Timescales.DeadlineKinds.PrePublicationNotice).State);
    }
}
