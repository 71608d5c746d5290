using Csp.Domain;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Csp.Durable.History;
using Csp.Storage;
using Csp.Storage.Tables;

namespace Csp.Durable.Persistence;

/// <summary>
/// A task hub in Azure Table and Blob storage. Each instance is one partition of the instances
/// table: the record row (<c>$state|{instance}</c>), one row per history page
/// (<c>h{generation}-{page}|{instance}</c>) and one row per client message (<c>m{id}|{instance}</c>),
/// so a turn commits as one entity-group transaction guarded by the record's ETag. Row keys end
/// with the instance id although it is the partition key too: Azurite finds an entity by row key
/// before partition key, so a row key every instance shared would make each lookup scan them all.
/// Payloads over <see cref="PayloadThreshold"/> characters go to the payloads container and
/// history keeps a reference. The hub lease is a blob lease.
/// </summary>
public sealed class TableOrchestrationStore : IOrchestrationStore
{
    private const string StatePrefix = "$state|";
    private const string BlobMarker = "\u0001blob:";
    private const int ChunkChars = 30_000; // A string property holds 64 KiB of UTF-16.
    private const int MaxInlineChunks = 15; // Keeps the page row under the 1 MiB entity limit.

    private readonly TableClient _instances;
    private readonly TableClient _signals;
    private readonly BlobContainerClient _payloads;
    private readonly BlobContainerClient _leases;
    private readonly TimeSpan _leaseDuration;

    public TableOrchestrationStore(StorageAccount account, string taskHub, TimeSpan? leaseDuration = null)
    {
        if (string.IsNullOrEmpty(taskHub) || taskHub.Length > 40 || !char.IsAsciiLetter(taskHub[0]) || !taskHub.All(char.IsAsciiLetterOrDigit))
            throw new ArgumentException("A task hub name must start with a letter and have 1 to 40 letters or digits.", nameof(taskHub));
        TaskHub = taskHub;
        RecoverWithOneScan = account.IsEmulator;
        _instances = account.Tables.GetTableClient(taskHub + "Instances");
        _signals = account.Tables.GetTableClient(taskHub + "Signals");
        _payloads = account.Blobs.GetBlobContainerClient(taskHub.ToLowerInvariant() + "-payloads");
        _leases = account.Blobs.GetBlobContainerClient(taskHub.ToLowerInvariant() + "-leases");
        _leaseDuration = leaseDuration ?? TimeSpan.FromSeconds(15);
    }

    public string TaskHub { get; }

    /// <summary>Payload strings longer than this go to Blob storage.</summary>
    public int PayloadThreshold { get; init; } = 16 * 1024;

    public async Task InitializeAsync(CancellationToken cancellation)
    {
        await _instances.CreateIfNotExistsAsync(cancellation).ConfigureAwait(false);
        await _signals.CreateIfNotExistsAsync(cancellation).ConfigureAwait(false);
        await _payloads.CreateIfNotExistsAsync(cancellationToken: cancellation).ConfigureAwait(false);
        await _leases.CreateIfNotExistsAsync(cancellationToken: cancellation).ConfigureAwait(false);
    }

    // ------------------------------------------------------------------ records

    public async Task<(InstanceRecord Record, string ETag)?> ReadAsync(string instanceId, CancellationToken cancellation)
    {
        var found = await _instances.GetEntityIfExistsAsync<TableEntity>(instanceId, StateRow(instanceId), cancellationToken: cancellation).ConfigureAwait(false);
        if (!found.HasValue) return null;
        var entity = found.Value!;
        return (await ToRecordAsync(entity, cancellation).ConfigureAwait(false), entity.ETag.ToString());
    }

