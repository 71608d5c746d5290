using System.Text.Json;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Model;
using Csp.Workflow.Tests.Support;

namespace Csp.Workflow.Tests.Orchestrations;

/// <summary>
/// The approval of the Rapid Review decision and report covers the version of the report the approver
/// read: a version uploaded after the page was opened refuses the approval (nothing recorded, the link
/// still works), a version the business unit has not marked ready cannot be approved, and an approval
/// records the version it covers.
/// </summary>
public sealed class ReportApprovalTests
{
    private const string Reason = "Version 3 was uploaded after you opened this page: read it, then approve.";

    /// <summary>The decision recorded, the draft completed as version 2 and marked ready by the business unit: the approver is asked.</summary>
    private static async Task<string> ReadyAsync(WorkflowScenario s)
    {
        var id = await s.ToDecisionRecordedAsync();
        Assert.Equal(2, await s.UploadReportAsync(id, ReportKind.RapidReviewReport, "rapid-review-completed.pdf"));
        await s.MarkReportReadyAsync(id, 2);
        return id;
    }

    private static string? VersionShown(IReadOnlyList<ActionField> fields) =>
        fields.Single(f => f.Name == ActionCatalogue.ReportVersionField).Value;

    [Fact]
    public async Task ApproveByLink_NewVersionUploadedAfterThePageOpened_RefusedNothingRecordedAndTheLinkStillWorks()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await ReadyAsync(s);
        var token = await s.LinkTokenAsync(id, WorkflowScenario.PanelChairEmail, "Approval needed");
        var opened = await s.Host.CapabilityLinks.LookupAsync(token, CancellationToken.None);
        Assert.Equal("2", VersionShown(opened.Fields));

        // The business unit uploads a later version while the approver reads version 2.
        Assert.Equal(3, await s.UploadReportAsync(id, ReportKind.RapidReviewReport, "rapid-review-later.pdf"));
        var before = await s.ViewAsync(id);
        var refused = await s.Host.CapabilityLinks.RedeemAsRecipientAsync(token,
            JsonSerializer.SerializeToElement(new { approval = "Approve", comments = "Agreed.", reportVersion = "2" }), CancellationToken.None);
        await s.SettleAsync();

        Assert.True(refused.Conflict);
        Assert.Equal(Reason, refused.Message);
        Assert.Equal(ActionCatalogue.ReportVersionField, Assert.Single(refused.Errors).Field);
        var after = await s.ViewAsync(id);
        Assert.Null(after.RapidReviewDecision!.ApprovedOn);
        Assert.Null(after.RapidReviewDecision.ApprovedVersion);
        Assert.Equal(before.Timeline.Count, after.Timeline.Count);
        Assert.DoesNotContain(after.Timeline, t => t.What.Contains("approved", StringComparison.OrdinalIgnoreCase));

        // The same link still works and now shows version 3, which the business unit has not marked ready: approving it is refused.
        var reopened = await s.Host.CapabilityLinks.LookupAsync(token, CancellationToken.None);
        Assert.Equal(LinkState.Valid, reopened.State);
        Assert.Equal("3", VersionShown(reopened.Fields));
        Assert.Contains(reopened.Summary!, r => r.Label == "Report being approved" && r.Value.StartsWith("Version 3 (rapid-review-later.pdf)", StringComparison.Ordinal));
        var notReady = await s.Host.CapabilityLinks.RedeemAsRecipientAsync(token,
            JsonSerializer.SerializeToElement(new { approval = "Approve", comments = "Version 3 agreed.", reportVersion = "3" }), CancellationToken.None);
        Assert.StartsWith("The business unit has not marked version 3", Assert.Single(notReady.Errors).Message);

        // Marked ready, version 3 is asked for with a new link; approving it records version 3.
        await s.MarkReportReadyAsync(id, 3);
        var ready = await s.LinkTokenAsync(id, WorkflowScenario.PanelChairEmail, "Approval needed");
        Assert.NotEqual(token, ready);
        var approved = await s.Host.CapabilityLinks.RedeemAsRecipientAsync(ready,
            JsonSerializer.SerializeToElement(new { approval = "Approve", comments = "Version 3 agreed.", reportVersion = "3" }), CancellationToken.None);
        await s.SettleAsync();

