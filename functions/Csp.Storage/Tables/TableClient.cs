using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Azure;
using Azure.Core;
using Csp.Storage.Internal;

namespace Csp.Storage.Tables;

/// <summary>
/// Entities of one table: point reads, writes with optimistic concurrency (ETags), queries with
/// transparent continuation, and entity-group transactions. Thread-safe.
/// </summary>
public sealed class TableClient
{
    internal const string NoMetadata = "application/json;odata=nometadata";
    internal const string MinimalMetadata = "application/json;odata=minimalmetadata";
    private const int MaxTransactionActions = 100;

    private static readonly RequestMethod Patch = RequestMethod.Patch;

    private readonly StorageServiceCore _core;
    private readonly string _tablePath;

    internal TableClient(StorageServiceCore core, string name)
    {
        _core = core;
        Name = name;
        _tablePath = "/" + name;
    }

    public string Name { get; }

    public Uri Uri => new(_core.EndpointText + _tablePath);

    /// <summary>Creates the table unless it exists already.</summary>
    public async Task CreateIfNotExistsAsync(CancellationToken ct = default)
    {
        using var buffer = new PooledBufferWriter(64);
        var w = TableEntityJson.RentWriter(buffer);
        w.WriteStartObject();
        w.WriteString("TableName", Name);
        w.WriteEndObject();
        w.Flush();

        using var message = _core.CreateMessage(RequestMethod.Post, "/Tables");
        SetJsonHeaders(message.Request, preferNoContent: true);
        message.Request.Content = RequestContent.Create(buffer.WrittenMemory);
        var response = await _core.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status is 201 or 204) return;
        var error = _core.CreateException(message);
        if (error.Status == 409 && error.ErrorCode == "TableAlreadyExists") return;
        throw error;
    }

    /// <summary>Reads one entity (optionally only the <paramref name="select"/>ed properties); null when it does not exist.</summary>
    public async Task<TableEntity?> GetEntityAsync(
        string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken ct = default)
    {
        TableKeys.Validate(partitionKey, rowKey);
        using var message = _core.CreateMessage(RequestMethod.Get, EntityPath(partitionKey, rowKey));
        message.Request.Headers.SetValue("Accept", MinimalMetadata);
        message.Request.Headers.SetValue("DataServiceVersion", "3.0");
        if (select is not null) message.Request.Uri.AppendQuery("$select", string.Join(',', select), escapeValue: true);
        var response = await _core.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 200)
        {
            var error = _core.CreateException(message);
            if (IsMissingEntity(error)) return null;
            throw error;
        }
        var entity = TableEntityJson.ReadSingle(response.Content.ToMemory().Span);
        if (entity.PartitionKey.Length == 0) entity.PartitionKey = partitionKey;
        if (entity.RowKey.Length == 0) entity.RowKey = rowKey;
        if (response.Headers.TryGetValue("ETag", out var etag)) entity.ETag = etag;
        return entity;
    }

    /// <summary>Inserts a new entity and returns its ETag.</summary>
    /// <exception cref="StorageConcurrencyException">An entity with these keys exists (409).</exception>
    public Task<string> AddEntityAsync(TableEntity entity, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        TableKeys.Validate(entity.PartitionKey, entity.RowKey);
        return SendEntityAsync(RequestMethod.Post, _tablePath, entity, ifMatch: null, ct);
    }

    /// <summary>Inserts or merges/replaces unconditionally; returns the new ETag.</summary>
    public Task<string> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        TableKeys.Validate(entity.PartitionKey, entity.RowKey);
        return SendEntityAsync(
            mode == TableUpdateMode.Merge ? Patch : RequestMethod.Put,
            EntityPath(entity.PartitionKey, entity.RowKey), entity, ifMatch: null, ct);
    }

    /// <summary>
    /// Updates an existing entity if its ETag still is <paramref name="ifMatch"/> ("*" for any);
    /// returns the new ETag.
    /// </summary>
    /// <exception cref="StorageConcurrencyException">The entity changed since it was read (412).</exception>
    /// <exception cref="StorageRequestException">The entity does not exist (404).</exception>
    public Task<string> UpdateEntityAsync(
        TableEntity entity, string ifMatch, TableUpdateMode mode = TableUpdateMode.Replace, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        TableKeys.Validate(entity.PartitionKey, entity.RowKey);
        return SendEntityAsync(
            mode == TableUpdateMode.Merge ? Patch : RequestMethod.Put,
            EntityPath(entity.PartitionKey, entity.RowKey), entity, ifMatch, ct);
    }

    /// <summary>Deletes an entity if its ETag matches; an entity that does not exist is not an error.</summary>
    /// <exception cref="StorageConcurrencyException">The entity changed since it was read (412).</exception>
    public async Task DeleteEntityAsync(string partitionKey, string rowKey, string ifMatch = "*", CancellationToken ct = default)
    {
        TableKeys.Validate(partitionKey, rowKey);
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        using var message = _core.CreateMessage(RequestMethod.Delete, EntityPath(partitionKey, rowKey));
        message.Request.Headers.SetValue("Accept", NoMetadata);
        message.Request.Headers.SetValue("DataServiceVersion", "3.0");
        message.Request.Headers.SetValue("If-Match", ifMatch);
        var response = await _core.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status == 204) return;
        var error = _core.CreateException(message);
        if (IsMissingEntity(error)) return;
        throw error;
    }

    /// <summary>
    /// Queries entities with an OData <paramref name="filter"/> (build literals with <see cref="TableFilter"/>),
    /// following continuation tokens until the result is exhausted. <paramref name="maxPerPage"/> sets
    /// <c>$top</c> per request (the service returns at most 1,000 per page anyway).
    /// </summary>
    public async IAsyncEnumerable<TableEntity> QueryAsync(
        string? filter = null, IEnumerable<string>? select = null, int? maxPerPage = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (maxPerPage is { } requested) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requested, nameof(maxPerPage));
        string? selectText = null;
        if (select is not null)
        {
            var names = new List<string>(select);
            if (!names.Contains("PartitionKey")) names.Add("PartitionKey");
            if (!names.Contains("RowKey")) names.Add("RowKey");
            selectText = string.Join(',', names);
        }
        string? nextPartitionKey = null, nextRowKey = null;
        do
        {
            List<TableEntity> page;
            using (var message = _core.CreateMessage(RequestMethod.Get, _tablePath + "()"))
            {
                var request = message.Request;
                request.Headers.SetValue("Accept", MinimalMetadata);
                request.Headers.SetValue("DataServiceVersion", "3.0");
                if (filter is not null) request.Uri.AppendQuery("$filter", filter, escapeValue: true);
                if (selectText is not null) request.Uri.AppendQuery("$select", selectText, escapeValue: true);
                if (maxPerPage is { } top) request.Uri.AppendQuery("$top", top.ToString(CultureInfo.InvariantCulture), escapeValue: false);
                if (nextPartitionKey is not null) request.Uri.AppendQuery("NextPartitionKey", nextPartitionKey, escapeValue: true);
                if (nextRowKey is not null) request.Uri.AppendQuery("NextRowKey", nextRowKey, escapeValue: true);
                var response = await _core.SendAsync(message, ct).ConfigureAwait(false);
                if (response.Status != 200) throw _core.CreateException(message);
                page = TableEntityJson.ReadQueryPage(response.Content.ToMemory().Span);
                nextPartitionKey = response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var npk) ? npk : null;
                nextRowKey = response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var nrk) ? nrk : null;
            }
            foreach (var entity in page) yield return entity;
        }
        while (nextPartitionKey is not null);
    }

    /// <summary>
    /// Applies up to 100 operations on one partition atomically (an entity-group transaction).
    /// Results are in the order of <paramref name="actions"/>.
    /// </summary>
    /// <exception cref="TableTransactionFailedException">The service refused the transaction; nothing was applied.</exception>
    public async Task<IReadOnlyList<TableTransactionResult>> SubmitTransactionAsync(
        IEnumerable<TableTransactionAction> actions, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var list = actions as IReadOnlyList<TableTransactionAction> ?? actions.ToList();
        if (list.Count == 0) return [];
        if (list.Count > MaxTransactionActions)
        {
            throw new ArgumentException(
                $"A table transaction holds at most {MaxTransactionActions} operations; this one has {list.Count}.", nameof(actions));
        }
        var partition = list[0].Entity.PartitionKey;
        for (var i = 0; i < list.Count; i++)
        {
            var action = list[i] ?? throw new ArgumentException($"Transaction action {i} is null.", nameof(actions));
            TableKeys.Validate(action.Entity.PartitionKey, action.Entity.RowKey);
            if (!string.Equals(action.Entity.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"A table transaction works on one partition: action {i} is for PartitionKey \"{action.Entity.PartitionKey}\", " +
                    $"action 0 for \"{partition}\".",
                    nameof(actions));
            }
        }

        var batchBoundary = "batch_" + Guid.NewGuid().ToString("D");
        using var buffer = new PooledBufferWriter(1024 + list.Count * 512);
        TableBatchFormat.WriteRequest(buffer, batchBoundary, _core.EndpointText, Name, list);

        using var message = _core.CreateMessage(RequestMethod.Post, "/$batch");
        var request = message.Request;
        request.Headers.SetValue("Accept", NoMetadata);
        request.Headers.SetValue("DataServiceVersion", "3.0");
        request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        request.Headers.SetValue("Content-Type", "multipart/mixed; boundary=" + batchBoundary);
        request.Content = RequestContent.Create(buffer.WrittenMemory);
        var response = await _core.SendAsync(message, ct).ConfigureAwait(false);
        var requestId = response.Headers.TryGetValue("x-ms-request-id", out var rid) ? rid : null;
        if (response.Status != 202)
        {
            var top = _core.CreateException(message);
            throw new TableTransactionFailedException(top.Message, top.Status, top.ErrorCode, top.RequestId, -1, top);
        }

        var parts = TableBatchFormat.ParseResponse(response.Content.ToMemory().Span);
        foreach (var part in parts)
        {
            if (part.Status < 400) continue;
            var (code, detail) = StorageServiceCore.ParseErrorBody(part.Body);
            var index = TableBatchFormat.FailedIndex(detail, part.ContentId, list.Count);
            var text = $"Table transaction on '{Name}' (partition \"{partition}\", {list.Count} operations) failed" +
                       (index >= 0 ? $" at operation {index} ({list[index].ActionType} RowKey \"{list[index].Entity.RowKey}\")" : "") +
                       $" with {part.Status}" + (code is null ? "" : $" ({code})") + (detail is null ? "" : $": {detail}") +
                       (requestId is null ? "" : $" [x-ms-request-id {requestId}]");
            throw new TableTransactionFailedException(text, part.Status, code, requestId, index);
        }
        if (parts.Count != list.Count)
        {
            throw new TableTransactionFailedException(
                $"Table transaction on '{Name}' returned {parts.Count} results for {list.Count} operations.",
                response.Status, null, requestId, -1);
        }
        var results = new TableTransactionResult[parts.Count];
        for (var i = 0; i < parts.Count; i++) results[i] = new TableTransactionResult(parts[i].Status, parts[i].ETag);
        return results;
    }

    /// <summary>A 404 for the entity, as opposed to a missing table (which is a configuration error worth surfacing).</summary>
    private static bool IsMissingEntity(StorageRequestException error) =>
        error.Status == 404 && error.ErrorCode != "TableNotFound";

    internal static string EntityPath(string tablePath, string partitionKey, string rowKey) =>
        string.Concat(tablePath, "(PartitionKey='", EscapeKey(partitionKey), "',RowKey='", EscapeKey(rowKey), "')");

    private string EntityPath(string partitionKey, string rowKey) => EntityPath(_tablePath, partitionKey, rowKey);

    /// <summary>An OData string literal inside a URL path: quotes doubled, then percent-encoded.</summary>
    private static string EscapeKey(string key) => Uri.EscapeDataString(TableFilter.Escape(key));

    private async Task<string> SendEntityAsync(
        RequestMethod method, string path, TableEntity entity, string? ifMatch, CancellationToken ct)
    {
        using var buffer = new PooledBufferWriter(512);
        var w = TableEntityJson.RentWriter(buffer);
        TableEntityJson.WriteEntity(w, entity);
        w.Flush();

        using var message = _core.CreateMessage(method, path);
        var request = message.Request;
        SetJsonHeaders(request, preferNoContent: method == RequestMethod.Post);
        if (ifMatch is not null) request.Headers.SetValue("If-Match", ifMatch);
        request.Content = RequestContent.Create(buffer.WrittenMemory);
        var response = await _core.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status is 201 or 204 && response.Headers.TryGetValue("ETag", out var etag)) return etag;
        if (response.Status is 201 or 204) throw new StorageRequestException($"{method} {path} returned no ETag.", response.Status);
        throw _core.CreateException(message);
    }

    private static void SetJsonHeaders(Request request, bool preferNoContent)
    {
        request.Headers.SetValue("Accept", NoMetadata);
        request.Headers.SetValue("Content-Type", "application/json");
        request.Headers.SetValue("DataServiceVersion", "3.0");
        if (preferNoContent) request.Headers.SetValue("Prefer", "return-no-content");
    }
}
