using Csp.Domain;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Csp.Integrations.Mail;
using Csp.Storage;
using Csp.Storage.Tables;
using Csp.Workflow.Application;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Integrations.Records;

/// <summary>
/// The incident read model in Azure Table storage. Each incident is one partition with two rows:
/// the <em>view</em> (case, agencies, meeting, open steps and audit trail, as gzip-compressed JSON in
/// binary properties), which the incident page and API read with one point read; and the
/// <em>case</em> row (the case alone, with its stage), which the dashboard lists. Every write
/// reads the view, applies its change and writes it back under the ETag (a concurrent writer's
/// change is re-read and the change applied again), so the writers of different rows of the same
/// incident (stage, agency and meeting orchestrations) never lose each other's work. Every change
/// is idempotent: a retried activity that repeats a write changes nothing. The process remembers
/// the view it last wrote with its ETag, so a write usually costs one round trip. Given an
/// <see cref="IncidentIndexer"/>, every write also keeps the incident's dashboard line in columns of
/// the case row, in the same transaction, so the dashboard lists small rows and reads no case. A
/// new incident's first write assumes no row exists (it costs no read). Row keys repeat
/// the partition key: Azurite finds an entity by its row key first, so a key shared by every
/// incident would make each lookup scan them all.
/// </summary>
public sealed class TableIncidentRecords(TableClient table, IncidentIndexer? indexer = null) : IIncidentRecords
{
    /// <summary>Marks a case row that carries its dashboard line (written since the index existed).</summary>
    private const int IndexVersion = 2;
    private static readonly string[] IndexColumns =
        ["PartitionKey", "IndexVersion", "IncidentId", "Reference", "Stage", "Paused", "ReceivedOn", "UpdatedAt", "NextKind", "NextLabel", "NextDue", "NextBasis", "AtRisk"];

    private const int ChunkBytes = 60_000;
    private const int MaxChunks = 15; // The service's 1 MiB entity limit, with room for the other properties.
    private const int RememberedViews = 2_000;
    private readonly object _gate = new();
    private readonly Dictionary<string, (byte[] Json, string ETag)> _written = new(StringComparer.Ordinal);
    private readonly Queue<string> _writtenOrder = new();

    private sealed class View
    {
        public IncidentCase? Case { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
        public List<ScopingAgency> Agencies { get; set; } = [];
        public RapidReviewMeeting? Meeting { get; set; }
        public List<AwaitedStep> Steps { get; set; } = [];
        public List<AuditEntry> Audit { get; set; } = [];
    }

    public Task InitializeAsync(CancellationToken cancellation) => table.CreateIfNotExistsAsync(cancellation);

    public Task SaveCaseAsync(IncidentCase incidentCase, DateTimeOffset at, CancellationToken cancellation) =>
        RecordAsync(new ProgressRecord(incidentCase.IncidentId, at, Case: incidentCase), cancellation);

    public Task SaveAgencyAsync(string incidentId, ScopingAgency agency, CancellationToken cancellation) =>
        RecordAsync(new ProgressRecord(incidentId, default, Agency: agency), cancellation);

    public Task SaveMeetingAsync(string incidentId, RapidReviewMeeting meeting, CancellationToken cancellation) =>
        RecordAsync(new ProgressRecord(incidentId, default, Meeting: meeting), cancellation);

    public Task AppendAuditAsync(string incidentId, IReadOnlyList<AuditEntry> entries, CancellationToken cancellation) =>
        RecordAsync(new ProgressRecord(incidentId, default, Audit: entries), cancellation);

    public Task OpenStepAsync(AwaitedStep step, CancellationToken cancellation) =>
        ChangeAsync(step.IncidentId, v => Put(v.Steps, step, s => s.StepId == step.StepId, s => TableKeys.Escape(s.StepId)), writesCase: false, cancellation);

    public Task CloseStepAsync(string incidentId, string stepId, CancellationToken cancellation) =>
        ChangeAsync(incidentId, v => v.Steps.RemoveAll(s => s.StepId == stepId) > 0, writesCase: false, cancellation);

