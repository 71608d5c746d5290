using Csp.Domain.Incidents;
using Microsoft.DurableTask.Client;
using Csp.Integrations.Mail;
using Csp.Workflow.Application;
using Csp.Workflow.Ports;
using Csp.Workflow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Csp.Workflow.Tests.Orchestrations;

/// <summary>
/// Crashes: the engine is stopped with work in flight (right after each human action, before its
/// turn and activities finish) and a new engine starts on the same stores. The incident must end
/// exactly as it does without crashes: same stage, same deadlines, same emails, same audit trail.
/// </summary>
public sealed class CrashRecoveryTests
{
    private sealed record Outcome(IncidentStage Stage, IReadOnlyList<string> Deadlines, IReadOnlyList<string> Emails, IReadOnlyList<string> Timeline, OrchestrationRuntimeStatus Status);

    private static async Task<Outcome> RunAsync(bool crash, Func<WorkflowScenario, Task<string>> journey)
    {
        await using var s = await WorkflowScenario.StartAsync();
        s.CrashAfterEachAction = crash;
        var id = await journey(s);
        var view = await s.ViewAsync(id);
        var mail = await s.MailAsync(id);
        Assert.Equal(mail.Count, mail.Select(m => m.DedupeKey).Distinct().Count());
        if (crash) Assert.True(s.Host.Restarts > 10, $"Only {s.Host.Restarts} restarts.");
        var status = (await s.Host.Client.GetInstanceAsync(id))!.RuntimeStatus;
        return new Outcome(view.Stage,
            view.Deadlines.Select(d => $"{d.Kind}:{d.State}:{d.Due}:{d.MetOn}").Order(StringComparer.Ordinal).ToList(),
            mail.Select(m => m.DedupeKey).Order(StringComparer.Ordinal).ToList(),
            view.Timeline.Select(t => $"{t.At:O} {t.Who}: {t.What} ({t.Why})").Order(StringComparer.Ordinal).ToList(),
            status);
    }

    private static async Task<string> FullJourney(WorkflowScenario s)
    {
        var id = await s.ToDecisionOutcomeAsync();
        await s.ActAsync(id, Csp.Workflow.Actions.ActionNames.PauseReview, new { proceedings = "Criminal", reason = "Trial.", from = WorkflowScenario.Iso(s.Today) });
        await s.AdvanceDaysAsync(20);
        await s.ActAsync(id, Csp.Workflow.Actions.ActionNames.ResumeReview, new { on = WorkflowScenario.Iso(s.Today) });
        await s.CompleteCsprAsync(id);
        await s.AdvanceWorkingDaysAsync(2);
        await s.SendNoticeAsync(id);
        await s.AdvanceDaysAsync(26);
        await s.PublishAsync(id);
        await s.CompleteActionPlanAsync(id);
        await s.AdvanceDaysAsync(95);
        await s.ActByLinkAsync(id, "owner@police.example", new { progress = "Done.", completed = true });
        await s.ActByLinkAsync(id, WorkflowScenario.PartnershipChairEmail, new { on = WorkflowScenario.Iso(s.Today) }, "Sign-off needed");
        return id;
    }

