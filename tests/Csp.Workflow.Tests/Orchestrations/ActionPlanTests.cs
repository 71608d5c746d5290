using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Workflow.Actions;
using Csp.Workflow.Tests.Support;

namespace Csp.Workflow.Tests.Orchestrations;

/// <summary>The action plan is delivered before the incident closes: sign-off waits for every recommendation.</summary>
public sealed class ActionPlanTests
{
    [Fact]
    public async Task SignOff_WaitsUntilEveryRecommendationIsCompletedOrClosedWithAReason_QuarterlyRequestsGoOnTillThen()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync(OutcomeTests.NotNotifiable);
        await s.PassQaAsync(id);
        await s.TriageAsync(id, ReferralTriageOutcome.OtherLearningReview);
        await s.ActAsync(id, ActionNames.CompleteOtherLearningReview, new { on = WorkflowScenario.Iso(s.Today), summary = "Learning brief circulated." });
        await s.ActAsync(id, ActionNames.AddRecommendation, new { text = "Share information at strategy discussions.", ownerName = "Owen Owner", ownerEmail = "owner@police.example", dueOn = WorkflowScenario.Iso(s.Today.AddDays(60)) });
        await s.ActAsync(id, ActionNames.AddRecommendation, new { text = "Audit case files.", ownerName = "Ada Auditor", ownerEmail = "auditor@council.example", dueOn = WorkflowScenario.Iso(s.Today.AddDays(200)) });
        await s.ActAsync(id, ActionNames.AgreeActionPlan, new { on = WorkflowScenario.Iso(s.Today) });

        // Agreed with both open: no sign-off offered.
        Assert.False(await s.CanAsync(id, ActionNames.SignOffActionPlan, WorkflowScenario.Chair));

        // A quarter on, both owners are asked; one completes, the other's is closed with a reason.
        await s.AdvanceDaysAsync(95);
        // The owner reports by the emailed link; owners need not have an account, so nothing points them at the staff site.
        Assert.Contains(await s.MailAsync(id, "auditor@council.example"), m => m.Subject.Contains("Progress report requested", StringComparison.Ordinal)
            && m.TextBody.Contains("/a/", StringComparison.Ordinal) && !m.TextBody.Contains("secure site:", StringComparison.Ordinal) && !m.TextBody.Contains("Sign in", StringComparison.Ordinal));
        Assert.Empty((await s.ActByLinkAsync(id, "owner@police.example", new { progress = "Protocol in place.", completed = true })).Errors);
        Assert.False(await s.CanAsync(id, ActionNames.SignOffActionPlan, WorkflowScenario.Chair));
        Assert.Empty((await s.ActByLinkAsync(id, "auditor@council.example", new { progress = "Superseded by the national audit.", closedReason = "The national audit covers it." })).Errors);

        // Now the executive signs off; the closing notice goes like the board's.
        var signOff = await s.ActByLinkAsync(id, WorkflowScenario.PartnershipChairEmail, new { on = WorkflowScenario.Iso(s.Today) }, "Sign-off needed");
        Assert.Empty(signOff.Errors);
        var view = await s.ViewAsync(id);
        Assert.Equal(IncidentStage.Closed, view.Stage);
        Assert.Equal("The national audit covers it.", view.Recommendations!.Single(r => r.Id == "R2").ClosedReason);
        Assert.Contains(await s.MailAsync(id), m => m.Subject.Contains("Action plan signed off", StringComparison.Ordinal));
    }
}
