using System.Text.Json;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Tests.Support;

namespace Csp.Workflow.Tests.Application;

public sealed class CapabilityLinksTests
{
    private static JsonElement Json(object o) => JsonSerializer.SerializeToElement(o);

    [Fact]
    public async Task Link_ShowsTheStepWithoutChildData_WorksOnce_AndNotAfterwards()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        var token = await s.LinkTokenAsync(id, WorkflowScenario.DesignatedOfficer);
        var links = s.Host.CapabilityLinks;

        var lookup = await links.LookupAsync(token, CancellationToken.None);
        Assert.Equal(LinkState.Valid, lookup.State);
        Assert.Equal(LinkKind.Approval, lookup.Kind);
        Assert.Equal(id, lookup.IncidentReference);
        Assert.Equal(["sentOn", "panelReference"], lookup.Fields.Select(f => f.Name).ToArray());
        Assert.DoesNotContain("Robin", JsonSerializer.Serialize(lookup), StringComparison.Ordinal);

        // Invalid input does not use the link up.
        var bad = await links.RedeemAsRecipientAsync(token, Json(new { sentOn = "yesterday" }), CancellationToken.None);
        Assert.Equal(LinkState.Valid, bad.State);
        Assert.Contains(bad.Errors, e => e.Field == "sentOn");
        Assert.Contains(bad.Errors, e => e.Field == "panelReference");
        Assert.Equal(LinkState.Valid, (await links.LookupAsync(token, CancellationToken.None)).State);

        var ok = await links.RedeemAsRecipientAsync(token, Json(new { sentOn = "2025-03-05", panelReference = "NP-1" }), CancellationToken.None);
        Assert.Equal(LinkState.Valid, ok.State);
        Assert.Empty(ok.Errors);
        var again = await links.RedeemAsRecipientAsync(token, Json(new { sentOn = "2025-03-05", panelReference = "NP-1" }), CancellationToken.None);
        Assert.Equal(LinkState.Used, again.State);
        await s.SettleAsync();
        Assert.Contains((await s.ViewAsync(id)).Timeline, t => t.What.StartsWith("National Panel notified", StringComparison.Ordinal) && t.Who.Contains("designated officer", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Link_StepDoneFromTheStaffPages_ReportsStepClosed_AndChangesNothing()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        var token = await s.LinkTokenAsync(id, WorkflowScenario.DesignatedOfficer);
        await s.ActAsync(id, ActionNames.RecordNationalPanelNotification, new { sentOn = "2025-03-05", panelReference = "NP-STAFF" });
        Assert.Equal(LinkState.StepClosed, (await s.Host.CapabilityLinks.LookupAsync(token, CancellationToken.None)).State);
        var result = await s.Host.CapabilityLinks.RedeemAsRecipientAsync(token, Json(new { sentOn = "2025-03-05", panelReference = "NP-LINK" }), CancellationToken.None);
        Assert.Equal(LinkState.StepClosed, result.State);
        await s.SettleAsync();
        Assert.DoesNotContain((await s.ViewAsync(id)).Timeline, t => t.What.Contains("NP-LINK", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Link_UnknownOrMalformedTokens_AreNotFound_AndExpiredLinksExpire()
    {
        await using var s = await WorkflowScenario.StartAsync(overrides: new Dictionary<string, string?> { ["Csp:Reminders:LinkLifetimeDays"] = "3" });
        Assert.Equal(LinkState.NotFound, (await s.Host.CapabilityLinks.LookupAsync("nope", CancellationToken.None)).State);
        Assert.Equal(LinkState.NotFound, (await s.Host.CapabilityLinks.LookupAsync(new string('A', 43), CancellationToken.None)).State);
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        var token = await s.LinkTokenAsync(id, WorkflowScenario.PanelChairEmail);
        await s.AdvanceDaysAsync(4);
        Assert.Equal(LinkState.Expired, (await s.Host.CapabilityLinks.LookupAsync(token, CancellationToken.None)).State);
        var result = await s.Host.CapabilityLinks.RedeemAsRecipientAsync(token, Json(new { outcome = "RapidReview", rationale = "x" }), CancellationToken.None);
        Assert.Equal(LinkState.Expired, result.State);
    }

    [Fact]
    public async Task ScopingLink_StoresTheReturnInTheDocumentStore_AndTheEventCarriesOnlyPaths()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);
        var token = await s.LinkTokenAsync(id, WorkflowScenario.CscScoping);
        var lookup = await s.Host.CapabilityLinks.LookupAsync(token, CancellationToken.None);
        Assert.Equal(LinkKind.ScopingReturn, lookup.Kind);
        var upload = new Csp.Workflow.Ports.UploadedDocument("template.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", BinaryData.FromString("fictional"));
        var result = await s.Host.CapabilityLinks.RedeemAsRecipientAsync(token,
            Json(new { involvement = "Allocated social worker from 2024.", completedBy = "A. Lead", completedByRole = "Team manager" }), [upload], CancellationToken.None);
        Assert.Empty(result.Errors);
        await s.SettleAsync();
        var docs = new List<string>();
        await foreach (var d in s.Host.Documents.ListAsync(id, CancellationToken.None)) docs.Add(d);
        Assert.Contains(docs, d => d.EndsWith("/form.json", StringComparison.Ordinal));
        Assert.Contains(docs, d => d.EndsWith("/template.docx", StringComparison.Ordinal));
        var form = await s.Host.Documents.ReadAsync(docs.First(d => d.EndsWith("/form.json", StringComparison.Ordinal)), CancellationToken.None);
        Assert.Contains("Allocated social worker from 2024.", form!.Content.ToString(), StringComparison.Ordinal);
        var history = await s.Host.Store.LoadAsync($"{id}:scoping:a1", CancellationToken.None);
        Assert.DoesNotContain(history!.History.OfType<Csp.Durable.History.EventRaised>(), e => e.Input!.Contains("Allocated social worker", StringComparison.Ordinal));
    }
}
