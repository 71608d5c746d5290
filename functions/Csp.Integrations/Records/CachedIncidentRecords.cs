using System.Runtime.CompilerServices;
using Csp.Workflow.Application;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Integrations.Records;

/// <summary>
/// A read-through cache of whole incident records in front of another store, for a host that is
/// the only writer of the read model (the local host: one process holds the task hub and serves the
/// pages). Reading an incident from Table storage is a round trip and a decompression; this keeps
/// the last read in memory until a write to that incident, which drops it. A load that overlaps a write is not
/// kept, so a reader never sees an incident older than a write this process has finished. Entries
/// also expire after <see cref="TimeToLive"/>, which bounds how stale a record written by another
/// process can look. The dashboard list is not cached (the store's index lines are read).
/// </summary>
public sealed class CachedIncidentRecords : IIncidentRecords
{
    private readonly IIncidentRecords _inner;
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private readonly object _gate = new();
    // One entry per incident seen; the record inside is dropped on writes, expiry and eviction, the stamp is kept.
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _clock;
    private int _cached;
    // The dashboard lines as last read, the indexer they were made with, and when the whole list was read.
    private Dictionary<string, IncidentIndexEntry>? _index;
    private IncidentIndexer? _indexer;
    private DateTimeOffset _indexReadAt;
    // Incidents written since their line was read, with the clock of the write.
    private readonly Dictionary<string, long> _staleIndex = new(StringComparer.Ordinal);

    /// <summary>Stale lines read one by one at most; more and the whole list is read again.</summary>
    public const int MaxStaleIndexReads = 64;

    private sealed class Entry
    {
        public long InvalidatedAt;
        public IncidentRecord? Record;
        public DateTimeOffset CachedAt;
    }

    public CachedIncidentRecords(IIncidentRecords inner, TimeProvider time, int capacity = 10_000, TimeSpan? timeToLive = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _inner = inner;
        _time = time;
        _capacity = capacity;
        TimeToLive = timeToLive ?? TimeSpan.FromSeconds(30);
    }

    public TimeSpan TimeToLive { get; }

    /// <summary>How many incidents are held now.</summary>
    public int Count
    {
        get { lock (_gate) return _cached; }
    }

    public async Task<IncidentRecord?> LoadAsync(string incidentId, CancellationToken cancellation)
    {
        var now = _time.GetUtcNow();
        long stamp;
        lock (_gate)
        {
            if (_entries.TryGetValue(incidentId, out var hit) && hit.Record is { } record)
            {
                if (now - hit.CachedAt < TimeToLive) return record;
                Drop(hit);
            }
            stamp = ++_clock;
        }

        var loaded = await _inner.LoadAsync(incidentId, cancellation).ConfigureAwait(false);
        if (loaded is null) return null;
        lock (_gate)
        {
            if (!_entries.TryGetValue(incidentId, out var entry)) _entries[incidentId] = entry = new Entry();
            // A write finished while this load was under way: what was read may predate it.
            if (entry.InvalidatedAt > stamp) return loaded;
            if (entry.Record is null) _cached++;
            entry.Record = loaded;
            entry.CachedAt = now;
            if (_cached > _capacity) EvictOldest();
        }
        return loaded;
    }

    public Task SaveCaseAsync(IncidentCase incidentCase, DateTimeOffset at, CancellationToken cancellation) =>
        WriteAsync(incidentCase.IncidentId, () => _inner.SaveCaseAsync(incidentCase, at, cancellation));

    public Task SaveAgencyAsync(string incidentId, ScopingAgency agency, CancellationToken cancellation) =>
        WriteAsync(incidentId, () => _inner.SaveAgencyAsync(incidentId, agency, cancellation));

    public Task SaveMeetingAsync(string incidentId, RapidReviewMeeting meeting, CancellationToken cancellation) =>
        WriteAsync(incidentId, () => _inner.SaveMeetingAsync(incidentId, meeting, cancellation));

    public Task OpenStepAsync(AwaitedStep step, CancellationToken cancellation) =>
        WriteAsync(step.IncidentId, () => _inner.OpenStepAsync(step, cancellation));

    public Task CloseStepAsync(string incidentId, string stepId, CancellationToken cancellation) =>
        WriteAsync(incidentId, () => _inner.CloseStepAsync(incidentId, stepId, cancellation));

