using System.Runtime.CompilerServices;
using Csp.Domain.Incidents;
using Csp.Workflow.Application;
using Csp.Workflow.Model;

namespace Csp.Workflow.Ports;

/// <summary>
/// The incident read model and audit trail: what the web layer reads. Each writer owns its rows
/// (the stage orchestration the case row, each agency orchestration its agency row, the meeting
/// orchestration the meeting row), so concurrent orchestrations never overwrite each other.
/// </summary>
public interface IIncidentRecords
{
    Task SaveCaseAsync(IncidentCase incidentCase, DateTimeOffset at, CancellationToken cancellation);

    Task SaveAgencyAsync(string incidentId, ScopingAgency agency, CancellationToken cancellation);

    Task SaveMeetingAsync(string incidentId, RapidReviewMeeting meeting, CancellationToken cancellation);

    Task OpenStepAsync(AwaitedStep step, CancellationToken cancellation);

    Task CloseStepAsync(string incidentId, string stepId, CancellationToken cancellation);

    /// <summary>Appends entries; an entry id already stored is not written twice.</summary>
    Task AppendAuditAsync(string incidentId, IReadOnlyList<AuditEntry> entries, CancellationToken cancellation);

    /// <summary>
    /// Several changes to one incident at once (case, agency, meeting, audit entries): each is
    /// applied as its own method would; a store that can writes them in one go.
    /// </summary>
    async Task RecordAsync(ProgressRecord progress, CancellationToken cancellation)
    {
        if (progress.Case is { } c) await SaveCaseAsync(c, progress.At, cancellation).ConfigureAwait(false);
        if (progress.Agency is { } a) await SaveAgencyAsync(progress.IncidentId, a, cancellation).ConfigureAwait(false);
        if (progress.Meeting is { } m) await SaveMeetingAsync(progress.IncidentId, m, cancellation).ConfigureAwait(false);
        if (progress.Audit is { Count: > 0 } audit) await AppendAuditAsync(progress.IncidentId, audit, cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// A new incident's first record (its case and first audit entries), written only if no case
    /// is stored for it yet: true when this call wrote it. A submission retried after a crash, or
    /// sent twice at once, may both try; the one that loses must not overwrite what the incident's
    /// orchestration has recorded since. Stores that write under ETags decide it in the write itself;
    /// this default reads first and suits a single writer only.
    /// </summary>
    async Task<bool> CreateAsync(ProgressRecord initial, CancellationToken cancellation)
    {
        if (await LoadAsync(initial.IncidentId, cancellation).ConfigureAwait(false) is not null) return false;
        await RecordAsync(initial, cancellation).ConfigureAwait(false);
        return true;
    }

    Task<IncidentRecord?> LoadAsync(string incidentId, CancellationToken cancellation);

    /// <summary>Every incident's case row (for reports).</summary>
    IAsyncEnumerable<CaseRow> ListCasesAsync(CancellationToken cancellation);

    /// <summary>
    /// Every incident's dashboard line. A store that keeps them as it writes (the Table store, beside
    /// the case row) lists them without reading a case; this default makes them from the case rows,
    /// reading the agencies of incidents in scoping.
    /// </summary>
    async IAsyncEnumerable<IncidentIndexEntry> ListIndexAsync(IncidentIndexer indexer, [EnumeratorCancellation] CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(indexer);
        await foreach (var row in ListCasesAsync(cancellation).ConfigureAwait(false))
        {
            var live = row.Case.Stage == IncidentStage.Scoping ? await LoadAsync(row.Case.IncidentId, cancellation).ConfigureAwait(false) : null;
            yield return indexer.Entry(row.Case, live?.Agencies, row.UpdatedAt, live?.Meeting);
        }
    }
}

public sealed record CaseRow(IncidentCase Case, DateTimeOffset UpdatedAt);

/// <summary>Everything stored about one incident.</summary>
public sealed record IncidentRecord(
    IncidentCase Case,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ScopingAgency> Agencies,
    RapidReviewMeeting? Meeting,
    IReadOnlyList<AwaitedStep> OpenSteps,
    IReadOnlyList<AuditEntry> Audit);

/// <summary>Incident references and submission idempotency.</summary>
public interface IIncidentRegistry
{
    /// <summary>The next reference number for a year (1, 2, ...), allocated atomically.</summary>
    Task<int> NextNumberAsync(int year, CancellationToken cancellation);

    /// <summary>Binds a submission idempotency key to an incident id, unless it is bound already; returns the bound id.</summary>
    Task<string> BindSubmissionAsync(string idempotencyKey, string incidentId, CancellationToken cancellation);

    Task<string?> FindSubmissionAsync(string idempotencyKey, CancellationToken cancellation);
}
