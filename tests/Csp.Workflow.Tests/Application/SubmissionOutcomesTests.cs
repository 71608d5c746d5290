using System.Text.Json;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Model;
using Csp.Workflow.Tests.Support;

namespace Csp.Workflow.Tests.Application;

/// <summary>
/// Each submission is decided once, by the orchestration; the API and the link answer from the
/// outcome it recorded (<see cref="SubmissionOutcomes"/>), never from a dry run of their own.
/// </summary>
public sealed class SubmissionOutcomesTests
{
    private static readonly object FutureNotification = new { sentOn = "2025-04-01", panelReference = "NP-1" };

    [Fact]
    public async Task PerformAction_RefusedByTheProcess_AnswersWithTheRefusalTheWorkflowRecorded()
    {
        await using var s = await TriagedAsync();

        var refused = await Assert.ThrowsAsync<ActionValidationException>(() => s.ActAsync(s.IncidentId, ActionNames.RecordNationalPanelNotification, FutureNotification));

        Assert.Contains(refused.Errors, e => e.Field == "sentOn");
        var entry = Assert.Single((await s.Scenario.ViewAsync(s.IncidentId)).Timeline, t => t.Kind == AuditKinds.Refused);
        Assert.Equal(refused.Refusal, entry.Why);
    }

    [Fact]
    public async Task Link_RefusedByTheProcess_AnswersWithItsFieldErrors_AndWorksAgain()
    {
        await using var s = await TriagedAsync();

        var refused = await s.Scenario.ActByLinkAsync(s.IncidentId, WorkflowScenario.DesignatedOfficer, FutureNotification);

        Assert.Contains(refused.Errors, e => e.Field == "sentOn");
        Assert.Single((await s.Scenario.ViewAsync(s.IncidentId)).Timeline, t => t.Kind == AuditKinds.Refused);
        // The refusal gave the link back: its recipient corrects the date and sends again with it.
        await s.Scenario.NotifyPanelAsync(s.IncidentId);
        Assert.Contains((await s.Scenario.ViewAsync(s.IncidentId)).Timeline, t => t.What.StartsWith("National Panel notified", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SameSubmission_DeliveredTwice_IsDecidedOnce()
    {
        await using var s = await TriagedAsync();
        var record = await s.Scenario.Host.Records.LoadAsync(s.IncidentId, CancellationToken.None);
        var step = record!.OpenSteps.First(x => x.Actions.Contains(ActionNames.RecordNationalPanelNotification));
        var submission = new StepSubmission(step.StepId, ActionNames.RecordNationalPanelNotification, WorkflowScenario.BusinessUnit.Name, WorkflowScenario.BusinessUnit.Role,
            s.Scenario.Now, new Dictionary<string, string> { ["sentOn"] = "2025-04-01", ["panelReference"] = "NP-1" }, SubmissionId: "delivered-twice");

        // Events may arrive twice: a refused submission leaves the step open, so both deliveries reach the orchestration.
        await s.Scenario.Host.Client.RaiseEventAsync(step.InstanceId, step.EventName, submission);
        await s.Scenario.Host.Client.RaiseEventAsync(step.InstanceId, step.EventName, submission);
        await s.Scenario.SettleAsync();

        var outcome = Assert.Single((await s.Scenario.Host.Records.LoadAsync(s.IncidentId, CancellationToken.None))!.Audit, a => a.Kind == AuditKinds.Refused);
        Assert.Equal(AuditEntry.OutcomeId("delivered-twice"), outcome.Id);
        Assert.Contains(outcome.Errors!, e => e.Field == "sentOn");
    }

    private static async Task<Triaged> TriagedAsync()
    {
        var scenario = await WorkflowScenario.StartAsync();
        var id = await scenario.SubmitAsync();
        await scenario.PassQaAsync(id);
        await scenario.TriageAsync(id);
        return new Triaged(scenario, id);
    }

    private sealed record Triaged(WorkflowScenario Scenario, string IncidentId) : IAsyncDisposable
    {
        public Task ActAsync(string id, string action, object fields) => Scenario.ActAsync(id, action, fields);

        public ValueTask DisposeAsync() => Scenario.DisposeAsync();
    }
}
