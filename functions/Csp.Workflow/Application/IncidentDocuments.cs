using Csp.Domain;
using System.Globalization;
using System.Text.RegularExpressions;
using Csp.Domain.Incidents;
using Csp.Workflow.Model;
using Csp.Workflow.Actions;
using Csp.Workflow.Configuration;
using Csp.Workflow.Documents;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Application;

/// <summary><see cref="IIncidentDocuments"/> over the read model (which lists each incident's documents) and the document store.</summary>
public sealed partial class IncidentDocuments(IIncidentRecords records, IDocumentStore documents, WorkflowServices services, TimeProvider time) : IIncidentDocuments
{
    /// <summary>Attempts at the next free version number when others upload the same report at once.</summary>
    private const int VersionAttempts = 5;

    public async Task<ScopingReturnView?> ReadScopingReturnAsync(string incidentId, string agencyKey, StaffUser user, CancellationToken cancellation)
    {
        if (!IIncidentDocuments.MayRead(user)) return null;
        var record = await records.LoadAsync(incidentId, cancellation);
        if (record is null) return null;
        var agency = Agencies(record).FirstOrDefault(a => a.Key == agencyKey);
        if (agency is null) return null;
        var submissions = new List<ScopingSubmissionView>();
        foreach (var folder in agency.Documents.GroupBy(Folder))
        {
            var formPath = folder.FirstOrDefault(d => d.EndsWith("/" + ScopingReturnForm.FileName, StringComparison.Ordinal));
            var form = formPath is null ? null : await ReadFormAsync(formPath, cancellation);
            if (form is null) continue;
            var round = RoundPattern().Match(folder.Key) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : submissions.Count + 1;
            submissions.Add(new ScopingSubmissionView(round, form.SubmittedBy, form.SubmittedAt, Answers(form.Fields),
                folder.Where(d => d != formPath).Select(d => View(incidentId, d)).ToList()));
        }
        return new ScopingReturnView(record.Case.IncidentId, record.Case.Reference, agency.Key, agency.Name, agency.AgencyType.ToString(), agency.Status.ToString(),
            agency.DueOn, agency.Gaps, agency.WaivedReason, submissions.OrderBy(s => s.SubmittedAt).ToList());
    }

    public async Task<ScopingPackView?> ReadScopingPackAsync(string incidentId, int? version, StaffUser user, CancellationToken cancellation)
    {
        if (!IIncidentDocuments.MayReadPack(user)) return null;
        var record = await records.LoadAsync(incidentId, cancellation);
        var packs = record?.Case.ScopingPacks ?? [];
        if (packs.Count == 0) return null;
        var index = version is { } v ? v - 1 : packs.Count - 1;
        if (index < 0 || index >= packs.Count) return null;
        var stored = await documents.ReadAsync(packs[index], cancellation);
        var pack = stored?.Content.ToObjectFromJson<ScopingPack>(CspJson.Options);
        if (pack is null) return null;
        return new ScopingPackView(record!.Case.IncidentId, record.Case.Reference, index + 1, packs.Count, View(incidentId, packs[index]),
            pack.Agencies.Select(a => new ScopingPackAgencyView(a.Name, a.AgencyType, a.Status.ToString(), a.ReturnedOn, a.WaivedReason, a.SubmittedBy,
                a.Answers is null ? [] : Answers(a.Answers), a.Documents.Select(d => View(incidentId, d)).ToList(), a.DueOn, a.WorkingDaysLate)).ToList(),
            pack.WordDocument is { } word ? View(incidentId, word) : null);
    }

    public async Task<DocumentDownload?> OpenAsync(string incidentId, string path, StaffUser user, CancellationToken cancellation)
    {
        if (!IIncidentDocuments.MayReadPack(user) || string.IsNullOrEmpty(path)) return null;
        var record = await records.LoadAsync(incidentId, cancellation);
        if (record is null) return null;
        var full = record.Case.IncidentId + "/" + path;
        var listed = IIncidentDocuments.MayRead(user) ? Listed(record) : PackDocuments(record);
        if (!listed.Contains(full, StringComparer.Ordinal)) return null;
        var stored = await documents.ReadAsync(full, cancellation);
        return stored is null ? null : new DocumentDownload(FileName(full), stored.ContentType, stored.Content);
    }