    public async Task<LoadedInstance?> LoadAsync(string instanceId, CancellationToken cancellation)
    {
        var read = await ReadAsync(instanceId, cancellation).ConfigureAwait(false);
        if (read is null) return null;
        var (record, etag) = read.Value;
        var prefix = PagePrefix(record.Generation);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {instanceId} and ((RowKey ge {prefix} and RowKey lt {prefix + "~"}) or (RowKey ge 'm' and RowKey lt 'n' and Consumed eq false))");
        var history = new List<HistoryEvent>();
        var messages = new List<InstanceMessage>();
        await foreach (var row in _instances.QueryAsync<TableEntity>(filter, cancellationToken: cancellation).ConfigureAwait(false))
        {
            if (row.RowKey.StartsWith('h'))
            {
                foreach (var e in await ReadPageAsync(row, cancellation).ConfigureAwait(false)) history.Add(e);
            }
            else
            {
                messages.Add(await ToMessageAsync(row, cancellation).ConfigureAwait(false));
            }
        }
        messages.Sort((a, b) => a.EnqueuedAt.CompareTo(b.EnqueuedAt));
        return new LoadedInstance(record, etag, history, messages);
    }

    public async Task<string> CreateAsync(InstanceRecord record, CancellationToken cancellation)
    {
        InstanceIds.Validate(record.InstanceId);
        for (var attempt = 0; ; attempt++)
        {
            var entity = await ToEntityAsync(record, cancellation).ConfigureAwait(false);
            try
            {
                var added = await _instances.AddEntityAsync(entity, cancellation).ConfigureAwait(false);
                return ETagOf(added);
            }
            catch (RequestFailedException ex) when (ex.IsConflict() && attempt < 3)
            {
                var existing = await ReadAsync(record.InstanceId, cancellation).ConfigureAwait(false);
                if (existing is null) continue;
                if (!existing.Value.Record.Status.IsTerminal())
                    throw new InstanceAlreadyExistsException(record.InstanceId, existing.Value.Record.Status);
                // A finished instance with this id is replaced: its history goes first.
                await PurgeAsync(record.InstanceId, cancellation).ConfigureAwait(false);
            }
        }
    }

    public async Task<string> CommitAsync(TurnCommit commit, CancellationToken cancellation)
    {
        var id = commit.Record.InstanceId;
        var actions = new List<TableTransactionAction>(3 + commit.ConsumedMessageIds.Count)
        {
            new(TableTransactionActionType.UpdateReplace, await ToEntityAsync(commit.Record, cancellation).ConfigureAwait(false), new ETag(commit.ETag)),
            new(TableTransactionActionType.Add, await ToPageAsync(id, commit.Generation, commit.PageNumber, commit.Events, cancellation).ConfigureAwait(false)),
        };
        if (commit.NextGenerationPage is { } next)
        {
            actions.Add(new(TableTransactionActionType.Add, await ToPageAsync(id, commit.Generation + 1, 0, next, cancellation).ConfigureAwait(false)));
        }
        foreach (var messageId in commit.ConsumedMessageIds)
        {
            // Consumed messages stay as markers so a repeated event id is still recognised.
            var marker = new TableEntity(id, MessageRow(id, messageId)) { ["Consumed"] = true, ["Payload"] = "" };
            actions.Add(new(TableTransactionActionType.UpdateMerge, marker, ETag.All));
        }
        try
        {
            var results = await _instances.SubmitWithinLimitsAsync(actions, cancellation).ConfigureAwait(false);
            return ETagOf(results[0]);
        }
        catch (TableTransactionFailedException ex) when (ex.IsConflict() || ex.IsNotFound())
        {
            throw new InstanceConflictException(id, ex);
        }
    }

    // ------------------------------------------------------------------ messages and signals

    public async Task<bool> EnqueueAsync(string instanceId, InstanceMessage message, CancellationToken cancellation)
    {
        var entity = new TableEntity(instanceId, MessageRow(instanceId, message.MessageId))
        {
            ["Kind"] = message.Kind.ToString(),
            ["Consumed"] = false,
            ["EnqueuedAt"] = message.EnqueuedAt,
        };
        if (message.Name is not null) entity["Name"] = message.Name;
        if (message.Payload is not null) entity["Payload"] = await OffloadAsync(instanceId, message.Payload, cancellation).ConfigureAwait(false);
        try
        {
            await _instances.AddEntityAsync(entity, cancellation).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return false;
        }
    }

