using Csp.Domain.Incidents;
using Csp.Workflow.Tests.Support;

namespace Csp.Workflow.Tests.Orchestrations;

/// <summary>A referral waiting for quality assurance is chased, and the Panel notification clock runs meanwhile.</summary>
public sealed class ReferralQaChaseTests
{
    [Fact]
    public async Task ReferralInQa_IsRemindedThenEscalated_AndTheNotificationWatchRunsFromAwareness()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();

        await s.AdvanceWorkingDaysAsync(4);

        var view = await s.ViewAsync(id);
        Assert.Equal(IncidentStage.ReferralQa, view.Stage);
        Assert.Contains(await s.MailAsync(id, "business.unit@exampleshire.example"), m => m.Subject.Contains("Reminder: Referral quality assurance", StringComparison.Ordinal));
        Assert.Contains(await s.MailAsync(id), m => m.Subject.Contains("Overdue: Referral quality assurance", StringComparison.Ordinal));
        // The designated officer is reminded of the notification while the referral is still in QA.
        Assert.Contains(await s.MailAsync(id), m => m.Subject.Contains("National Panel notification", StringComparison.Ordinal) && m.Subject.Contains("Overdue", StringComparison.Ordinal)
                                                    || m.Subject.Contains("Reminder: National Panel notification", StringComparison.Ordinal));

        // Once QA is done the chase stops.
        await s.PassQaAsync(id);
        var chases = (await s.MailAsync(id)).Count(m => m.Subject.Contains("Referral quality assurance", StringComparison.Ordinal));
        await s.AdvanceWorkingDaysAsync(6);
        Assert.Equal(chases, (await s.MailAsync(id)).Count(m => m.Subject.Contains("Referral quality assurance", StringComparison.Ordinal)));
    }
}