    public Task AppendAuditAsync(string incidentId, IReadOnlyList<AuditEntry> entries, CancellationToken cancellation) =>
        WriteAsync(incidentId, () => _inner.AppendAuditAsync(incidentId, entries, cancellation));

    public Task RecordAsync(ProgressRecord progress, CancellationToken cancellation) =>
        WriteAsync(progress.IncidentId, () => _inner.RecordAsync(progress, cancellation));

    public async Task<bool> CreateAsync(ProgressRecord initial, CancellationToken cancellation)
    {
        var created = false;
        await WriteAsync(initial.IncidentId, async () => created = await _inner.CreateAsync(initial, cancellation).ConfigureAwait(false)).ConfigureAwait(false);
        return created;
    }

    public IAsyncEnumerable<CaseRow> ListCasesAsync(CancellationToken cancellation) => _inner.ListCasesAsync(cancellation);

    public async IAsyncEnumerable<IncidentIndexEntry> ListIndexAsync(IncidentIndexer indexer, [EnumeratorCancellation] CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(indexer);
        foreach (var entry in await IndexAsync(indexer, cancellation).ConfigureAwait(false)) yield return entry;
    }

    public Task<IncidentIndexEntry?> LoadIndexAsync(string incidentId, IncidentIndexer indexer, CancellationToken cancellation) =>
        _inner.LoadIndexAsync(incidentId, indexer, cancellation);

    private async Task<IReadOnlyCollection<IncidentIndexEntry>> IndexAsync(IncidentIndexer indexer, CancellationToken cancellation)
    {
        var now = _time.GetUtcNow();
        long stamp;
        List<string> stale;
        bool whole;
        lock (_gate)
        {
            stamp = ++_clock;
            whole = _index is null || !ReferenceEquals(_indexer, indexer) || now - _indexReadAt >= TimeToLive || _staleIndex.Count > MaxStaleIndexReads;
            stale = whole ? [] : _staleIndex.Keys.ToList();
            if (!whole && stale.Count == 0) return _index!.Values.ToList();
        }

        if (whole)
        {
            var all = new Dictionary<string, IncidentIndexEntry>(StringComparer.Ordinal);
            await foreach (var entry in _inner.ListIndexAsync(indexer, cancellation).ConfigureAwait(false)) all[entry.IncidentId] = entry;
            lock (_gate)
            {
                // Lines written while the list was read stay stale: what was read may predate the write.
                foreach (var id in _staleIndex.Where(s => s.Value < stamp).Select(s => s.Key).ToList()) _staleIndex.Remove(id);
                _index = all;
                _indexer = indexer;
                _indexReadAt = now;
                return all.Values.ToList();
            }
        }

        var read = await Task.WhenAll(stale.Select(async id => (Id: id, Entry: await _inner.LoadIndexAsync(id, indexer, cancellation).ConfigureAwait(false))))
            .ConfigureAwait(false);
        lock (_gate)
        {
            var index = _index!;
            foreach (var (id, entry) in read)
            {
                if (entry is null) index.Remove(id);
                else index[id] = entry;
                if (_staleIndex.TryGetValue(id, out var writtenAt) && writtenAt < stamp) _staleIndex.Remove(id);
            }
            return index.Values.ToList();
        }
    }

    private async Task WriteAsync(string incidentId, Func<Task> write)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        finally
        {
            // Also after a failed write: it may have reached storage before the failure was seen.
            Invalidate(incidentId);
        }
    }

    private void Invalidate(string incidentId)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(incidentId, out var entry)) _entries[incidentId] = entry = new Entry();
            entry.InvalidatedAt = ++_clock;
            Drop(entry);
            _staleIndex[incidentId] = entry.InvalidatedAt;
        }
    }

    private void Drop(Entry entry)
    {
        if (entry.Record is null) return;
        entry.Record = null;
        _cached--;
    }

    private void EvictOldest()
    {
        // Down to 90% of capacity, oldest first: eviction runs once per tenth of the capacity loaded.
        var excess = _cached - _capacity * 9 / 10;
        foreach (var entry in _entries.Values.Where(e => e.Record is not null).OrderBy(e => e.CachedAt).Take(excess).ToList())
        {
            Drop(entry);
        }
    }
}