    public async Task SignalAsync(string instanceId, CancellationToken cancellation)
    {
        await _signals.UpsertEntityAsync(new TableEntity("signal", instanceId) { ["At"] = DateTimeOffset.UtcNow }, TableUpdateMode.Replace, cancellation)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> TakeSignalsAsync(CancellationToken cancellation)
    {
        var taken = new List<string>();
        await foreach (var row in _signals.QueryAsync<TableEntity>("PartitionKey eq 'signal'", 1000, cancellationToken: cancellation).ConfigureAwait(false))
        {
            try
            {
                // Conditional: a signal written again after this read stays for the next poll.
                await _signals.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellation).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
            }
            taken.Add(row.RowKey);
            if (taken.Count >= 1000) break;
        }
        return taken;
    }

    // ------------------------------------------------------------------ queries and purge

    public async Task<OrchestrationQueryPage> QueryAsync(OrchestrationQuery query, CancellationToken cancellation)
    {
        var filter = new StringBuilder(StateRowsFilter);
        if (query.Statuses is { Count: > 0 } statuses)
            filter.Append(" and (").Append(string.Join(" or ", statuses.Select(s => $"Status eq '{s}'"))).Append(')');
        if (query.CreatedFrom is { } from) filter.Append(" and ").Append(TableClient.CreateQueryFilter($"CreatedAt ge {from}"));
        if (query.CreatedTo is { } to) filter.Append(" and ").Append(TableClient.CreateQueryFilter($"CreatedAt le {to}"));
        if (query.InstanceIdPrefix is { Length: > 0 } prefix)
            filter.Append(" and ").Append(TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix + "\uffff"}"));
        if (query.ContinuationToken is { } after) filter.Append(" and ").Append(TableClient.CreateQueryFilter($"PartitionKey gt {after}"));

        var items = new List<OrchestrationMetadata>();
        string? last = null;
        var more = false;
        await foreach (var row in _instances.QueryAsync<TableEntity>(filter.ToString(), Math.Min(1000, query.PageSize + 1), cancellationToken: cancellation).ConfigureAwait(false))
        {
            if (items.Count == query.PageSize)
            {
                more = true;
                break;
            }
            var record = query.FetchInputsAndOutputs
                ? await ToRecordAsync(row, cancellation).ConfigureAwait(false)
                : ToRecordWithoutPayloads(row);
            items.Add(record.ToMetadata(query.FetchInputsAndOutputs));
            last = row.PartitionKey;
        }
        return new OrchestrationQueryPage(items, more ? last : null);
    }

