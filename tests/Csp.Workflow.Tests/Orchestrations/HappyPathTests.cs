using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using Microsoft.DurableTask.Client;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Tests.Support;

namespace Csp.Workflow.Tests.Orchestrations;

public sealed class HappyPathTests
{
    [Fact]
    public async Task LocalCspr_FromReferralToActionPlanSignOff_ClosesWithEveryDeadlineMet()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.ToDecisionOutcomeAsync(RapidReviewOutcome.LocalCspr);
        Assert.Equal(IncidentStage.LocalCspr, (await s.ViewAsync(id)).Stage);

        await s.CompleteCsprAsync(id);
        Assert.Equal(IncidentStage.Publication, (await s.ViewAsync(id)).Stage);
        await s.AdvanceWorkingDaysAsync(2);
        await s.SendNoticeAsync(id);
        await s.AdvanceDaysAsync(26);
        await s.PublishAsync(id);
        Assert.Equal(IncidentStage.ActionPlan, (await s.ViewAsync(id)).Stage);

        await s.CompleteActionPlanAsync(id);
        // A quarter later the owner has been asked for progress and the executive has had the first report.
        await s.AdvanceDaysAsync(95);
        var report = await s.ActByLinkAsync(id, "owner@police.example", new { progress = "Done: new protocol in place.", completed = true });
        Assert.Empty(report.Errors);
        var signOff = await s.ActByLinkAsync(id, WorkflowScenario.PartnershipChairEmail, new { on = WorkflowScenario.Iso(s.Today) }, "Sign-off needed");
        Assert.Empty(signOff.Errors);

        var view = await s.ViewAsync(id);
        Assert.Equal(IncidentStage.Closed, view.Stage);
        var root = await s.Host.Client.GetInstanceAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, root!.RuntimeStatus);

        var byKind = view.Deadlines.ToDictionary(d => d.Kind, d => d.State);
        Assert.Equal(DeadlineState.Met, byKind[DeadlineKinds.NationalPanelNotification]);
        Assert.Equal(DeadlineState.Met, byKind[DeadlineKinds.PartnersInformed]);
        Assert.Equal(DeadlineState.Met, byKind[DeadlineKinds.ScopingReturns]);
        Assert.Equal(DeadlineState.Met, byKind[DeadlineKinds.ScopingPackCirculation]);
        Assert.Equal(DeadlineState.Met, byKind[DeadlineKinds.RapidReviewDecision]);
        Assert.Equal(DeadlineState.Met, byKind[DeadlineKinds.LocalCsprCompletion]);
        Assert.Equal(DeadlineState.Met, byKind[DeadlineKinds.GovernanceResponse]);
        Assert.Equal(DeadlineState.Met, byKind[DeadlineKinds.PrePublicationNotice]);
        Assert.Equal(DeadlineState.Met, byKind[DeadlineKinds.ActionPlanReport]);
        Assert.Empty(view.AvailableActions);

        var mail = await s.MailAsync(id);
        Assert.Equal(mail.Count, mail.Select(m => m.DedupeKey).Distinct().Count());
        // Reports went to the Panel and the Secretary of State through their routes, recorded by the business unit;
        // the statutory bodies' emails only inform, and never send them to a site they cannot use.
        Assert.DoesNotContain(mail, m => m.To == "notifications@panel.example" && m.Subject.Contains("Rapid Review report", StringComparison.Ordinal));
        Assert.DoesNotContain(mail, m => m.To == "secretary.of.state@education.example");
        Assert.Contains(mail, m => m.To == "notifications@panel.example" && m.Subject.Contains("Decision to hold a local child safeguarding practice review", StringComparison.Ordinal));
        Assert.Contains(mail, m => m.To == "cspr@education.example" && m.Subject.Contains("lead reviewer", StringComparison.Ordinal));
        Assert.Contains(mail, m => m.To == "notifications@ofsted.example" && m.Subject.Contains("notice of publication", StringComparison.Ordinal));
        Assert.All(mail.Where(m => m.To is "notifications@panel.example" or "secretary.of.state@education.example" or "notifications@ofsted.example" or "cspr@education.example"),
            m => Assert.DoesNotContain("secure site", m.TextBody + m.HtmlBody, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(view.Timeline, t => t.What.StartsWith("Final report (version 1) sent to the National Panel and the Secretary of State on", StringComparison.Ordinal));
        Assert.Contains(mail, m => m.To == "partnership.chair@exampleshire.example" && m.Subject.Contains("Action plan report 1", StringComparison.Ordinal));
        Assert.Contains(view.Timeline, t => t.What.Contains("Thank-you letters", StringComparison.Ordinal));
        // No email names the child.
        Assert.DoesNotContain(mail, m => m.TextBody.Contains("Robin", StringComparison.Ordinal) || m.Subject.Contains("Testchild", StringComparison.Ordinal) || m.HtmlBody.Contains("Testchild", StringComparison.Ordinal));
    }
}
