using Csp.Workflow.Actions;
using Csp.Workflow.Activities;
using Csp.Workflow.Documents;
using Csp.Workflow.Model;
using Csp.Workflow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Csp.Workflow.Tests.Activities;

public sealed class CollateScopingPackTests
{
    private const string Housing = "housing@exampleshire.example";

    private static async Task<byte[]> WordAsync(WorkflowScenario s, string id, int version)
    {
        var stored = await s.Host.Documents.ReadAsync(id + "/" + CaseDocumentNames.ScopingPackWord(id, version), CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(WordDocument.ContentType, stored.ContentType);
        return stored.Content.ToArray();
    }

    private static async Task<List<string>> DocumentsAsync(WorkflowScenario s, string id)
    {
        var documents = new List<string>();
        await foreach (var d in s.Host.Documents.ListAsync(id, CancellationToken.None)) documents.Add(d);
        return documents;
    }

    [Fact]
    public async Task ScopingPack_LateReturnAcceptedAfterItWasSent_IsCollatedAgainAsVersion2()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);
        await s.ReturnScopingAsync(id, WorkflowScenario.CscScoping);
        await s.ReturnScopingAsync(id, WorkflowScenario.PoliceScoping);
        await s.AcceptScopingAsync(id, "Exampleshire Children's Services");
        await s.AcceptScopingAsync(id, "Exampleshire Police");

        // Version 1 went to the panel with the two returns.
        Assert.Equal(1, (await s.ViewAsync(id)).ScopingPacks);
        var first = WordDocumentReader.Open(await WordAsync(s, id, 1));
        Assert.Empty(first.ValidationErrors);
        Assert.Empty(first.Placeholders());
        Assert.Contains("Exampleshire Police", first.Text);
        Assert.DoesNotContain("Exampleshire Housing", first.Text);

        // Housing is found to have known the family; its return comes in after the pack went out and is accepted.
        await s.ActAsync(id, ActionNames.AddScopingAgency, new { name = "Exampleshire Housing", agencyType = "Other", contactEmail = Housing });
        var returned = await s.ActByLinkAsync(id, Housing, new
        {
            involvement = "Rent arrears letters; a home visit in January.",
            keyPracticeEpisodes = "The January visit found the flat cold.",
            completedBy = "Jo Housing",
            completedByRole = "Tenancy manager",
        });
        Assert.Empty(returned.Errors);
        await s.AcceptScopingAsync(id, "Exampleshire Housing");

        var view = await s.ViewAsync(id);
        Assert.Equal(2, view.ScopingPacks);
        var second = WordDocumentReader.Open(await WordAsync(s, id, 2));
        Assert.Empty(second.ValidationErrors);
        Assert.Empty(second.Placeholders());
        Assert.Contains("Version 2, collated on", second.Text);
        Assert.Equal(["Exampleshire Children's Services", "Exampleshire Police", "Exampleshire Housing"],
            second.Headings.Where(h => h.Level == 2).Select(h => h.Text));
        Assert.Contains("Rent arrears letters; a home visit in January.", second.Text);
        Assert.Contains("The January visit found the flat cold.", second.Text);
        // Version 1 stays as it was circulated.
        Assert.DoesNotContain("Exampleshire Housing", WordDocumentReader.Open(await WordAsync(s, id, 1)).Text);

        // Panel members were told twice, by email with no document attached: the pack is read on the secure site.
        var packMail = (await s.MailAsync(id, WorkflowScenario.PanelChairEmail)).Where(m => m.Subject.Contains("scoping pack", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, packMail.Count);
        Assert.All(packMail, m =>
        {
            Assert.Empty(m.Attachments);
            Assert.Contains("https://csp.exampleshire.example/incidents/" + id, m.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("Robin", m.TextBody, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task RunAsync_SameVersionTwice_RewritesTheSamePackInsteadOfAddingOne()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);
        await s.ReturnScopingAsync(id, WorkflowScenario.CscScoping);
        await s.ReturnScopingAsync(id, WorkflowScenario.PoliceScoping);
        await s.AcceptScopingAsync(id, "Exampleshire Children's Services");
        await s.AcceptScopingAsync(id, "Exampleshire Police");
        var before = await DocumentsAsync(s, id);
        var record = await s.Host.Records.LoadAsync(id, CancellationToken.None);

        // An activity may run twice: run it again for the version already collated.
        var activity = ActivatorUtilities.CreateInstance<CollateScopingPack>(s.Host.Services);
        var request = new ScopingPackRequest(id, record!.Case.Reference, 1, Csp.Workflow.Application.IncidentDocuments.Agencies(record), record.Case.Incident.Referral, s.Today);
        var path = await activity.RunAsync(null!, request);

        Assert.Equal(record.Case.ScopingPacks[0], path);
        Assert.Equal(before, await DocumentsAsync(s, id));
        Assert.Single(before, d => d.EndsWith(".docx", StringComparison.Ordinal));
        Assert.Empty(WordDocumentReader.Open(await WordAsync(s, id, 1)).ValidationErrors);
    }
}
