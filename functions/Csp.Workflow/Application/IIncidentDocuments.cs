using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Application;

/// <summary>
/// What staff read and upload beside the process: scoping returns with their answers and documents,
/// the collated scoping pack, report versions. Only documents the incident's own record lists can
/// be opened, and only by roles that may see case details (not read-only), except the scoping pack
/// and its Word document, which every staff role reads: panel members and their deputies sign in
/// with the read-only role to read the pack before the Rapid Review meeting.
/// </summary>
public interface IIncidentDocuments
{
    /// <summary>One agency's return; null when the incident, the agency or the user's access is missing.</summary>
    Task<ScopingReturnView?> ReadScopingReturnAsync(string incidentId, string agencyKey, StaffUser user, CancellationToken cancellation);

    /// <summary>The scoping pack (latest version, or <paramref name="version"/>); null when none was collated.</summary>
    Task<ScopingPackView?> ReadScopingPackAsync(string incidentId, int? version, StaffUser user, CancellationToken cancellation);

    /// <summary>A document of the incident (relative path) for download; null when it is not the incident's or the user may not open it.</summary>
    Task<DocumentDownload?> OpenAsync(string incidentId, string path, StaffUser user, CancellationToken cancellation);

    /// <summary>Stores a new version of a report. Refused (<see cref="ReportUploadRefusedException"/>) for a kind the stage does not have, a closed incident or the read-only role.</summary>
    Task<ReportVersionView> UploadReportAsync(string incidentId, ReportKind kind, UploadedDocument document, StaffUser user, CancellationToken cancellation);

    /// <summary>Whether the user's role may open the incident's documents.</summary>
    static bool MayRead(StaffUser user) => user.Role != StaffRoles.ReadOnly;

    /// <summary>Whether the user's role may read the collated scoping pack and its Word document: every staff role, read-only included (the panel reads it).</summary>
    static bool MayReadPack(StaffUser user) => StaffUser.Roles.Contains(user.Role, StringComparer.Ordinal);
}
