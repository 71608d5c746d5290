using System.Globalization;
using Csp.Workflow.Application;
using Csp.Workflow.Model;

namespace Csp.Workflow.Documents;

/// <summary>
/// The names (inside the incident's folder) of the documents the process writes itself. Fixed by
/// the incident and the version, so an activity that runs twice writes the same document again
/// rather than a second one.
/// </summary>
public static class CaseDocumentNames
{
    /// <summary>The pack as data (what the pack page shows).</summary>
    public static string ScopingPackData(int version) => $"scoping/pack-v{Number(version)}.json";

    /// <summary>The pack as a Word document; the file name carries the reference so downloads from several incidents do not collide.</summary>
    public static string ScopingPackWord(string reference, int version) => $"scoping/{IncidentDocuments.SafeName(reference)}-scoping-pack-v{Number(version)}.docx";

    /// <summary>The Rapid Review report's first version, drafted from the case record.</summary>
    public static string RapidReviewReportDraft(string reference) =>
        $"reports/{ReportKind.RapidReviewReport}/v1/{IncidentDocuments.SafeName(reference)}-rapid-review-report.docx";

    private static string Number(int version) => version.ToString(CultureInfo.InvariantCulture);
}
