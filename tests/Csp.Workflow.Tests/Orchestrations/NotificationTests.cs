using Csp.Durable;
using Csp.Workflow.Model;
using Csp.Workflow.Tests.Support;

namespace Csp.Workflow.Tests.Orchestrations;

public sealed class NotificationTests
{
    [Fact]
    public async Task LookedAfterChildDeath_NotifiesSecretaryOfStateAndOfsted_AndPartners_WithoutNamingTheChild()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync(new ReferralBuilder().LookedAfterChildDied().Build());
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        var sos = Assert.Single(await s.MailAsync(id, "secretary.of.state@education.example"));
        Assert.Single(await s.MailAsync(id, "notifications@ofsted.example"));
        Assert.Contains(id, sos.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("Robin", sos.TextBody, StringComparison.Ordinal);
        // Informing only: the Secretary of State and Ofsted have no account, so no pointer to the secure site.
        Assert.DoesNotContain("secure site", sos.TextBody + sos.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Single(await s.MailAsync(id, "dcs@exampleshire.example"));
        var view = await s.ViewAsync(id);
        Assert.Contains(view.Timeline, t => t.What == "Secretary of State and Ofsted notified." && t.Why!.Contains("looked-after child", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SeriousHarmNotLookedAfter_DoesNotNotifySecretaryOfState()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        Assert.Empty(await s.MailAsync(id, "secretary.of.state@education.example"));
    }

    [Fact]
    public async Task CustomStatus_ShowsStageNextDeadlineAndWhatIsAwaited()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        var root = (await s.Host.Client.GetInstanceAsync(id))!.ReadCustomStatusAs<WorkflowStatus>()!;
        // Scoping runs alongside the notification; the notification is the earliest open deadline.
        Assert.Equal("scoping", root.Stage);
        Assert.Equal("NationalPanelNotification", root.NextDeadline);
        Assert.Equal(new DateOnly(2025, 3, 11), root.NextDue);
        Assert.Contains(root.Awaiting, a => a.Contains($"{id}:scoping", StringComparison.Ordinal));
        var stage = (await s.Host.Client.GetInstanceAsync($"{id}:scoping"))!.ReadCustomStatusAs<WorkflowStatus>()!;
        Assert.Contains("National Panel notification recorded", stage.Awaiting);
        Assert.Equal("NationalPanelNotification", stage.NextDeadline);
        Assert.Equal(new DateOnly(2025, 3, 11), stage.NextDue);
    }
}
