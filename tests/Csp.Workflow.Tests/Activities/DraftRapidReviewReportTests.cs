using Csp.Domain.Criteria;
using Csp.Domain.Incidents;
using Csp.Workflow.Activities;
using Csp.Workflow.Application;
using Csp.Workflow.Documents;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;
using Csp.Workflow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Csp.Workflow.Tests.Activities;

public sealed class DraftRapidReviewReportTests
{
    /// <summary>A referral through scoping (one return with every answer, one with the required ones only), the meeting and the decision.</summary>
    private static async Task<string> ToDecisionRecordedAsync(WorkflowScenario s)
    {
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);
        await s.ScheduleMeetingAsync(id, Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(s.Today, 9));
        await s.AllAcceptMeetingAsync(id);
        await s.AdvanceWorkingDaysAsync(2);
        var police = await s.ActByLinkAsync(id, WorkflowScenario.PoliceScoping, new
        {
            involvement = "Two domestic abuse call-outs to the address in February.",
            keyPracticeEpisodes = "The second call-out was not shared with children's social care.",
            immediateActions = "Domestic abuse notifications now go to the MASH the same day.",
            learning = "Call-outs where a child lives must reach children's social care.",
            completedBy = "Alex Officer",
            completedByRole = "Detective inspector",
        });
        Assert.Empty(police.Errors);
        await s.ReturnScopingAsync(id, WorkflowScenario.CscScoping);
        await s.AcceptScopingAsync(id, "Exampleshire Children's Services");
        await s.AcceptScopingAsync(id, "Exampleshire Police");
        await s.AdvanceWorkingDaysAsync(7);
        await s.HoldMeetingAsync(id);
        await s.DecideAsync(id, RapidReviewOutcome.LocalCspr);
        return id;
    }

    [Fact]
    public async Task RecordRapidReviewDecision_AfterTheMeeting_DraftsVersion1UnderThePanelTemplateHeadings()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await ToDecisionRecordedAsync(s);

        var view = await s.ViewAsync(id);
        var report = Assert.Single(view.Reports!);
        Assert.Equal(nameof(ReportKind.RapidReviewReport), report.Kind);
        Assert.Equal(1, report.Version);
        Assert.True(report.Drafted);
        Assert.Equal(id + "-rapid-review-report.docx", report.FileName);
        Assert.Contains(await s.MailAsync(id, WorkflowScenario.BusinessUnit.Email), m => m.Subject.Contains("Rapid Review report drafted", StringComparison.Ordinal) && m.Attachments.Count == 0);

        var stored = await s.Host.Documents.ReadAsync(id + "/" + report.Document.Path, CancellationToken.None);
        var document = WordDocumentReader.Open(stored!.Content.ToArray());
        Assert.Empty(document.ValidationErrors);
        Assert.Empty(document.Placeholders());
        Assert.Equal(RapidReviewReportDocument.Headings, document.Headings.Where(h => h.Level == 1).Select(h => h.Text));
        var text = document.Text;
        Assert.Contains(id, text);
        Assert.Contains("NP-2025-0042", text);
        Assert.Contains("Exampleshire Children's Services (Children's social care)", document.Headings.Select(h => h.Text));
        Assert.Contains("Exampleshire Police (Police)", document.Headings.Select(h => h.Text));
        Assert.Contains("A fictional account of serious harm, used only for testing.", text);
        Assert.Contains("The second call-out was not shared with children's social care.", text);
        Assert.Contains("Exampleshire Police: Domestic abuse notifications now go to the MASH the same day.", text);
        Assert.Contains("Exampleshire Police: Call-outs where a child lives must reach children's social care.", text);
        // The decision with both tests and the rationale.
        Assert.Contains(CsprCriteria.Describe(CsprCriterion.MultiAgencyWorkingConcerns), text);
        Assert.Contains(CsprCriteria.Describe(CsprCriterion.ImprovementsNeeded), text);
        Assert.Contains("A local child safeguarding practice review.", text);
        Assert.Contains("Both tests applied; see the assessment.", text);
        // Children's services answered only the required question: its key practice episodes say what to write.
        var guidance = document.Paragraphs.Where(p => p.Style == WordDocument.GuidanceStyle).Select(p => p.Text).ToList();
        Assert.Contains(guidance, g => g.StartsWith("The agency named no key practice episodes. Write here", StringComparison.Ordinal));
        Assert.Contains(guidance, g => g.Contains("racism", StringComparison.Ordinal) && g.Contains("disability", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_Twice_StoresOneDraftAndLeavesAnUploadedVersionAlone()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await ToDecisionRecordedAsync(s);
        var record = await s.Host.Records.LoadAsync(id, CancellationToken.None);
        var activity = ActivatorUtilities.CreateInstance<DraftRapidReviewReport>(s.Host.Services);

        // A second run writes the same draft under the same name.
        var again = await activity.RunAsync(null!, record!.Case);
        Assert.Equal(id + "/" + CaseDocumentNames.RapidReviewReportDraft(id), again);
        Assert.Single((await s.ViewAsync(id)).Reports!);

        // Once the business unit has uploaded its version, no draft is written over it.
        var documents = s.Host.Services.GetRequiredService<IIncidentDocuments>();
        var upload = await documents.UploadReportAsync(id, ReportKind.RapidReviewReport,
            new UploadedDocument("final.docx", WordDocument.ContentType, BinaryData.FromBytes(new WordDocument("Final").Paragraph("Completed.").ToBytes())),
            WorkflowScenario.BusinessUnit, CancellationToken.None);
        Assert.Equal(2, upload.Version);
        Assert.Null(await activity.RunAsync(null!, (await s.Host.Records.LoadAsync(id, CancellationToken.None))!.Case));
    }
}