    [Fact]
    public async Task WholeIncident_CrashAfterEveryAction_EndsExactlyAsWithoutCrashes()
    {
        var calm = await RunAsync(crash: false, FullJourney);
        var crashed = await RunAsync(crash: true, FullJourney);
        Assert.Equal(IncidentStage.Closed, calm.Stage);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, calm.Status);
        Assert.Equal(calm.Stage, crashed.Stage);
        Assert.Equal(calm.Status, crashed.Status);
        Assert.Equal(calm.Deadlines, crashed.Deadlines);
        Assert.Equal(calm.Emails, crashed.Emails);
        Assert.Equal(calm.Timeline, crashed.Timeline);
    }

    [Fact]
    public async Task LatePaths_CrashAfterEveryAction_EndsExactlyAsWithoutCrashes()
    {
        static async Task<string> Late(WorkflowScenario s)
        {
            var id = await s.SubmitAsync();
            await s.PassQaAsync(id);
            await s.TriageAsync(id);
            await s.AdvanceToDateAsync(new DateOnly(2025, 3, 13));
            await s.NotifyPanelAsync(id);
            await s.ReturnScopingAsync(id, WorkflowScenario.CscScoping);
            await s.ActAsync(id, Csp.Workflow.Actions.ActionNames.RequestScopingResubmission, new { agency = "Exampleshire Children's Services", gaps = "Add dates." });
            await s.ScheduleMeetingAsync(id, new DateOnly(2025, 3, 31));
            await s.AdvanceToDateAsync(new DateOnly(2025, 3, 28));
            await s.ReturnScopingAsync(id, WorkflowScenario.CscScoping);
            await s.AcceptScopingAsync(id, "Exampleshire Children's Services");
            await s.AdvanceToDateAsync(new DateOnly(2025, 3, 31));
            await s.HoldMeetingAsync(id);
            await s.DecideAsync(id, RapidReviewOutcome.NoFurtherReview);
            await s.AdvanceWorkingDaysAsync(3);
            await s.ApproveByLinkAsync(id);
            await s.SubmitReportAsync(id, Csp.Workflow.Model.ReportKind.RapidReviewReport, Csp.Workflow.Actions.ActionNames.RecordRapidReviewReportSubmitted);
            await s.PanelRespondsAsync(id);
            return id;
        }

        var calm = await RunAsync(crash: false, Late);
        var crashed = await RunAsync(crash: true, Late);
        Assert.Equal(IncidentStage.Closed, calm.Stage);
        Assert.Equal(calm.Deadlines, crashed.Deadlines);
        Assert.Equal(calm.Emails, crashed.Emails);
        Assert.Equal(calm.Timeline, crashed.Timeline);
        // Scoping closed without every return: missed, on the record, but no longer an open (overdue) deadline.
        Assert.Contains(calm.Deadlines, d => d.StartsWith("ScopingReturns:Missed", StringComparison.Ordinal) || d.StartsWith("ScopingReturns:MetLate", StringComparison.Ordinal));
    }

    /// <summary>An email adapter that delivers, then reports a failure the first time for each step (a lost response).</summary>
    private sealed class LostResponseSender(InMemoryMailbox inner) : IEmailSender
    {
        private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
        public int Failures { get; private set; }

        public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellation)
        {
            var result = await inner.SendAsync(message, cancellation);
            lock (_failed)
            {
                if (!_failed.Add(message.DedupeKey)) return result;
                Failures++;
            }
            throw new HttpRequestException("The connection closed before the response arrived.");
        }
    }

    [Fact]
    public async Task EmailSend_ActivityRunsAgainAfterALostResponse_NobodyGetsTwoEmails()
    {
        LostResponseSender? sender = null;
        await using var s = await WorkflowScenario.StartAsync(configure: services => services.Replace(ServiceDescriptor.Singleton<IEmailSender>(sp =>
            sender = new LostResponseSender(sp.GetRequiredService<InMemoryMailbox>()))));
        var id = await s.SubmitAsync();
        await s.AdvanceAsync(TimeSpan.FromMinutes(10)); // retries run on durable timers
        await s.PassQaAsync(id);
        await s.AdvanceAsync(TimeSpan.FromMinutes(10));
        await s.TriageAsync(id);
        await s.AdvanceAsync(TimeSpan.FromMinutes(10));
        await s.NotifyPanelAsync(id);
        await s.AdvanceAsync(TimeSpan.FromMinutes(10));

        Assert.NotNull(sender);
        Assert.True(sender.Failures >= 5, $"Only {sender.Failures} failures were injected.");
        Assert.True(s.Mailbox.DuplicatesSuppressed >= sender.Failures);
        var mail = await s.MailAsync(id);
        Assert.Equal(mail.Count, mail.Select(m => m.DedupeKey).Distinct().Count());
        // The first link emailed still works: the agency returns through it.
        await s.ReturnScopingAsync(id, WorkflowScenario.PoliceScoping);
        Assert.Equal("Returned", (await s.ViewAsync(id)).Scoping.Single(a => a.Agency == "Exampleshire Police").Status);
        Assert.Equal(IncidentStage.Scoping, (await s.ViewAsync(id)).Stage);
    }
}
