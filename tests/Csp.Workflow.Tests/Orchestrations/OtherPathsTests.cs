using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Testing;
using Csp.Workflow.Actions;
using Csp.Workflow.Tests.Support;

namespace Csp.Workflow.Tests.Orchestrations;

/// <summary>
/// The paths off the main route: statutory duties that hold whatever the chair decides at triage.
/// </summary>
public sealed class OtherPathsTests
{
    private const string SecretaryOfState = "secretary.of.state@education.example";
    private const string Ofsted = "notifications@ofsted.example";

    [Fact]
    public async Task LookedAfterChildDeath_NoAbuseSuspected_TriagedToNoFurtherReview_SecretaryOfStateAndOfstedAreStillTold()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync(new ReferralBuilder().LookedAfterChildDied()
            .WithIncident(i => i with { AbuseOrNeglect = AbuseOrNeglect.No }).Build());
        await s.PassQaAsync(id);

        // The chair's link page says the child was looked after, and that the notice has gone.
        var token = await s.LinkTokenAsync(id, WorkflowScenario.PanelChairEmail, "Decision needed");
        var lookup = await s.Host.CapabilityLinks.LookupAsync(token, CancellationToken.None);
        Assert.Contains(lookup.Summary!, r => r.Label == "Looked after" && r.Value.StartsWith("Yes", StringComparison.Ordinal));
        Assert.Contains(lookup.Summary!, r => r.Label == "Secretary of State and Ofsted" && r.Value.Contains("whatever you decide", StringComparison.Ordinal));
        var chairEmail = Assert.Single(await s.MailAsync(id, WorkflowScenario.PanelChairEmail), m => m.Subject.Contains("Decision needed", StringComparison.Ordinal));
        Assert.Contains("The child was looked after.", chairEmail.TextBody, StringComparison.Ordinal);

        await s.TriageAsync(id, ReferralTriageOutcome.NoFurtherReview);
        Assert.Equal(IncidentStage.Closed, (await s.ViewAsync(id)).Stage);
        var notice = Assert.Single(await s.MailAsync(id, SecretaryOfState));
        Assert.Equal("Notification of a death", notice.Subject[(notice.Subject.IndexOf(']', StringComparison.Ordinal) + 2)..]);
        Assert.Single(await s.MailAsync(id, Ofsted));
        Assert.DoesNotContain("Robin", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains((await s.ViewAsync(id)).Timeline, t => t.What == "Secretary of State and Ofsted notified.");
    }

    [Fact]
    public async Task CareLeaverDeathAged22_TriagedToAnotherLearningReview_SecretaryOfStateAndOfstedAreTold_AndTheChairSeesACareLeaver()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync(new ReferralBuilder()
            .WithChild(c => c with { LookedAfter = false, CareLeaver = true, DateOfBirth = new DateOnly(2002, 6, 1) })
            .WithIncident(i => i with { Outcome = IncidentOutcome.Death, AbuseOrNeglect = AbuseOrNeglect.No }).Build());
        await s.PassQaAsync(id);
        var lookup = await s.Host.CapabilityLinks.LookupAsync(await s.LinkTokenAsync(id, WorkflowScenario.PanelChairEmail, "Decision needed"), CancellationToken.None);
        Assert.Contains(lookup.Summary!, r => r.Label == "Care leaver" && r.Value.StartsWith("Yes", StringComparison.Ordinal));

        await s.TriageAsync(id, ReferralTriageOutcome.OtherLearningReview);
        Assert.Equal(IncidentStage.OtherLearningReview, (await s.ViewAsync(id)).Stage);
        Assert.Single(await s.MailAsync(id, SecretaryOfState));
        Assert.Single(await s.MailAsync(id, Ofsted));
    }

    [Fact]
    public async Task LookedAfterChildDeath_GoingToARapidReview_TellsSecretaryOfStateAndOfstedOnce()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync(new ReferralBuilder().LookedAfterChildDied().Build());
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        Assert.Equal(IncidentStage.Scoping, (await s.ViewAsync(id)).Stage);
        Assert.Single(await s.MailAsync(id, SecretaryOfState));
    }
}
