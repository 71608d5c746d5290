using Csp.Domain;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Documents;

/// <summary>An agency's latest scoping return: its answers and the documents sent with that submission.</summary>
public sealed record LatestScopingReturn(ScopingAgency Agency, ScopingReturnForm? Form, IReadOnlyList<string> Documents);

/// <summary>Reads each agency's latest submission (its <c>form.json</c> and the uploads beside it) from the document store.</summary>
public static class ScopingReturnReader
{
    public static async Task<LatestScopingReturn> LatestAsync(IDocumentStore documents, ScopingAgency agency, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(agency);
        var latest = agency.Documents.LastOrDefault(d => d.EndsWith("/" + ScopingReturnForm.FileName, StringComparison.Ordinal));
        if (latest is null) return new LatestScopingReturn(agency, null, []);
        var stored = await documents.ReadAsync(latest, cancellation);
        var form = stored?.Content.ToObjectFromJson<ScopingReturnForm>(CspJson.Options);
        var folder = latest[..(latest.LastIndexOf('/') + 1)];
        return new LatestScopingReturn(agency, form,
            agency.Documents.Where(d => d.StartsWith(folder, StringComparison.Ordinal) && d != latest).ToList());
    }

    /// <summary>A stored document's file name (the last part of its path).</summary>
    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];
}
