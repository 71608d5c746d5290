using System.Text.Json;
using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Csp.Workflow.Tests.Application;

public sealed class IncidentServiceTests
{
    [Fact]
    public async Task SubmitReferral_SameIdempotencyKey_ReturnsTheFirstIncident()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var referral = new ReferralBuilder().Build();
        var first = await s.Incidents.SubmitReferralAsync(referral, WorkflowScenario.BusinessUnit, "form-123", CancellationToken.None);
        var second = await s.Incidents.SubmitReferralAsync(referral, WorkflowScenario.BusinessUnit, "form-123", CancellationToken.None);
        Assert.Equal("CSP-2025-0001", first.IncidentId);
        Assert.False(first.Duplicate);
        Assert.Equal(first.IncidentId, second.IncidentId);
        Assert.True(second.Duplicate);
        var third = await s.Incidents.SubmitReferralAsync(referral, WorkflowScenario.BusinessUnit, "form-456", CancellationToken.None);
        Assert.Equal("CSP-2025-0002", third.IncidentId);
    }

    [Fact]
    public async Task SubmitReferral_KeyBoundButIncidentNeverRecorded_RetryRecordsAndStartsTheIncident()
    {
        // The state a crash leaves between binding the key and recording the incident.
        await using var s = await WorkflowScenario.StartAsync();
        var number = await s.Host.Registry.NextNumberAsync(2025, CancellationToken.None);
        var bound = await s.Host.Registry.BindSubmissionAsync("client-retry-1", $"CSP-2025-{number:D4}", CancellationToken.None);

        var retry = await s.Incidents.SubmitReferralAsync(new ReferralBuilder().Build(), WorkflowScenario.BusinessUnit, "client-retry-1", CancellationToken.None);
        await s.SettleAsync();

        Assert.Equal(bound, retry.IncidentId);
        Assert.False(retry.Duplicate);
        var view = await s.ViewAsync(retry.IncidentId);
        Assert.Contains(view.AvailableActions, a => a.Name == ActionNames.PassReferralQa);
        Assert.Single(view.Timeline, t => t.What.StartsWith("Referral received", StringComparison.Ordinal));
        var again = await s.Incidents.SubmitReferralAsync(new ReferralBuilder().Build(), WorkflowScenario.BusinessUnit, "client-retry-1", CancellationToken.None);
        Assert.Equal(bound, again.IncidentId);
        Assert.True(again.Duplicate);
        var next = await s.Incidents.SubmitReferralAsync(new ReferralBuilder().Build(), WorkflowScenario.BusinessUnit, "client-retry-2", CancellationToken.None);
        Assert.Equal("CSP-2025-0002", next.IncidentId);
    }

    [Fact]
    public async Task SubmitReferral_IncidentRecordedButNotStarted_RetryStartsItWithoutRecordingItAgain()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var first = await s.Incidents.SubmitReferralAsync(new ReferralBuilder().Build(), WorkflowScenario.BusinessUnit, "client-retry-3", CancellationToken.None);
        await s.SettleAsync();
        await s.PassQaAsync(first.IncidentId);

        var retry = await s.Incidents.SubmitReferralAsync(new ReferralBuilder().Build(), WorkflowScenario.BusinessUnit, "client-retry-3", CancellationToken.None);
        await s.SettleAsync();

        Assert.True(retry.Duplicate);
        var view = await s.ViewAsync(first.IncidentId);
        // Progress since is kept, not overwritten by the retry: quality assurance stays passed.
        Assert.DoesNotContain(view.AvailableActions, a => a.Name == ActionNames.PassReferralQa);
        Assert.Contains((await s.ViewAsync(first.IncidentId, WorkflowScenario.Chair)).AvailableActions, a => a.Name == ActionNames.TriageReferral);
        Assert.Single(view.Timeline, t => t.What.StartsWith("Referral received", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SubmitReferral_FiftySimultaneousWithOneKey_OneIncidentAndOneReferenceNumber()
    {
        var slow = new SlowRegistry();
        await using var s = await WorkflowScenario.StartAsync(configure: services => services.AddSingleton<Csp.Workflow.Ports.IIncidentRegistry>(slow));
        var referral = new ReferralBuilder().Build();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() =>
            s.Incidents.SubmitReferralAsync(referral, WorkflowScenario.BusinessUnit, "double-click", CancellationToken.None))));
        var next = await s.Incidents.SubmitReferralAsync(referral, WorkflowScenario.BusinessUnit, "another", CancellationToken.None);

        Assert.Single(results.Select(r => r.IncidentId).Distinct());
        Assert.Single(results, r => !r.Duplicate);
        Assert.Equal("CSP-2025-0001", results[0].IncidentId);
        Assert.Equal("CSP-2025-0002", next.IncidentId);
    }

    /// <summary>The registry with a storage round trip's delay on every call, so simultaneous callers overlap.</summary>
    private sealed class SlowRegistry : Csp.Workflow.Ports.IIncidentRegistry
    {
        private readonly Csp.Integrations.Records.InMemoryIncidentRegistry _inner = new();

        public async Task<int> NextNumberAsync(int year, CancellationToken cancellation)
        {
            await Task.Delay(20, cancellation);
            return await _inner.NextNumberAsync(year, cancellation);
        }

        public async Task<string> BindSubmissionAsync(string idempotencyKey, string incidentId, CancellationToken cancellation)
        {
            await Task.Delay(20, cancellation);
            return await _inner.BindSubmissionAsync(idempotencyKey, incidentId, cancellation);
        }

        public async Task<string?> FindSubmissionAsync(string idempotencyKey, CancellationToken cancellation)
        {
            await Task.Delay(20, cancellation);
            return await _inner.FindSubmissionAsync(idempotencyKey, cancellation);
        }
    }

    [Fact]
    public async Task SubmitReferral_Invalid_ListsEveryFieldError()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var referral = new ReferralBuilder().With(r => r with { SignOff = null, Referrer = r.Referrer! with { Email = "not-an-email" } }).Build();
        var ex = await Assert.ThrowsAsync<ReferralValidationException>(() => s.Incidents.SubmitReferralAsync(referral, WorkflowScenario.BusinessUnit, null, CancellationToken.None));
        Assert.Contains(ex.Errors, e => e.Field == "signOff");
        Assert.Contains(ex.Errors, e => e.Field == "referrer.email");
    }

    [Fact]
    public async Task AvailableActions_FollowTheStepAndTheRole()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        var unit = await s.ViewAsync(id);
        // A notifiable referral: the National Panel notification (or why it is not made yet) can be recorded from the start.
        Assert.Equal([ActionNames.PassReferralQa, ActionNames.RecordNationalPanelNotification, ActionNames.RecordNotificationDelay, ActionNames.ReturnReferral],
            unit.AvailableActions.Select(a => a.Name).Order().ToArray());
        Assert.Empty((await s.ViewAsync(id, WorkflowScenario.Chair)).AvailableActions);
        var readOnly = await s.ViewAsync(id, new StaffUser("Reader", StaffRoles.ReadOnly));
        Assert.Empty(readOnly.AvailableActions);
        Assert.Null(readOnly.Referral);
        Assert.Equal("Waiting for: National Panel notification recorded; Quality assurance of the referral", unit.AwaitingSummary);

        await Assert.ThrowsAsync<ActionNotAvailableException>(() => s.ActAsync(id, ActionNames.PassReferralQa, new { }, WorkflowScenario.Chair));
        await Assert.ThrowsAsync<ActionNotAvailableException>(() => s.ActAsync(id, ActionNames.TriageReferral, new { outcome = "RapidReview", rationale = "x" }, WorkflowScenario.Chair));
        await Assert.ThrowsAsync<ActionNotAvailableException>(() => s.ActAsync(id, "no-such-action", new { }));
        await Assert.ThrowsAsync<IncidentNotFoundException>(() => s.ActAsync("CSP-2099-9999", ActionNames.PassReferralQa, new { }));

        await s.PassQaAsync(id);
        var chair = await s.ViewAsync(id, WorkflowScenario.Chair);
        var triage = Assert.Single(chair.AvailableActions);
        Assert.Equal(ActionNames.TriageReferral, triage.Name);
        Assert.Equal(["RapidReview", "OtherLearningReview", "NoFurtherReview"], triage.Fields.Single(f => f.Name == "outcome").AllowedValues);
    }

    [Fact]
    public async Task PerformAction_BadFields_AreFieldErrors_AndDomainRefusalsToo()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        var missing = await Assert.ThrowsAsync<ActionValidationException>(() => s.ActAsync(id, ActionNames.TriageReferral, new { outcome = "Maybe" }, WorkflowScenario.Chair));
        Assert.Contains(missing.Errors, e => e.Field == "outcome");
        Assert.Contains(missing.Errors, e => e.Field == "rationale");
        await s.TriageAsync(id);

        var early = await Assert.ThrowsAsync<ActionValidationException>(() =>
            s.ActAsync(id, ActionNames.RecordNationalPanelNotification, new { sentOn = "2025-03-01", panelReference = "NP-1" }));
        Assert.Contains(early.Errors, e => e.Message.Contains("before the local authority became aware", StringComparison.Ordinal));
        var future = await Assert.ThrowsAsync<ActionValidationException>(() =>
            s.ActAsync(id, ActionNames.RecordNationalPanelNotification, new { sentOn = "2025-04-01", panelReference = "NP-1" }));
        Assert.Contains(future.Errors, e => e.Field == "sentOn");
        // Refused, so nothing recorded: scoping runs, the notification is still awaited.
        var view = await s.ViewAsync(id);
        Assert.Equal(IncidentStage.Scoping, view.Stage);
        Assert.Equal(DeadlineState.Due, view.Deadlines.Single(d => d.Kind == Csp.Domain.Timescales.DeadlineKinds.NationalPanelNotification).State);
    }

    [Fact]
    public async Task ReturnedReferral_IsResubmittedAndPassesSecondTime()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.ActAsync(id, ActionNames.ReturnReferral, new { missingItems = "The chronology of agency contact is missing." });
        var returned = (await s.MailAsync(id, "pat.referrer@exampleshire.example")).Single(m => m.Subject.Contains("needs more information", StringComparison.Ordinal));
        Assert.Contains("The chronology of agency contact is missing.", returned.TextBody, StringComparison.Ordinal);
        Assert.True(await s.CanAsync(id, ActionNames.ResubmitReferral));
        await s.Incidents.ResubmitReferralAsync(id, new ReferralBuilder().With(r => r with { ReferrerRationale = "Now with the chronology." }).Build(), WorkflowScenario.BusinessUnit, CancellationToken.None);
        await s.SettleAsync();
        await s.PassQaAsync(id);
        var view = await s.ViewAsync(id);
        Assert.Equal("Now with the chronology.", view.Referral!.ReferrerRationale);
        Assert.Contains(view.Timeline, t => t.What.StartsWith("Referral returned to the referrer", StringComparison.Ordinal));
        Assert.Contains(view.Timeline, t => t.What.StartsWith("Referral passed quality assurance", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DoubleSubmission_OfTheSameAction_IsAppliedOnce()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        var fields = JsonSerializer.SerializeToElement(new { notes = "ok" });
        // A double click: two posts at once. The workflow decides the first; the second is no longer
        // available, or is dropped unanswered (still being recorded), and never answered as recorded too.
        async Task<ActionOutcome?> Post()
        {
            try
            {
                return await s.Incidents.PerformActionAsync(id, ActionNames.PassReferralQa, fields, WorkflowScenario.BusinessUnit, CancellationToken.None);
            }
            catch (ActionNotAvailableException)
            {
                return null;
            }
        }
        var answers = await Task.WhenAll(Post(), Post());
        await s.SettleAsync();
        Assert.Single(answers, a => a is { Pending: false });
        var view = await s.ViewAsync(id);
        Assert.Single(view.Timeline, t => t.What.StartsWith("Referral passed quality assurance", StringComparison.Ordinal));
        Assert.DoesNotContain(view.Timeline, t => t.What.StartsWith("Refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListIncidents_NewestFirst_WithNextDeadlineAndRag()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var a = await s.SubmitAsync();
        await s.PassQaAsync(a);
        await s.TriageAsync(a);
        await s.AdvanceWorkingDaysAsync(1);
        var b = await s.SubmitAsync();
        await s.AdvanceToDateAsync(new DateOnly(2025, 3, 12));
        var page = await s.Incidents.ListIncidentsAsync(new IncidentListQuery(PageSize: 1), CancellationToken.None);
        Assert.Equal(b, Assert.Single(page.Incidents).IncidentId);
        Assert.NotNull(page.ContinuationToken);
        var next = await s.Incidents.ListIncidentsAsync(new IncidentListQuery(PageSize: 1, ContinuationToken: page.ContinuationToken), CancellationToken.None);
        var first = Assert.Single(next.Incidents);
        Assert.Equal(a, first.IncidentId);
        Assert.Equal(RagStatus.Red, first.Rag); // The National Panel notification was due on the 11th.
        Assert.Equal(Csp.Domain.Timescales.DeadlineKinds.NationalPanelNotification, first.NextDeadline!.Kind);
        var scoping = await s.Incidents.ListIncidentsAsync(new IncidentListQuery(Stage: IncidentStage.Scoping), CancellationToken.None);
        Assert.Equal([a], scoping.Incidents.Select(i => i.IncidentId).ToArray());
    }

    [Fact]
    public async Task ListIncidents_LocalAmberThreshold_AmberFromTheConfiguredWorkingDays()
    {
        await using var s = await WorkflowScenario.StartAsync(overrides: new Dictionary<string, string?> { ["Csp:Timescales:AmberWithinWorkingDays"] = "5" });
        var id = await s.SubmitAsync();

        var summary = Assert.Single((await s.Incidents.ListIncidentsAsync(new IncidentListQuery(), CancellationToken.None)).Incidents);

        Assert.Equal(id, summary.IncidentId);
        var workingDaysAway = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.WorkingDaysBetween(s.Today, summary.NextDeadline!.Due);
        Assert.InRange(workingDaysAway, 3, 5); // Green under the default of 2.
        Assert.Equal(RagStatus.Amber, summary.Rag);
    }
}