    public async IAsyncEnumerable<string> ActiveInstanceIdsAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        var filter = $"{StateRowsFilter} and Status ne 'Completed' and Status ne 'Failed' and Status ne 'Terminated'";
        await foreach (var row in _instances.QueryAsync<TableEntity>(filter, 1000, ["PartitionKey"], cancellation).ConfigureAwait(false))
        {
            yield return row.PartitionKey;
        }
    }

    /// <summary>
    /// Whether recovery reads the whole instances table in one pass instead of one partition query
    /// per unfinished instance. The storage emulator answers every query by scanning the whole
    /// table, so there one pass is far cheaper; Azure indexes partitions, so there it is not.
    /// Defaults to true for the emulator (the development account or a loopback endpoint).
    /// </summary>
    public bool RecoverWithOneScan { get; init; }

    public async IAsyncEnumerable<LoadedInstance> LoadActiveAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        if (!RecoverWithOneScan)
        {
            await foreach (var each in IOrchestrationStore.LoadEachActiveAsync(this, cancellation).ConfigureAwait(false)) yield return each;
            yield break;
        }

        // Rows arrive in partition and row key order: an instance's record ('$state|') before its pages ('h') and messages ('m').
        string? partition = null;
        TableEntity? state = null;
        var rows = new List<TableEntity>();
        await foreach (var row in _instances.QueryAsync<TableEntity>((string?)null, 1000, cancellationToken: cancellation).ConfigureAwait(false))
        {
            if (row.PartitionKey != partition)
            {
                if (state is not null && await FromRowsAsync(state, rows, cancellation).ConfigureAwait(false) is { } loaded) yield return loaded;
                partition = row.PartitionKey;
                state = null;
                rows.Clear();
            }
            if (row.RowKey == StateRow(row.PartitionKey))
            {
                // A finished instance's pages and messages are not kept.
                state = ToRecordWithoutPayloads(row).Status.IsTerminal() ? null : row;
            }
            else if (state is not null)
            {
                rows.Add(row);
            }
        }
        if (state is not null && await FromRowsAsync(state, rows, cancellation).ConfigureAwait(false) is { } last) yield return last;
    }

    /// <summary>An unfinished instance from its rows: the record, the current generation's pages in order and the unconsumed messages.</summary>
    private async Task<LoadedInstance?> FromRowsAsync(TableEntity state, List<TableEntity> rows, CancellationToken cancellation)
    {
        var record = await ToRecordAsync(state, cancellation).ConfigureAwait(false);
        var prefix = PagePrefix(record.Generation);
        var history = new List<HistoryEvent>();
        foreach (var page in rows.Where(r => r.RowKey.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(r => r.RowKey, StringComparer.Ordinal))
        {
            history.AddRange(await ReadPageAsync(page, cancellation).ConfigureAwait(false));
        }
        var messages = new List<InstanceMessage>();
        foreach (var message in rows.Where(r => r.RowKey.StartsWith('m') && r.GetBoolean("Consumed") == false))
        {
            messages.Add(await ToMessageAsync(message, cancellation).ConfigureAwait(false));
        }
        messages.Sort((a, b) => a.EnqueuedAt.CompareTo(b.EnqueuedAt));
        return new LoadedInstance(record, state.ETag.ToString(), history, messages);
    }

    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellation)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _instances.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), 1000, ["PartitionKey", "RowKey"], cancellation).ConfigureAwait(false))
        {
            rows.Add(row);
        }
        if (rows.Count == 0) return false;
        // The record goes last so a half-finished purge is finished by the next one.
        foreach (var chunk in rows.Where(r => r.RowKey != StateRow(instanceId)).Chunk(100))
        {
            await _instances.SubmitWithinLimitsAsync(
                chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.PartitionKey, r.RowKey), ETag.All)).ToList(),
                cancellation).ConfigureAwait(false);
        }
        await foreach (var blob in _payloads.GetBlobsAsync(new GetBlobsOptions { Prefix = BlobPrefix(instanceId) }, cancellation).ConfigureAwait(false))
        {
            await _payloads.GetBlobClient(blob.Name).DeleteIfExistsAsync(cancellationToken: cancellation).ConfigureAwait(false);
        }
        await _instances.DeleteEntityAsync(instanceId, StateRow(instanceId), ETag.All, cancellation).ConfigureAwait(false);
        return true;
    }

    // ------------------------------------------------------------------ the hub lease

    public async Task<IHubLease> AcquireHubLeaseAsync(string ownerId, CancellationToken cancellation)
    {
        var blob = _leases.GetBlobClient("hub");
        try
        {
            await blob.UploadAsync(BinaryData.FromString(TaskHub), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellation)
                .ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            // The lease blob exists already.
        }
        var lease = blob.GetBlobLeaseClient(LeaseIdFor(ownerId));
        while (true)
        {
            try
            {
                await lease.AcquireAsync(_leaseDuration, cancellationToken: cancellation).ConfigureAwait(false);
                return new HubLease(lease, _leaseDuration);
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                // Another host holds the hub: wait for its lease to lapse or be released.
                await Task.Delay(TimeSpan.FromSeconds(1), cancellation).ConfigureAwait(false);
            }
        }
    }

    private static string LeaseIdFor(string ownerId) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(ownerId)).AsSpan(0, 16)).ToString();

    private sealed class HubLease : IHubLease
    {
        private readonly BlobLeaseClient _lease;
        private readonly CancellationTokenSource _lost = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;

        public HubLease(BlobLeaseClient lease, TimeSpan duration)
        {
            _lease = lease;
            _renewing = Task.Run(() => RenewAsync(duration / 3));
        }

        public CancellationToken Lost => _lost.Token;

        private async Task RenewAsync(TimeSpan every)
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(every, _stop.Token).ConfigureAwait(false);
                    await _lease.RenewAsync(cancellationToken: _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception)
                {
                    // Renewal failed after the client's own retries: the lease may be gone.
                    _lost.Cancel();
                    return;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            await _renewing.ConfigureAwait(false);
            try
            {
                if (!_lost.IsCancellationRequested) await _lease.ReleaseAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Best effort: a lease that cannot be released lapses by itself within its duration.
            }
            _stop.Dispose();
        }
    }

    // ------------------------------------------------------------------ mapping

    private static string ETagOf(Response response) =>
        response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The storage service returned no ETag.");

    private static string PagePrefix(int generation) => $"h{generation:D6}-";

    private static string PageRow(string instanceId, int generation, int page) => $"{PagePrefix(generation)}{page:D8}|{instanceId}";

    private static string MessageRow(string instanceId, string messageId) => $"m{messageId}|{instanceId}";

    private static string MessageId(TableEntity row) => row.RowKey[1..^(row.PartitionKey.Length + 1)];

    private static string StateRow(string instanceId) => StatePrefix + instanceId;

    // Every record row, across partitions ('}' follows '|').
    private const string StateRowsFilter = "RowKey ge '$state|' and RowKey lt '$state}'";

    private static string BlobPrefix(string instanceId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(instanceId)).AsSpan(0, 12)) + "/";

    private async Task<string> OffloadAsync(string instanceId, string value, CancellationToken cancellation)
    {
        if (value.Length <= PayloadThreshold) return value;
        var name = BlobPrefix(instanceId) + Guid.NewGuid().ToString("N");
        await _payloads.GetBlobClient(name).UploadAsync(BinaryData.FromString(value), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, cancellation)
            .ConfigureAwait(false);
        return BlobMarker + name;
    }

    private async Task<string?> ResolveAsync(string? value, CancellationToken cancellation)
    {
        if (value is null || !value.StartsWith(BlobMarker, StringComparison.Ordinal)) return value;
        var data = await _payloads.GetBlobClient(value[BlobMarker.Length..]).DownloadContentAsync(cancellation).ConfigureAwait(false);
        return data.Value.Content.ToString();
    }

    /// <summary>True when the value is a reference to a payload kept in Blob storage.</summary>
    public static bool IsBlobReference(string? value) => value?.StartsWith(BlobMarker, StringComparison.Ordinal) == true;

    private async Task<TableEntity> ToEntityAsync(InstanceRecord r, CancellationToken cancellation)
    {
        var e = new TableEntity(r.InstanceId, StateRow(r.InstanceId))
        {
            ["Name"] = r.Name,
            ["Status"] = r.Status.ToString(),
            ["CreatedAt"] = r.CreatedAt,
            ["LastUpdatedAt"] = r.LastUpdatedAt,
            ["Generation"] = r.Generation,
            ["ExecutionId"] = r.ExecutionId,
            ["HistoryPages"] = r.HistoryPages,
        };
        if (r.Version is not null) e["Version"] = r.Version;
        if (r.Input is not null) e["Input"] = await OffloadAsync(r.InstanceId, r.Input, cancellation).ConfigureAwait(false);
        if (r.Output is not null) e["Output"] = await OffloadAsync(r.InstanceId, r.Output, cancellation).ConfigureAwait(false);
        if (r.CustomStatus is not null) e["CustomStatus"] = await OffloadAsync(r.InstanceId, r.CustomStatus, cancellation).ConfigureAwait(false);
        if (r.Failure is not null) e["Failure"] = await OffloadAsync(r.InstanceId, CspJson.Serialize(r.Failure)!, cancellation).ConfigureAwait(false);
        if (r.ParentInstanceId is not null) e["ParentInstanceId"] = r.ParentInstanceId;
        if (r.ParentTaskId is not null) e["ParentTaskId"] = r.ParentTaskId.Value;
        if (r.ParentExecutionId is not null) e["ParentExecutionId"] = r.ParentExecutionId;
        if (r.ScheduledStartAt is not null) e["ScheduledStartAt"] = r.ScheduledStartAt.Value;
        return e;
    }

    private static InstanceRecord ToRecordWithoutPayloads(TableEntity e) => new()
    {
        InstanceId = e.PartitionKey,
        Name = e.GetString("Name") ?? "",
        Version = e.GetString("Version"),
        Status = Enum.Parse<OrchestrationRuntimeStatus>(e.GetString("Status") ?? nameof(OrchestrationRuntimeStatus.Pending)),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        LastUpdatedAt = e.GetDateTimeOffset("LastUpdatedAt") ?? default,
        Generation = e.GetInt32("Generation") ?? 0,
        ExecutionId = e.GetString("ExecutionId") ?? "",
        HistoryPages = e.GetInt32("HistoryPages") ?? 0,
        ParentInstanceId = e.GetString("ParentInstanceId"),
        ParentTaskId = e.GetInt32("ParentTaskId"),
        ParentExecutionId = e.GetString("ParentExecutionId"),
        ScheduledStartAt = e.GetDateTimeOffset("ScheduledStartAt"),
        CustomStatus = IsBlobReference(e.GetString("CustomStatus")) ? null : e.GetString("CustomStatus"),
        Failure = IsBlobReference(e.GetString("Failure")) ? null : CspJson.Deserialize<TaskFailureDetails>(e.GetString("Failure")),
    };

    private async Task<InstanceRecord> ToRecordAsync(TableEntity e, CancellationToken cancellation)
    {
        var failure = await ResolveAsync(e.GetString("Failure"), cancellation).ConfigureAwait(false);
        return ToRecordWithoutPayloads(e) with
        {
            Input = await ResolveAsync(e.GetString("Input"), cancellation).ConfigureAwait(false),
            Output = await ResolveAsync(e.GetString("Output"), cancellation).ConfigureAwait(false),
            CustomStatus = await ResolveAsync(e.GetString("CustomStatus"), cancellation).ConfigureAwait(false),
            Failure = CspJson.Deserialize<TaskFailureDetails>(failure),
        };
    }

    private async Task<InstanceMessage> ToMessageAsync(TableEntity e, CancellationToken cancellation) => new(
        MessageId(e),
        Enum.Parse<InstanceMessageKind>(e.GetString("Kind") ?? nameof(InstanceMessageKind.Event)),
        e.GetString("Name"),
        await ResolveAsync(e.GetString("Payload"), cancellation).ConfigureAwait(false),
        e.GetDateTimeOffset("EnqueuedAt") ?? default);

    private async Task<TableEntity> ToPageAsync(string instanceId, int generation, int page, IReadOnlyList<HistoryEvent> events, CancellationToken cancellation)
    {
        var stored = new List<HistoryEvent>(events.Count);
        foreach (var e in events) stored.Add(await OffloadEventAsync(instanceId, e, cancellation).ConfigureAwait(false));
        var json = CspJson.Serialize(stored.ToArray())!;
        var entity = new TableEntity(instanceId, PageRow(instanceId, generation, page));
        if (json.Length > ChunkChars * MaxInlineChunks)
        {
            entity["Blob"] = await OffloadAsync(instanceId, json, cancellation).ConfigureAwait(false);
            return entity;
        }
        var chunks = 0;
        for (var offset = 0; offset < json.Length; offset += ChunkChars, chunks++)
        {
            entity["E" + chunks] = json.Substring(offset, Math.Min(ChunkChars, json.Length - offset));
        }
        entity["Chunks"] = chunks;
        return entity;
    }

    private async Task<HistoryEvent[]> ReadPageAsync(TableEntity row, CancellationToken cancellation)
    {
        string json;
        if (row.GetString("Blob") is { } blob)
        {
            json = (await ResolveAsync(blob, cancellation).ConfigureAwait(false))!;
        }
        else
        {
            var chunks = row.GetInt32("Chunks") ?? 0;
            var sb = new StringBuilder();
            for (var i = 0; i < chunks; i++) sb.Append(row.GetString("E" + i));
            json = sb.ToString();
        }
        var events = CspJson.Deserialize<HistoryEvent[]>(json) ?? [];
        for (var i = 0; i < events.Length; i++) events[i] = await ResolveEventAsync(events[i], cancellation).ConfigureAwait(false);
        return events;
    }

    private async Task<HistoryEvent> OffloadEventAsync(string id, HistoryEvent e, CancellationToken c)
    {
        async Task<string?> O(string? v) => v is null ? null : await OffloadAsync(id, v, c).ConfigureAwait(false);
        return e switch
        {
            ExecutionStarted x when x.Input?.Length > PayloadThreshold => x with { Input = await O(x.Input) },
            TaskScheduled x when x.Input?.Length > PayloadThreshold => x with { Input = await O(x.Input) },
            TaskCompleted x when x.Result?.Length > PayloadThreshold => x with { Result = await O(x.Result) },
            SubOrchestrationCreated x when x.Input?.Length > PayloadThreshold => x with { Input = await O(x.Input) },
            SubOrchestrationCompleted x when x.Result?.Length > PayloadThreshold => x with { Result = await O(x.Result) },
            EventRaised x when x.Input?.Length > PayloadThreshold => x with { Input = await O(x.Input) },
            ExecutionCompleted x when x.Result?.Length > PayloadThreshold => x with { Result = await O(x.Result) },
            ExecutionTerminated x when x.Output?.Length > PayloadThreshold => x with { Output = await O(x.Output) },
            _ => e,
        };
    }

    private async Task<HistoryEvent> ResolveEventAsync(HistoryEvent e, CancellationToken c) => e switch
    {
        ExecutionStarted x when IsBlobReference(x.Input) => x with { Input = await ResolveAsync(x.Input, c) },
        TaskScheduled x when IsBlobReference(x.Input) => x with { Input = await ResolveAsync(x.Input, c) },
        TaskCompleted x when IsBlobReference(x.Result) => x with { Result = await ResolveAsync(x.Result, c) },
        SubOrchestrationCreated x when IsBlobReference(x.Input) => x with { Input = await ResolveAsync(x.Input, c) },
        SubOrchestrationCompleted x when IsBlobReference(x.Result) => x with { Result = await ResolveAsync(x.Result, c) },
        EventRaised x when IsBlobReference(x.Input) => x with { Input = await ResolveAsync(x.Input, c) },
        ExecutionCompleted x when IsBlobReference(x.Result) => x with { Result = await ResolveAsync(x.Result, c) },
        ExecutionTerminated x when IsBlobReference(x.Output) => x with { Output = await ResolveAsync(x.Output, c) },
        _ => e,
    };

    /// <summary>The raw stored history rows of an instance, for tests and diagnostics.</summary>
    public async Task<IReadOnlyList<TableEntity>> RawRowsAsync(string instanceId, CancellationToken cancellation = default)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _instances.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), cancellationToken: cancellation).ConfigureAwait(false))
            rows.Add(row);
        return rows;
    }
}
