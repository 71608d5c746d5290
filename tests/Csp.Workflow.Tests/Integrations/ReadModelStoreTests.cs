using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Durable;
using Csp.Integrations.Records;
using Csp.Storage;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Tests.Integrations;

/// <summary>
/// The incident registry's reference numbers under concurrent submissions, and the read-model cache
/// the local host puts in front of Table storage, on Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReadModelStoreTests(AzuriteFixture azurite)
{
    private Azure.Data.Tables.TableClient NewTable(string prefix)
    {
        var table = StorageAccount.FromConnectionString(azurite.ConnectionString).Tables.GetTableClient(AzuriteFixture.UniqueName(prefix));
        return table;
    }

    [Fact]
    public async Task ManySimultaneousReferrals_GetConsecutiveReferenceNumbers_WithNoneRepeated()
    {
        var registry = new TableIncidentRegistry(NewTable("reg"));
        await registry.InitializeAsync(CancellationToken.None);

        var numbers = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => registry.NextNumberAsync(2026, CancellationToken.None))));

        Assert.Equal(Enumerable.Range(1, 200), numbers.Order());
        Assert.Equal(201, await registry.NextNumberAsync(2026, CancellationToken.None));
        Assert.Equal(1, await registry.NextNumberAsync(2027, CancellationToken.None)); // each year counts from 1
    }

    [Fact]
    public async Task TwoProcessesOnOneCounter_NeverHandOutTheSameNumber()
    {
        var table = NewTable("reg");
        var first = new TableIncidentRegistry(table);
        var second = new TableIncidentRegistry(table);
        await first.InitializeAsync(CancellationToken.None);

        var numbers = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => Task.Run(() =>
            (i % 2 == 0 ? first : second).NextNumberAsync(2026, CancellationToken.None))));

        Assert.Equal(Enumerable.Range(1, 120), numbers.Order());
    }

    [Fact]
    public async Task KeyedSubmissionsAtOnce_TakeConsecutiveNumbers_ARepeatedKeyOneNumber_AndAKeyBoundBeforeNone()
    {
        var registry = new TableIncidentRegistry(NewTable("reg"));
        await registry.InitializeAsync(CancellationToken.None);
        IIncidentRegistry port = registry;
        Assert.Equal(1, await registry.NextNumberAsync(2026, CancellationToken.None));
        await registry.BindSubmissionAsync("bound-before", "CSP-2026-0001", CancellationToken.None);

        var keys = Enumerable.Range(0, 30).Select(i => $"key-{i}").ToList();
        var calls = keys.Concat(keys).Append("bound-before").ToList(); // each key sent twice at once
        var ids = await Task.WhenAll(calls.Select(k => Task.Run(() =>
            port.FindOrBindSubmissionAsync(k, 2026, n => $"CSP-2026-{n:D4}", CancellationToken.None))));

        var byKey = calls.Zip(ids).GroupBy(p => p.First, p => p.Second).ToDictionary(g => g.Key, g => g.Distinct().ToList());
        Assert.All(byKey.Values, bound => Assert.Single(bound));
        Assert.Equal("CSP-2026-0001", byKey["bound-before"][0]);
        Assert.Equal(Enumerable.Range(2, 30).Select(n => $"CSP-2026-{n:D4}"), keys.Select(k => byKey[k][0]).Order(StringComparer.Ordinal));
        // The keys stay bound, and no number went unused.
        Assert.Equal(byKey["key-7"][0], await port.FindOrBindSubmissionAsync("key-7", 2026, n => $"CSP-2026-{n:D4}", CancellationToken.None));
        Assert.Equal(byKey["key-7"][0], await registry.FindSubmissionAsync("key-7", CancellationToken.None));
        Assert.Equal(32, await registry.NextNumberAsync(2026, CancellationToken.None));
    }

    [Fact]
    public async Task KeyedSubmissionsWaitingTogether_CostAFewStorageCalls_NotThreeEach()
    {
        var transport = new GatedTransport();
        var table = StorageAccount.FromConnectionString(azurite.ConnectionString, new StorageClientSettings { Transport = transport })
            .Tables.GetTableClient(AzuriteFixture.UniqueName("reg"));
        var registry = new TableIncidentRegistry(table);
        await registry.InitializeAsync(CancellationToken.None);
        transport.Calls = 0;

        // Storage holds the first round's first call while the other submissions arrive.
        transport.Hold();
        var first = registry.FindOrBindSubmissionAsync("first", 2026, n => $"CSP-2026-{n:D4}", CancellationToken.None);
        await transport.Held;
        var rest = Enumerable.Range(0, 40).Select(i => registry.FindOrBindSubmissionAsync($"key-{i}", 2026, n => $"CSP-2026-{n:D4}", CancellationToken.None)).ToList();
        transport.Release();
        var ids = await Task.WhenAll(rest.Prepend(first));

        Assert.Equal(Enumerable.Range(1, 41).Select(n => $"CSP-2026-{n:D4}"), ids.Order(StringComparer.Ordinal));
        // Two rounds: each one look-up a 14 keys, the counter (read once) and one bind.
        Assert.InRange(transport.Calls, 1, 12);
    }

    /// <summary>Counts the calls sent and can hold the next one until released.</summary>
    private sealed class GatedTransport : Azure.Core.Pipeline.HttpPipelineTransport
    {
        private readonly Azure.Core.Pipeline.HttpClientTransport _inner = new();
        private TaskCompletionSource? _gate;
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Calls;

        public Task Held => _held.Task;

        public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _gate?.TrySetResult();

        public override Azure.Core.Request CreateRequest() => _inner.CreateRequest();

        public override void Process(Azure.Core.HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(Azure.Core.HttpMessage message)
        {
            Interlocked.Increment(ref Calls);
            if (_gate is { } gate)
            {
                _held.TrySetResult();
                await gate.Task;
            }
            await _inner.ProcessAsync(message);
        }
    }

    [Fact]
    public async Task CreateIncident_SimultaneousAttempts_OneWritesAndNoneOverwritesLaterProgress()
    {
        var table = NewTable("inc");
        var records = new TableIncidentRecords(table);
        await records.InitializeAsync(CancellationToken.None);
        var incident = NewCase("CSP-2026-0100");
        IIncidentRecords port = records;
        var first = new ProgressRecord(incident.IncidentId, DateTimeOffset.UtcNow, incident,
            Audit: [new AuditEntry("received-" + incident.IncidentId, DateTimeOffset.UtcNow, "Bea", "Referral received.", null, null, AuditKinds.Step)]);

        var created = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => port.CreateAsync(first, CancellationToken.None))));
        await port.SaveCaseAsync(incident with { Reference = "progressed" }, DateTimeOffset.UtcNow, CancellationToken.None);
        var late = await port.CreateAsync(first, CancellationToken.None);

        Assert.Single(created, c => c);
        Assert.False(late);
        var stored = (await new TableIncidentRecords(table).LoadAsync(incident.IncidentId, CancellationToken.None))!;
        Assert.Equal("progressed", stored.Case.Reference);
        Assert.Single(stored.Audit);
    }

    [Fact]
    public async Task CachedRecords_ShowEveryWriteMadeThroughThem()
    {
        var (tableRecords, cached, _) = await NewCachedAsync();
        var incident = NewCase("CSP-2026-0001");
        await cached.SaveCaseAsync(incident, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Empty((await cached.LoadAsync(incident.IncidentId, CancellationToken.None))!.Agencies);
        Assert.Equal(1, cached.Count);

        await cached.SaveAgencyAsync(incident.IncidentId, Agency("police"), CancellationToken.None);
        Assert.Equal(["police"], (await cached.LoadAsync(incident.IncidentId, CancellationToken.None))!.Agencies.Select(a => a.Key));

        await cached.AppendAuditAsync(incident.IncidentId, [new AuditEntry("a1", DateTimeOffset.UtcNow, "Business unit", "Referral accepted.")], CancellationToken.None);
        await cached.OpenStepAsync(new AwaitedStep(incident.IncidentId, "qa", incident.IncidentId, "ReferralQa", ["accept-referral"], "Quality assurance"),
            CancellationToken.None);
        var loaded = (await cached.LoadAsync(incident.IncidentId, CancellationToken.None))!;
        Assert.Equal(["a1"], loaded.Audit.Select(a => a.Id));
        Assert.Equal(["qa"], loaded.OpenSteps.Select(s => s.StepId));

        await cached.CloseStepAsync(incident.IncidentId, "qa", CancellationToken.None);
        Assert.Empty((await cached.LoadAsync(incident.IncidentId, CancellationToken.None))!.OpenSteps);
        Assert.Empty((await tableRecords.LoadAsync(incident.IncidentId, CancellationToken.None))!.OpenSteps);
    }

    [Fact]
    public async Task CachedRecords_AWriteByAnotherProcess_ShowsOnceTheEntryExpires()
    {
        var (tableRecords, cached, clock) = await NewCachedAsync();
        var incident = NewCase("CSP-2026-0002");
        await cached.SaveCaseAsync(incident, DateTimeOffset.UtcNow, CancellationToken.None);
        await cached.LoadAsync(incident.IncidentId, CancellationToken.None);

        // Straight to storage, as another host would write.
        await tableRecords.SaveAgencyAsync(incident.IncidentId, Agency("health"), CancellationToken.None);
        Assert.Empty((await cached.LoadAsync(incident.IncidentId, CancellationToken.None))!.Agencies);

        clock.Advance(cached.TimeToLive);
        Assert.Equal(["health"], (await cached.LoadAsync(incident.IncidentId, CancellationToken.None))!.Agencies.Select(a => a.Key));
    }

    [Fact]
    public async Task CachedRecords_ALoadOverlappingAWrite_IsNotKept()
    {
        var inner = new GatedRecords();
        var cached = new CachedIncidentRecords(inner, new VirtualTimeProvider(DateTimeOffset.UtcNow));
        var incident = NewCase("CSP-2026-0003");
        await inner.Store.SaveCaseAsync(incident, DateTimeOffset.UtcNow, CancellationToken.None);

        inner.HoldLoads = true;
        var slowLoad = cached.LoadAsync(incident.IncidentId, CancellationToken.None);
        await inner.LoadStarted.Task;
        // The load has read the old record; a write finishes before the load returns.
        await cached.SaveAgencyAsync(incident.IncidentId, Agency("education"), CancellationToken.None);
        inner.HoldLoads = false;
        inner.Release.SetResult();
        Assert.Empty((await slowLoad)!.Agencies);

        Assert.Equal(["education"], (await cached.LoadAsync(incident.IncidentId, CancellationToken.None))!.Agencies.Select(a => a.Key));
    }

    [Fact]
    public async Task CachedRecords_HoldNoMoreThanTheirCapacity_AndUnknownIncidentsAreNotRemembered()
    {
        var inner = new GatedRecords();
        var cached = new CachedIncidentRecords(inner, new VirtualTimeProvider(DateTimeOffset.UtcNow), capacity: 10);
        for (var i = 0; i < 25; i++)
        {
            var incident = NewCase($"CSP-2026-{i:D4}");
            await inner.Store.SaveCaseAsync(incident, DateTimeOffset.UtcNow, CancellationToken.None);
            Assert.NotNull(await cached.LoadAsync(incident.IncidentId, CancellationToken.None));
            Assert.InRange(cached.Count, 1, 10);
        }

        Assert.Null(await cached.LoadAsync("CSP-2026-9999", CancellationToken.None));
        await inner.Store.SaveCaseAsync(NewCase("CSP-2026-9999"), DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.NotNull(await cached.LoadAsync("CSP-2026-9999", CancellationToken.None)); // created after a miss, and found
    }

    [Fact]
    public async Task TableRecords_TwoProcessesWritingOneIncidentAtOnce_LoseNothing()
    {
        var table = NewTable("rec");
        var first = new TableIncidentRecords(table);
        var second = new TableIncidentRecords(table);
        await first.InitializeAsync(CancellationToken.None);
        var incident = NewCase("CSP-2026-0100");
        await first.SaveCaseAsync(incident, DateTimeOffset.UtcNow, CancellationToken.None);

        var keys = Enumerable.Range(0, 24).Select(i => $"agency{i:D2}").ToList();
        await Task.WhenAll(keys.Select((k, i) => Task.Run(async () =>
        {
            var writer = i % 2 == 0 ? first : second;
            await writer.SaveAgencyAsync(incident.IncidentId, Agency(k), CancellationToken.None);
            await writer.AppendAuditAsync(incident.IncidentId, [new AuditEntry("audit-" + k, DateTimeOffset.UnixEpoch.AddMinutes(i), "Agency", $"Return from {k}.")], CancellationToken.None);
        })));

        foreach (var reader in new[] { first, second })
        {
            var loaded = (await reader.LoadAsync(incident.IncidentId, CancellationToken.None))!;
            Assert.Equal(keys, loaded.Agencies.Select(a => a.Key));
            Assert.Equal(keys.Select(k => "audit-" + k), loaded.Audit.Select(a => a.Id));
        }
    }

    [Fact]
    public async Task ProgressRecorded_ThroughTheCache_AppliesCaseAgencyAndAudit_AndARetryAddsNothing()
    {
        var (tableRecords, cached, _) = await NewCachedAsync();
        var incident = NewCase("CSP-2026-0300");
        var at = new DateTimeOffset(2026, 2, 2, 10, 0, 0, TimeSpan.Zero);
        await cached.SaveCaseAsync(incident, at, CancellationToken.None);
        Assert.Empty((await cached.LoadAsync(incident.IncidentId, CancellationToken.None))!.Agencies);

        var progress = new ProgressRecord(incident.IncidentId, at.AddHours(1), incident with { Reference = "CSP-2026-0300" },
            Agency("police"), Audit: [new AuditEntry("p1", at.AddHours(1), "System", "Scoping requested from Police.")]);
        await cached.RecordAsync(progress, CancellationToken.None);
        await cached.RecordAsync(progress, CancellationToken.None); // an activity run again after a crash

        foreach (var records in new IIncidentRecords[] { cached, tableRecords })
        {
            var loaded = (await records.LoadAsync(incident.IncidentId, CancellationToken.None))!;
            Assert.Equal(at.AddHours(1), loaded.UpdatedAt);
            Assert.Equal(["police"], loaded.Agencies.Select(a => a.Key));
            Assert.Equal(["p1"], loaded.Audit.Select(a => a.Id));
        }
    }

    [Fact]
    public async Task TableRecords_RepeatedWrites_ChangeNothing_AndALongTrailRoundTrips()
    {
        var records = new TableIncidentRecords(NewTable("rec"));
        await records.InitializeAsync(CancellationToken.None);
        var incident = NewCase("CSP-2026-0200");
        await records.SaveCaseAsync(incident, DateTimeOffset.UtcNow, CancellationToken.None);

        var start = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        var trail = Enumerable.Range(0, 4000)
            .Select(i => new AuditEntry($"e{i:D5}", start.AddMinutes(i), "Business unit", $"Step {i} recorded with a sentence of ordinary length, as the timeline shows it.", "Because the process says so."))
            .ToList();
        // Newest first and in pieces, then every piece again (a retried activity).
        foreach (var piece in trail.AsEnumerable().Reverse().Chunk(500)) await records.AppendAuditAsync(incident.IncidentId, piece, CancellationToken.None);
        foreach (var piece in trail.Chunk(700)) await records.AppendAuditAsync(incident.IncidentId, piece, CancellationToken.None);
        await records.CloseStepAsync(incident.IncidentId, "never-opened", CancellationToken.None);

        var loaded = (await records.LoadAsync(incident.IncidentId, CancellationToken.None))!;
        Assert.Equal(trail.Select(a => a.Id), loaded.Audit.Select(a => a.Id));
        Assert.Equal(trail[^1], loaded.Audit[^1]);

        var listed = new List<CaseRow>();
        await foreach (var row in records.ListCasesAsync(CancellationToken.None)) listed.Add(row);
        Assert.Equal([incident.IncidentId], listed.Select(r => r.Case.IncidentId));
    }

    private async Task<(TableIncidentRecords Table, CachedIncidentRecords Cached, VirtualTimeProvider Clock)> NewCachedAsync()
    {
        var table = new TableIncidentRecords(NewTable("rec"));
        await table.InitializeAsync(CancellationToken.None);
        var clock = new VirtualTimeProvider(DateTimeOffset.UtcNow);
        return (table, new CachedIncidentRecords(table, clock), clock);
    }

    [Fact]
    public async Task TableRecords_DashboardLines_ListTheNextDeadlineOfEachIncident_AlsoOfIncidentsWrittenBeforeTheIndex()
    {
        var table = NewTable("idx");
        var calendar = new Csp.Workflow.Configuration.WorkflowCalendar(Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales,
            new Csp.Domain.Timescales.StatutoryTimescales(), new Csp.Workflow.Configuration.ReminderOptions());
        var indexer = new Csp.Workflow.Application.IncidentIndexer(calendar);
        var before = new TableIncidentRecords(table); // as stored before the index existed
        var indexed = new TableIncidentRecords(table, indexer);
        await indexed.InitializeAsync(CancellationToken.None);
        IIncidentRecords old = before, current = indexed;
        var first = NewCase("CSP-2026-0201");
        var second = NewCase("CSP-2026-0202");
        await old.CreateAsync(new ProgressRecord(first.IncidentId, DateTimeOffset.UtcNow, first), CancellationToken.None);
        await current.CreateAsync(new ProgressRecord(second.IncidentId, DateTimeOffset.UtcNow, second), CancellationToken.None);

        var lines = new List<Csp.Workflow.Application.IncidentIndexEntry>();
        await foreach (var line in current.ListIndexAsync(indexer, CancellationToken.None)) lines.Add(line);

        Assert.Equal([first.IncidentId, second.IncidentId], lines.Select(l => l.IncidentId).Order());
        var expected = new Csp.Workflow.Application.DeadlineAssessor(calendar).Next(second, ReferralBuilder.Today)!;
        Assert.All(lines, l =>
        {
            Assert.Equal(IncidentStage.ReferralQa, l.Stage);
            Assert.Equal(expected.Kind, l.NextDeadline!.Kind);
            Assert.Equal(expected.Due, l.NextDeadline.Due);
        });
    }

    [Fact]
    public async Task CachedRecords_DashboardLines_AreReadOnce_ThenOnlyTheIncidentsWrittenSince()
    {
        var calendar = new Csp.Workflow.Configuration.WorkflowCalendar(Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales,
            new Csp.Domain.Timescales.StatutoryTimescales(), new Csp.Workflow.Configuration.ReminderOptions());
        var indexer = new Csp.Workflow.Application.IncidentIndexer(calendar);
        var inner = new CountingRecords();
        var clock = new VirtualTimeProvider(DateTimeOffset.UtcNow);
        var cached = new CachedIncidentRecords(inner, clock);
        for (var i = 1; i <= 5; i++) await cached.SaveCaseAsync(NewCase($"CSP-2026-{i:D4}"), DateTimeOffset.UtcNow, CancellationToken.None);

        async Task<List<Csp.Workflow.Application.IncidentIndexEntry>> ListAsync()
        {
            var lines = new List<Csp.Workflow.Application.IncidentIndexEntry>();
            await foreach (var line in cached.ListIndexAsync(indexer, CancellationToken.None)) lines.Add(line);
            return lines.OrderBy(l => l.IncidentId, StringComparer.Ordinal).ToList();
        }

        Assert.Equal(5, (await ListAsync()).Count);
        Assert.Equal((1, 0), (inner.WholeLists, inner.LineReads));
        Assert.Equal(5, (await ListAsync()).Count);
        Assert.Equal((1, 0), (inner.WholeLists, inner.LineReads)); // nothing written: nothing read

        // A new incident and a changed one are listed after one read each.
        await cached.SaveCaseAsync(NewCase("CSP-2026-0006"), DateTimeOffset.UtcNow, CancellationToken.None);
        await cached.SaveCaseAsync(NewCase("CSP-2026-0002") with { Reference = "CSP-2026-0002 (renamed)" }, DateTimeOffset.UtcNow, CancellationToken.None);
        var lines = await ListAsync();
        Assert.Equal((1, 2), (inner.WholeLists, inner.LineReads));
        Assert.Equal(6, lines.Count);
        Assert.Equal("CSP-2026-0002 (renamed)", lines.Single(l => l.IncidentId == "CSP-2026-0002").Reference);
        Assert.Equal(IncidentStage.ReferralQa, lines.Single(l => l.IncidentId == "CSP-2026-0006").Stage);

        // Written by another process: seen once the list has aged out.
        await inner.SaveCaseAsync(NewCase("CSP-2026-0007"), DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(6, (await ListAsync()).Count);
        clock.Advance(cached.TimeToLive);
        Assert.Equal(7, (await ListAsync()).Count);
        Assert.Equal(2, inner.WholeLists);
    }

    /// <summary>In-memory records that count whole index lists and single line reads.</summary>
    private sealed class CountingRecords : IIncidentRecords
    {
        private readonly InMemoryIncidentRecords _store = new();
        public int WholeLists;
        public int LineReads;

        public async IAsyncEnumerable<Csp.Workflow.Application.IncidentIndexEntry> ListIndexAsync(
            Csp.Workflow.Application.IncidentIndexer indexer, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
        {
            Interlocked.Increment(ref WholeLists);
            await foreach (var line in ((IIncidentRecords)_store).ListIndexAsync(indexer, cancellation)) yield return line;
        }

        public Task<Csp.Workflow.Application.IncidentIndexEntry?> LoadIndexAsync(string incidentId, Csp.Workflow.Application.IncidentIndexer indexer, CancellationToken cancellation)
        {
            Interlocked.Increment(ref LineReads);
            return ((IIncidentRecords)_store).LoadIndexAsync(incidentId, indexer, cancellation);
        }

        public Task<IncidentRecord?> LoadAsync(string incidentId, CancellationToken cancellation) => _store.LoadAsync(incidentId, cancellation);
        public Task SaveCaseAsync(IncidentCase incidentCase, DateTimeOffset at, CancellationToken cancellation) => _store.SaveCaseAsync(incidentCase, at, cancellation);
        public Task SaveAgencyAsync(string incidentId, ScopingAgency agency, CancellationToken cancellation) => _store.SaveAgencyAsync(incidentId, agency, cancellation);
        public Task SaveMeetingAsync(string incidentId, RapidReviewMeeting meeting, CancellationToken cancellation) => _store.SaveMeetingAsync(incidentId, meeting, cancellation);
        public Task OpenStepAsync(AwaitedStep step, CancellationToken cancellation) => _store.OpenStepAsync(step, cancellation);
        public Task CloseStepAsync(string incidentId, string stepId, CancellationToken cancellation) => _store.CloseStepAsync(incidentId, stepId, cancellation);
        public Task AppendAuditAsync(string incidentId, IReadOnlyList<AuditEntry> entries, CancellationToken cancellation) => _store.AppendAuditAsync(incidentId, entries, cancellation);
        public IAsyncEnumerable<CaseRow> ListCasesAsync(CancellationToken cancellation) => _store.ListCasesAsync(cancellation);
    }

    private static IncidentCase NewCase(string id) => new()
    {
        IncidentId = id, Reference = id, Incident = Incident.Open(id, new ReferralBuilder().Build(), ReferralBuilder.Today),
    };

    private static ScopingAgency Agency(string key) => new()
    {
        Key = key, Name = key + " agency", AgencyType = AgencyType.Police, ContactEmail = key + "@agency.example",
        RequestedOn = ReferralBuilder.Today, DueOn = ReferralBuilder.Today.AddDays(7),
    };

    /// <summary>In-memory records whose loads can be held after reading, to make a load overlap a write.</summary>
    private sealed class GatedRecords : IIncidentRecords
    {
        public InMemoryIncidentRecords Store { get; } = new();
        public volatile bool HoldLoads;
        public TaskCompletionSource LoadStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IncidentRecord?> LoadAsync(string incidentId, CancellationToken cancellation)
        {
            var read = await Store.LoadAsync(incidentId, cancellation);
            if (HoldLoads)
            {
                LoadStarted.TrySetResult();
                await Release.Task;
            }
            return read;
        }

        public Task SaveCaseAsync(IncidentCase incidentCase, DateTimeOffset at, CancellationToken cancellation) => Store.SaveCaseAsync(incidentCase, at, cancellation);
        public Task SaveAgencyAsync(string incidentId, ScopingAgency agency, CancellationToken cancellation) => Store.SaveAgencyAsync(incidentId, agency, cancellation);
        public Task SaveMeetingAsync(string incidentId, RapidReviewMeeting meeting, CancellationToken cancellation) => Store.SaveMeetingAsync(incidentId, meeting, cancellation);
        public Task OpenStepAsync(AwaitedStep step, CancellationToken cancellation) => Store.OpenStepAsync(step, cancellation);
        public Task CloseStepAsync(string incidentId, string stepId, CancellationToken cancellation) => Store.CloseStepAsync(incidentId, stepId, cancellation);
        public Task AppendAuditAsync(string incidentId, IReadOnlyList<AuditEntry> entries, CancellationToken cancellation) => Store.AppendAuditAsync(incidentId, entries, cancellation);
        public IAsyncEnumerable<CaseRow> ListCasesAsync(CancellationToken cancellation) => Store.ListCasesAsync(cancellation);
    }
}
