using Csp.Domain;
using Microsoft.DurableTask;
using Csp.Workflow.Actions;
using Csp.Workflow.Configuration;
using Csp.Workflow.Documents;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Activities;

/// <summary>
/// Writes the collated scoping pack (each agency's latest answers and its documents) to the
/// document store twice over: as data for the pack page and as a Word document for panel members
/// to download. Both names are fixed by the version, so a second run rewrites the same pack.
/// Returns the data document's path.
/// </summary>
public sealed class CollateScopingPack(IDocumentStore documents, WorkflowServices services, TimeProvider time) : TaskActivity<ScopingPackRequest, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, ScopingPackRequest input)
    {
        var entries = new List<ScopingPackEntry>();
        foreach (var a in input.Agencies)
        {
            var latest = await ScopingReturnReader.LatestAsync(documents, a, CancellationToken.None);
            // A late return is flagged for the panel: the working days after the date it was due (a resubmission's own date on a later round).
            int? late = a.ReturnedOn is { } returned && returned > a.DueOn ? services.Calendar.Deadlines.WorkingDaysLate(a.DueOn, returned) : null;
            entries.Add(new ScopingPackEntry(a.Key, a.Name, a.AgencyType.ToString(), a.Status, a.ReturnedOn, a.WaivedReason, latest.Form?.SubmittedBy,
                latest.Form?.Fields, latest.Documents, a.DueOn, late is > 0 ? late : null));
        }
        var pack = new ScopingPack(input.Reference, input.Version, entries);

        // The Word document first: the data names it, so a pack never points at a document that is not there.
        var word = ScopingPackDocument.Create(pack, input.Referral ?? new Domain.Referrals.Referral(),
            services.Catalogue.Get(ActionNames.SubmitScopingReturn).Fields, services.Partnership.Name,
            input.CollatedOn ?? services.Calendar.LocalDate(time.GetUtcNow()));
        var wordPath = await documents.SaveAsync(input.IncidentId, CaseDocumentNames.ScopingPackWord(input.Reference, input.Version),
            WordDocument.ContentType, BinaryData.FromBytes(word), CancellationToken.None);

        var json = BinaryData.FromObjectAsJson(pack with { WordDocument = wordPath }, CspJson.Options);
        return await documents.SaveAsync(input.IncidentId, CaseDocumentNames.ScopingPackData(input.Version), "application/json", json, CancellationToken.None);
    }
}