        Assert.False(approved.Conflict);
        Assert.Empty(approved.Errors);
        var view = await s.ViewAsync(id);
        Assert.Equal(3, view.RapidReviewDecision!.ApprovedVersion);
        Assert.NotNull(view.RapidReviewDecision.ApprovedOn);
        const string what = "Rapid Review decision and report (version 3) approved.";
        Assert.Contains(view.Timeline, t => t.What == what && t.Why == "Version 3 agreed.");
        Assert.Contains(view.Decisions!, d => d.What == what);
    }

    [Fact]
    public async Task ApproveOnIncidentPage_VersionReadIsNotTheNewest_ConflictUntilTheNewestIsMarkedReadyAndApproved()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await ReadyAsync(s);
        var shown = (await s.ViewAsync(id, WorkflowScenario.Chair)).AvailableActions.Single(a => a.Name == ActionNames.ApproveRapidReviewReport);
        Assert.Equal("2", VersionShown(shown.Fields));
        await s.UploadReportAsync(id, ReportKind.RapidReviewReport, "rapid-review-later.pdf");

        var conflict = await Assert.ThrowsAsync<ActionConflictException>(() =>
            s.ActAsync(id, ActionNames.ApproveRapidReviewReport, new { approval = "Approve", reportVersion = "2" }, WorkflowScenario.Chair));
        Assert.Equal(Reason, conflict.Reason);
        // Approving without saying which version was read is a missing field, not an approval of whatever is newest.
        var missing = await Assert.ThrowsAsync<ActionValidationException>(() =>
            s.ActAsync(id, ActionNames.ApproveRapidReviewReport, new { approval = "Approve" }, WorkflowScenario.Chair));
        Assert.Equal(ActionCatalogue.ReportVersionField, Assert.Single(missing.Errors).Field);
        Assert.Null((await s.ViewAsync(id)).RapidReviewDecision!.ApprovedOn);

        var reloaded = (await s.ViewAsync(id, WorkflowScenario.Chair)).AvailableActions.Single(a => a.Name == ActionNames.ApproveRapidReviewReport);
        Assert.Equal("3", VersionShown(reloaded.Fields));
        await s.MarkReportReadyAsync(id, 3);
        await s.ActAsync(id, ActionNames.ApproveRapidReviewReport, new { approval = "Approve", reportVersion = "3" }, WorkflowScenario.Chair);

        var view = await s.ViewAsync(id);
        Assert.Equal(3, view.RapidReviewDecision!.ApprovedVersion);
        Assert.Contains(view.Timeline, t => t.What == "Rapid Review decision and report (version 3) approved." && t.Who == WorkflowScenario.Chair.Name);
    }

    [Fact]
    public async Task ApproveByLink_AskingForChanges_NeedsNoVersion()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await ReadyAsync(s);
        var token = await s.LinkTokenAsync(id, WorkflowScenario.PanelChairEmail, "Approval needed");
        await s.UploadReportAsync(id, ReportKind.RapidReviewReport);

        var changes = await s.Host.CapabilityLinks.RedeemAsRecipientAsync(token,
            JsonSerializer.SerializeToElement(new { approval = "RequestChanges", comments = "Add the immediate actions taken.", reportVersion = "2" }), CancellationToken.None);
        await s.SettleAsync();

        Assert.False(changes.Conflict);
        Assert.Empty(changes.Errors);
        Assert.Contains((await s.ViewAsync(id)).Timeline, t => t.What == "Changes requested to the Rapid Review decision and report.");
    }

    [Fact]
    public async Task ApprovalEvent_WithoutTheVersionTheServiceChecked_RefusedByTheProcess()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await ReadyAsync(s);
        var step = (await s.Host.Records.LoadAsync(id, CancellationToken.None))!.OpenSteps.Single(x => x.Actions.Contains(ActionNames.ApproveRapidReviewReport));

        // An event that did not pass the service's check (raised directly, or replayed from before it): the transition refuses it.
        var notChecked = new StepSubmission(step.StepId, ActionNames.ApproveRapidReviewReport, WorkflowScenario.Chair.Name, WorkflowScenario.Chair.Role,
            s.Host.Clock.GetUtcNow(), new Dictionary<string, string> { ["approval"] = "Approve", [ActionCatalogue.ReportVersionField] = "2" });
        await s.Host.Client.RaiseEventAsync(step.InstanceId, step.EventName, notChecked);
        // Checked against an older upload than the version read: refused too.
        var stale = notChecked with { Fields = new Dictionary<string, string> { ["approval"] = "Approve", [ActionCatalogue.ReportVersionField] = "2", [CaseTransitions.LatestReportVersionField] = "3" } };
        await s.Host.Client.RaiseEventAsync(step.InstanceId, step.EventName, stale);
        await s.SettleAsync();

        var view = await s.ViewAsync(id);
        Assert.Null(view.RapidReviewDecision!.ApprovedOn);
        Assert.Equal(2, view.Timeline.Count(t => t.Kind == AuditKinds.Refused));
        Assert.Contains(view.Timeline, t => t.Kind == AuditKinds.Refused && t.Why == Reason);
        Assert.True(await s.CanAsync(id, ActionNames.ApproveRapidReviewReport, WorkflowScenario.Chair));
    }
}