    /// <summary>The case (stamped with <see cref="ProgressRecord.At"/>), agency, meeting and audit entries of one step of progress, in one write.</summary>
    public Task RecordAsync(ProgressRecord progress, CancellationToken cancellation) =>
        ChangeAsync(progress.IncidentId, v =>
        {
            var changed = false;
            if (progress.Case is { } c)
            {
                v.Case = c;
                v.UpdatedAt = progress.At;
                changed = true;
            }
            if (progress.Agency is { } a) changed |= Put(v.Agencies, a, x => x.Key == a.Key, x => x.Key);
            if (progress.Meeting is { } m)
            {
                v.Meeting = m;
                changed = true;
            }
            if (progress.Audit is { Count: > 0 } audit) changed |= AddAudit(v, audit);
            return changed;
        }, writesCase: progress.Case is not null, cancellation);

    /// <summary>The first record of a new incident, in the same ETag-guarded write: nothing is written when a case is stored already.</summary>
    public async Task<bool> CreateAsync(ProgressRecord initial, CancellationToken cancellation)
    {
        var created = false;
        await ChangeAsync(initial.IncidentId, v =>
        {
            created = v.Case is null && initial.Case is not null;
            if (!created) return false;
            v.Case = initial.Case;
            v.UpdatedAt = initial.At;
            if (initial.Audit is { Count: > 0 } audit) AddAudit(v, audit);
            return true;
        }, writesCase: true, cancellation, assumeAbsent: true).ConfigureAwait(false);
        return created;
    }

    private static bool AddAudit(View v, IReadOnlyList<AuditEntry> entries)
    {
        // Keyed by the entry id: a retried activity appends nothing twice.
        var known = v.Audit.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var added = entries.Where(e => known.Add(e.Id)).ToList();
        if (added.Count == 0) return false;
        v.Audit.AddRange(added);
        v.Audit.Sort((a, b) => a.At.UtcTicks != b.At.UtcTicks ? a.At.UtcTicks.CompareTo(b.At.UtcTicks) : string.CompareOrdinal(a.Id, b.Id));
        return true;
    }

    public async Task<IncidentRecord?> LoadAsync(string incidentId, CancellationToken cancellation)
    {
        if (!TableKeys.IsValid(incidentId)) return null;
        var key = Key(incidentId);
        var row = await table.FindEntityAsync(key, ViewRow(key), cancellation).ConfigureAwait(false);
        if (row is null) return null;
        var v = Deserialize(ReadJson(row));
        return v.Case is null ? null : new IncidentRecord(v.Case, v.UpdatedAt, v.Agencies, v.Meeting, v.Steps, v.Audit);
    }

    public async IAsyncEnumerable<CaseRow> ListCasesAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        await foreach (var row in table.QueryAsync<TableEntity>($"RowKey ge '{CasePrefix}' and RowKey lt '{CaseEnd}'", cancellationToken: cancellation))
        {
            var c = JsonSerializer.Deserialize<IncidentCase>(JsonChunks.Read(row), CspJson.Options)!;
            yield return new CaseRow(c, row.GetDateTimeOffset("UpdatedAt") ?? row.Timestamp ?? default);
        }
    }

