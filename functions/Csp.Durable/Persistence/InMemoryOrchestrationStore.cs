using Csp.Durable.History;

namespace Csp.Durable.Persistence;

/// <summary>
/// Keeps a task hub in memory, with the same atomicity and ETag rules as the table store. For fast
/// tests and simulations; nothing survives the process.
/// </summary>
public sealed class InMemoryOrchestrationStore : IOrchestrationStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _instances = new(StringComparer.Ordinal);
    private readonly List<string> _signals = new();
    private readonly SemaphoreSlim _lease = new(1, 1);
    private long _etag;

    private sealed class Entry
    {
        public required InstanceRecord Record;
        public required string ETag;
        public Dictionary<(int Generation, int Page), List<HistoryEvent>> Pages = new();
        public Dictionary<string, (InstanceMessage Message, bool Consumed)> Messages = new(StringComparer.Ordinal);
    }

    /// <summary>Counts every call, for tests that crash the store at a chosen call.</summary>
    public Func<string, Exception?>? FaultInjector { get; set; }

    private void Fault(string operation)
    {
        if (FaultInjector?.Invoke(operation) is { } ex) throw ex;
    }

    private string NextETag() => $"W/\"{Interlocked.Increment(ref _etag)}\"";

    public Task InitializeAsync(CancellationToken cancellation) => Task.CompletedTask;

    public Task<(InstanceRecord Record, string ETag)?> ReadAsync(string instanceId, CancellationToken cancellation)
    {
        Fault(nameof(ReadAsync));
        lock (_gate)
        {
            return Task.FromResult<(InstanceRecord, string)?>(
                _instances.TryGetValue(instanceId, out var e) ? (e.Record, e.ETag) : null);
        }
    }

    public Task<LoadedInstance?> LoadAsync(string instanceId, CancellationToken cancellation)
    {
        Fault(nameof(LoadAsync));
        lock (_gate)
        {
            if (!_instances.TryGetValue(instanceId, out var e)) return Task.FromResult<LoadedInstance?>(null);
            var history = e.Pages
                .Where(p => p.Key.Generation == e.Record.Generation)
                .OrderBy(p => p.Key.Page)
                .SelectMany(p => p.Value)
                .ToList();
            var messages = e.Messages.Values.Where(m => !m.Consumed).Select(m => m.Message)
                .OrderBy(m => m.EnqueuedAt).ToList();
            return Task.FromResult<LoadedInstance?>(new LoadedInstance(e.Record, e.ETag, history, messages));
        }
    }

    public Task<string> CreateAsync(InstanceRecord record, CancellationToken cancellation)
    {
        Fault(nameof(CreateAsync));
        lock (_gate)
        {
            if (_instances.TryGetValue(record.InstanceId, out var existing) && !existing.Record.Status.IsTerminal())
                throw new InstanceAlreadyExistsException(record.InstanceId, existing.Record.Status);
            var etag = NextETag();
            _instances[record.InstanceId] = new Entry { Record = record, ETag = etag };
            return Task.FromResult(etag);
        }
    }

    public Task<string> CommitAsync(TurnCommit commit, CancellationToken cancellation)
    {
        Fault(nameof(CommitAsync));
        lock (_gate)
        {
            var id = commit.Record.InstanceId;
            if (!_instances.TryGetValue(id, out var e) || e.ETag != commit.ETag) throw new InstanceConflictException(id);
            foreach (var m in commit.ConsumedMessageIds)
            {
                if (!e.Messages.TryGetValue(m, out var msg)) throw new InstanceConflictException(id);
                e.Messages[m] = (msg.Message, true);
            }
            e.Pages[(commit.Generation, commit.PageNumber)] = commit.Events.ToList();
            if (commit.NextGenerationPage is { } next) e.Pages[(commit.Generation + 1, 0)] = next.ToList();
            e.Record = commit.Record;
            e.ETag = NextETag();
            return Task.FromResult(e.ETag);
        }
    }

    public Task<bool> EnqueueAsync(string instanceId, InstanceMessage message, CancellationToken cancellation)
    {
        Fault(nameof(EnqueueAsync));
        lock (_gate)
        {
            if (!_instances.TryGetValue(instanceId, out var e)) throw new InstanceNotFoundException(instanceId);
            return Task.FromResult(e.Messages.TryAdd(message.MessageId, (message, false)));
        }
    }

    public Task<OrchestrationQueryPage> QueryAsync(OrchestrationQuery query, CancellationToken cancellation)
    {
        Fault(nameof(QueryAsync));
        lock (_gate)
        {
            var matches = _instances.Values.Select(e => e.Record)
                .Where(r => query.Statuses is null || query.Statuses.Count == 0 || query.Statuses.Contains(r.Status))
                .Where(r => query.CreatedFrom is null || r.CreatedAt >= query.CreatedFrom)
                .Where(r => query.CreatedTo is null || r.CreatedAt <= query.CreatedTo)
                .Where(r => query.InstanceIdPrefix is null || r.InstanceId.StartsWith(query.InstanceIdPrefix, StringComparison.Ordinal))
                .OrderBy(r => r.InstanceId, StringComparer.Ordinal)
                .Where(r => query.ContinuationToken is null || string.CompareOrdinal(r.InstanceId, query.ContinuationToken) > 0)
                .Take(query.PageSize + 1)
                .ToList();
            var more = matches.Count > query.PageSize;
            if (more) matches.RemoveAt(matches.Count - 1);
            return Task.FromResult(new OrchestrationQueryPage(
                matches.Select(r => r.ToMetadata(query.FetchInputsAndOutputs)).ToList(),
                more ? matches[^1].InstanceId : null));
        }
    }

    public async IAsyncEnumerable<string> ActiveInstanceIdsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        Fault(nameof(ActiveInstanceIdsAsync));
        List<string> ids;
        lock (_gate)
        {
            ids = _instances.Values.Where(e => !e.Record.Status.IsTerminal()).Select(e => e.Record.InstanceId).ToList();
        }
        foreach (var id in ids)
        {
            await Task.Yield();
            yield return id;
        }
    }

    public Task<bool> PurgeAsync(string instanceId, CancellationToken cancellation)
    {
        Fault(nameof(PurgeAsync));
        lock (_gate) return Task.FromResult(_instances.Remove(instanceId));
    }

    public Task SignalAsync(string instanceId, CancellationToken cancellation)
    {
        Fault(nameof(SignalAsync));
        lock (_gate) _signals.Add(instanceId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> TakeSignalsAsync(CancellationToken cancellation)
    {
        Fault(nameof(TakeSignalsAsync));
        lock (_gate)
        {
            var taken = _signals.ToList();
            _signals.Clear();
            return Task.FromResult<IReadOnlyList<string>>(taken);
        }
    }

    public async Task<IHubLease> AcquireHubLeaseAsync(string ownerId, CancellationToken cancellation)
    {
        await _lease.WaitAsync(cancellation).ConfigureAwait(false);
        return new Lease(_lease);
    }

    /// <summary>All history of the current generation, for tests.</summary>
    public IReadOnlyList<HistoryEvent> HistoryOf(string instanceId)
    {
        lock (_gate)
        {
            var e = _instances[instanceId];
            return e.Pages.Where(p => p.Key.Generation == e.Record.Generation).OrderBy(p => p.Key.Page).SelectMany(p => p.Value).ToList();
        }
    }

    private sealed class Lease(SemaphoreSlim semaphore) : IHubLease
    {
        private int _released;
        public CancellationToken Lost => CancellationToken.None;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) semaphore.Release();
            return ValueTask.CompletedTask;
        }
    }
}
