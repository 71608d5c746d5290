using Microsoft.DurableTask;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Documents;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Activities;

/// <summary>
/// Drafts the Rapid Review report's first version from the case record (referral, accepted scoping
/// returns, meeting, decision) and stores it under its fixed name; returns its path, or null when
/// the incident already has a version of the report (the business unit uploaded one first), which
/// is then left as it is. A second run stores the same draft under the same name.
/// </summary>
public sealed class DraftRapidReviewReport(IIncidentRecords records, IDocumentStore documents, WorkflowServices services, TimeProvider time)
    : TaskActivity<IncidentCase, string?>
{
    public override async Task<string?> RunAsync(TaskActivityContext context, IncidentCase input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = CaseDocumentNames.RapidReviewReportDraft(input.Reference);
        var record = await records.LoadAsync(input.IncidentId, CancellationToken.None);
        if (record is not null && IncidentDocuments.Reports(record).Any(r => r.Kind == nameof(ReportKind.RapidReviewReport) && !r.Drafted))
            return null;

        var returns = new List<LatestScopingReturn>();
        foreach (var agency in input.Agencies) returns.Add(await ScopingReturnReader.LatestAsync(documents, agency, CancellationToken.None));
        var notified = input.Incident.NationalPanelNotification;
        var bytes = RapidReviewReportDocument.Create(new RapidReviewReportInput(input, returns, services.Partnership.Name,
            services.Calendar.LocalDate(time.GetUtcNow()),
            notified is null ? null : services.Calendar.Deadlines.RapidReviewDecision(notified.SentOn).Due, record?.Meeting));
        return await documents.SaveAsync(input.IncidentId, name, WordDocument.ContentType, BinaryData.FromBytes(bytes), CancellationToken.None);
    }
}