    public async Task<ReportVersionView> UploadReportAsync(string incidentId, ReportKind kind, UploadedDocument document, StaffUser user, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(user);
        if (user.Role == StaffRoles.ReadOnly) throw new ReportUploadRefusedException("The read-only role cannot upload reports.", conflict: true);
        var record = await records.LoadAsync(incidentId, cancellation) ?? throw new IncidentNotFoundException(incidentId);
        if (!Enum.IsDefined(kind) || !ReportKinds.AllowedAt(record.Case.Incident).Contains(kind))
            throw new ReportUploadRefusedException(
                $"A {ReportKinds.Label(kind).ToLowerInvariant()} cannot be uploaded at the {CaseTransitions.Words(record.Case.Stage)} stage.", conflict: true);
        var name = SafeName(document.FileName);
        var version = Reports(record).Count(r => r.Kind == kind.ToString());
        string? path = null;
        for (var attempt = 0; attempt < VersionAttempts && path is null; attempt++)
        {
            version++;
            path = await documents.CreateAsync(record.Case.IncidentId, $"reports/{kind}/v{version.ToString(CultureInfo.InvariantCulture)}/{name}",
                document.ContentType, document.Content, cancellation);
        }
        if (path is null) throw new ReportUploadRefusedException("Someone else is uploading this report at the same moment: try again.", conflict: true);
        var at = time.GetUtcNow();
        var entry = new AuditEntry(Guid.NewGuid().ToString("N"), at, user.Name,
            $"{ReportKinds.Label(kind)} version {version.ToString(CultureInfo.InvariantCulture)} uploaded ({name}).", null, path, AuditKinds.Report);
        await records.AppendAuditAsync(record.Case.IncidentId, [entry], cancellation);
        return ReportView(record.Case.IncidentId, entry)!;
    }

    /// <summary>Every report version recorded on the incident, oldest first (by version where two share an instant, so the last of a kind is its newest).</summary>
    public static IReadOnlyList<ReportVersionView> Reports(IncidentRecord record) =>
        record.Audit.Where(a => a.Kind == AuditKinds.Report)
            .Select(a => ReportView(record.Case.IncidentId, a)).OfType<ReportVersionView>()
            .OrderBy(r => r.UploadedAt).ThenBy(r => r.Version).ToList();

    private static ReportVersionView? ReportView(string incidentId, AuditEntry entry)
    {
        var match = entry.Subject is null ? null : ReportPath().Match(entry.Subject);
        if (match is not { Success: true } || !Enum.TryParse<ReportKind>(match.Groups[1].Value, out var kind)) return null;
        return new ReportVersionView(kind.ToString(), ReportKinds.Label(kind), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
            match.Groups[3].Value, entry.Who, entry.At, View(incidentId, entry.Subject!));
    }

    /// <summary>The agencies with the latest of each agency's own row (the agency orchestrations write those).</summary>
    public static IReadOnlyList<ScopingAgency> Agencies(IncidentRecord record)
    {
        var c = record.Case;
        return c.Agencies.Select(a => record.Agencies.FirstOrDefault(r => r.Key == a.Key) ?? a)
            .Concat(record.Agencies.Where(r => c.Agencies.All(a => a.Key != r.Key))).ToList();
    }

    private static IEnumerable<string> Listed(IncidentRecord record) =>
        Agencies(record).SelectMany(a => a.Documents)
            .Concat(PackDocuments(record))
            .Concat(record.Audit.Where(a => a.Kind == AuditKinds.Report && a.Subject is not null).Select(a => a.Subject!));

    /// <summary>The scoping packs as circulated and their Word documents: what the panel (read-only included) may open.</summary>
    private static IEnumerable<string> PackDocuments(IncidentRecord record) =>
        record.Case.ScopingPacks
            .Concat(record.Case.ScopingPacks.Select((_, i) => record.Case.IncidentId + "/" + CaseDocumentNames.ScopingPackWord(record.Case.Reference, i + 1)));

    public static DocumentView View(string incidentId, string fullPath)
    {
        var relative = fullPath.StartsWith(incidentId + "/", StringComparison.Ordinal) ? fullPath[(incidentId.Length + 1)..] : fullPath;
        return new DocumentView(FileName(fullPath), relative);
    }

    private IReadOnlyList<AnswerView> Answers(IReadOnlyDictionary<string, string> fields)
    {
        var template = services.Catalogue.Get(ActionNames.SubmitScopingReturn).Fields;
        return template.Select(f => new AnswerView(f.Name, f.Label, fields.TryGetValue(f.Name, out var v) ? v : null))
            .Concat(fields.Where(f => template.All(t => t.Name != f.Key)).Select(f => new AnswerView(f.Key, f.Key, f.Value)))
            .ToList();
    }

    private async Task<ScopingReturnForm?> ReadFormAsync(string path, CancellationToken cancellation)
    {
        var stored = await documents.ReadAsync(path, cancellation);
        return stored?.Content.ToObjectFromJson<ScopingReturnForm>(CspJson.Options);
    }

    private static string Folder(string path) => path[..(path.LastIndexOf('/') + 1)];

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>A file name that is safe as one path segment: letters, digits, '-', '_' and '.'; no leading dot.</summary>
    public static string SafeName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        var safe = new string(name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '-').ToArray()).TrimStart('.');
        if (safe.Length == 0) safe = "report";
        return safe.Length > 100 ? safe[^100..] : safe;
    }

    [GeneratedRegex(@"return-(\d+)/")]
    private static partial Regex RoundPattern();

    [GeneratedRegex(@"/reports/([A-Za-z]+)/v(\d+)/([^/]+)$")]
    private static partial Regex ReportPath();
}