    /// <summary>
    /// The dashboard lines from the case rows' index columns, reading only those columns; a row
    /// written before the index existed is made from its incident's record.
    /// </summary>
    public async IAsyncEnumerable<IncidentIndexEntry> ListIndexAsync(IncidentIndexer indexer, [EnumeratorCancellation] CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(indexer);
        var unindexed = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>($"RowKey ge '{CasePrefix}' and RowKey lt '{CaseEnd}'", select: IndexColumns, cancellationToken: cancellation)
            .ConfigureAwait(false))
        {
            if (row.GetInt32("IndexVersion") == IndexVersion && ReadIndex(row) is { } entry) yield return entry;
            else unindexed.Add(TableKeys.Unescape(row.PartitionKey));
        }
        foreach (var id in unindexed)
        {
            if (await LoadAsync(id, cancellation).ConfigureAwait(false) is { } record)
                yield return indexer.Entry(record.Case, record.Agencies, record.UpdatedAt, record.Meeting);
        }
    }

    /// <summary>One incident's dashboard line: a point read of its case row's index columns.</summary>
    public async Task<IncidentIndexEntry?> LoadIndexAsync(string incidentId, IncidentIndexer indexer, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(indexer);
        if (!TableKeys.IsValid(incidentId)) return null;
        var key = Key(incidentId);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(key, CaseRow(key), IndexColumns, cancellation).ConfigureAwait(false);
        if (!found.HasValue) return null;
        if (found.Value!.GetInt32("IndexVersion") == IndexVersion && ReadIndex(found.Value) is { } entry) return entry;
        return await LoadAsync(incidentId, cancellation).ConfigureAwait(false) is { } record
            ? indexer.Entry(record.Case, record.Agencies, record.UpdatedAt, record.Meeting)
            : null;
    }

    private static void WriteIndex(TableEntity row, IncidentIndexEntry e)
    {
        row["IndexVersion"] = IndexVersion;
        row["IncidentId"] = e.IncidentId;
        row["Reference"] = e.Reference;
        row["Stage"] = e.Stage.ToString();
        row["Paused"] = e.Paused;
        row["ReceivedOn"] = e.ReceivedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        row["UpdatedAt"] = e.UpdatedAt;
        // Empty strings, not missing columns: a merge must overwrite the last next deadline when none is left.
        row["NextKind"] = e.NextDeadline?.Kind ?? "";
        row["NextLabel"] = e.NextDeadline?.Label ?? "";
        row["NextDue"] = e.NextDeadline is { } d ? d.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
        row["NextBasis"] = e.NextDeadline?.Basis ?? "";
        row["AtRisk"] = e.AtRisk ?? "";
    }

    private static IncidentIndexEntry? ReadIndex(TableEntity row)
    {
        if (row.GetString("IncidentId") is not { Length: > 0 } id
            || !Enum.TryParse<Csp.Domain.Incidents.IncidentStage>(row.GetString("Stage"), out var stage)
            || !DateOnly.TryParseExact(row.GetString("ReceivedOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var received))
            return null;
        IndexedDeadline? next = DateOnly.TryParseExact(row.GetString("NextDue"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due)
            ? new IndexedDeadline(row.GetString("NextKind") ?? "", row.GetString("NextLabel") ?? "", due, row.GetString("NextBasis") ?? "")
            : null;
        return new IncidentIndexEntry(id, row.GetString("Reference") ?? id, stage, row.GetBoolean("Paused") ?? false, received, next,
            row.GetDateTimeOffset("UpdatedAt") ?? row.Timestamp ?? default, row.GetString("AtRisk") is { Length: > 0 } risk ? risk : null);
    }

    /// <summary>Reads the view (or takes the one this process last wrote), changes it, and writes it back if it changed.</summary>
    /// <param name="assumeAbsent">A new incident: the first attempt writes without reading (an existing row makes it fail, then it reads).</param>
    private async Task ChangeAsync(string incidentId, Func<View, bool> change, bool writesCase, CancellationToken cancellation, bool assumeAbsent = false)
    {
        var key = Key(incidentId);
        for (var attempt = 0; ; attempt++)
        {
            byte[]? json;
            string? etag;
            var remembered = Remembered(key);
            if (remembered is { } known)
            {
                (json, etag) = known;
            }
            else if (assumeAbsent && attempt == 0)
            {
                (json, etag) = (null, null);
            }
            else
            {
                var row = await table.FindEntityAsync(key, ViewRow(key), cancellation).ConfigureAwait(false);
                (json, etag) = row is null ? (null, null) : (ReadJson(row), row.ETag.ToString());
            }
            var view = json is null ? new View() : Deserialize(json);
            if (!change(view))
            {
                if (remembered is null) return;
                // Nothing to do by what this process last wrote; another process may have written since.
                Forget(key);
                continue;
            }

            var updated = JsonSerializer.SerializeToUtf8Bytes(view, CspJson.Options);
            var viewRow = new TableEntity(key, ViewRow(key));
            WriteJson(viewRow, updated, incidentId);
            try
            {
                string newETag;
                // The case row: the whole case when it changed, else (with an index) only its dashboard line, which an agency's return can move.
                var caseRow = writesCase && view.Case is not null ? new TableEntity(key, CaseRow(key)) { ["UpdatedAt"] = view.UpdatedAt, ["Stage"] = view.Case.Stage.ToString() }
                    : indexer is not null && view.Case is not null ? new TableEntity(key, CaseRow(key))
                    : null;
                if (caseRow is not null)
                {
                    if (writesCase) JsonChunks.Write(caseRow, JsonSerializer.Serialize(view.Case, CspJson.Options));
                    if (indexer is not null) WriteIndex(caseRow, indexer.Entry(view.Case!, view.Agencies, view.UpdatedAt, view.Meeting));
                    var results = await table.SubmitWithinLimitsAsync(
                    [
                        etag is null
                            ? new TableTransactionAction(TableTransactionActionType.Add, viewRow)
                            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, viewRow, new ETag(etag)),
                        new TableTransactionAction(writesCase ? TableTransactionActionType.UpsertReplace : TableTransactionActionType.UpsertMerge, caseRow),
                    ], cancellation).ConfigureAwait(false);
                    newETag = results[0].ETagOf().ToString();
                }
                else
                {
                    var written = etag is null
                        ? await table.AddEntityAsync(viewRow, cancellation).ConfigureAwait(false)
                        : await table.UpdateEntityAsync(viewRow, new ETag(etag), TableUpdateMode.Replace, cancellation).ConfigureAwait(false);
                    newETag = written.ETagOf().ToString();
                }
                Remember(key, updated, newETag);
                return;
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                // Someone else wrote the view since: read it again and reapply the change.
                Forget(key);
                if (attempt >= 50) throw;
            }
            catch
            {
                Forget(key);
                throw;
            }
        }
    }

    private static bool Put<T>(List<T> items, T item, Predicate<T> same, Func<T, string> order)
    {
        var i = items.FindIndex(same);
        if (i >= 0)
        {
            if (EqualityComparer<T>.Default.Equals(items[i], item)) return false;
            items[i] = item;
            return true;
        }
        items.Add(item);
        items.Sort((a, b) => string.CompareOrdinal(order(a), order(b)));
        return true;
    }

    private (byte[] Json, string ETag)? Remembered(string key)
    {
        lock (_gate) return _written.TryGetValue(key, out var v) ? v : null;
    }

    private void Remember(string key, byte[] json, string etag)
    {
        lock (_gate)
        {
            if (!_written.ContainsKey(key)) _writtenOrder.Enqueue(key);
            _written[key] = (json, etag);
            while (_written.Count > RememberedViews && _writtenOrder.TryDequeue(out var old)) _written.Remove(old);
        }
    }

    private void Forget(string key)
    {
        lock (_gate) _written.Remove(key);
    }

    private static View Deserialize(byte[] json) => JsonSerializer.Deserialize<View>(json, CspJson.Options) ?? new View();

    private static void WriteJson(TableEntity row, byte[] json, string incidentId)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(json);
        var packed = buffer.ToArray();
        var chunks = (packed.Length + ChunkBytes - 1) / ChunkBytes;
        if (chunks > MaxChunks)
            throw new InvalidOperationException($"The record of incident {incidentId} has outgrown one table entity ({packed.Length:N0} bytes compressed).");
        row["Encoding"] = "gzip-json";
        row["Chunks"] = chunks;
        for (var i = 0; i < chunks; i++)
            row["Data" + i.ToString(CultureInfo.InvariantCulture)] = packed.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, packed.Length - i * ChunkBytes)).ToArray();
    }

    private static byte[] ReadJson(TableEntity row)
    {
        var chunks = row.GetInt32("Chunks") ?? 0;
        using var packed = new MemoryStream();
        for (var i = 0; i < chunks; i++) packed.Write(row.GetBinary("Data" + i.ToString(CultureInfo.InvariantCulture)) ?? []);
        packed.Position = 0;
        using var gzip = new GZipStream(packed, CompressionMode.Decompress);
        using var json = new MemoryStream();
        gzip.CopyTo(json);
        return json.ToArray();
    }

    private const string CasePrefix = "case|";
    private const string CaseEnd = "case}";

    private static string Key(string incidentId) => TableKeys.Escape(incidentId);

    private static string ViewRow(string key) => "view|" + key;

    private static string CaseRow(string key) => CasePrefix + key;
}
