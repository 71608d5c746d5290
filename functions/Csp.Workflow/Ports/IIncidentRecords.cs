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
    /// reading each incident's meeting row (and its agencies while in scoping).
    /// </summary>
    async IAsyncEnumerable<IncidentIndexEntry> ListIndexAsync(IncidentIndexer indexer, [EnumeratorCancellation] CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(indexer);
        await foreach (var row in ListCasesAsync(cancellation).ConfigureAwait(false))
        {
            var live = await LoadAsync(row.Case.IncidentId, cancellation).ConfigureAwait(false);
            var agencies = row.Case.Stage == IncidentStage.Scoping ? live?.Agencies : null;
            yield return indexer.Entry(row.Case, agencies, row.UpdatedAt, live?.Meeting);
        }
    }

    /// <summary>
    /// One incident's dashboard line as <see cref="ListIndexAsync"/> lists it, or null when no case
    /// is stored for it: what a cache of the list reads again after a write.
    /// </summary>
    async Task<IncidentIndexEntry?> LoadIndexAsync(string incidentId, IncidentIndexer indexer, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(indexer);
        if (await LoadAsync(incidentId, cancellation).ConfigureAwait(false) is not { } record) return null;
        var agencies = record.Case.Stage == IncidentStage.Scoping ? record.Agencies : null;
        return indexer.Entry(record.Case, agencies, record.UpdatedAt, record.Meeting);
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

    /// <summary>
    /// The incident a submission key is bound to; when it has none, binds it to a new incident id
    /// made by <paramref name="incidentId"/> from the next number of <paramref name="year"/>. A
    /// number is taken only for a key found unbound. A store may serve many callers at once with
    /// one look-up, one counter write and one bind for all of them.
    /// </summary>
    async Task<string> FindOrBindSubmissionAsync(string idempotencyKey, int year, Func<int, string> incidentId, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(incidentId);
        return await FindSubmissionAsync(idempotencyKey, cancellation).ConfigureAwait(false)
            // Another process may bind the key between the look and the bind: its id wins, this number goes unused.
            ?? await BindSubmissionAsync(idempotencyKey, incidentId(await NextNumberAsync(year, cancellation).ConfigureAwait(false)), cancellation).ConfigureAwait(false);
    }
}
