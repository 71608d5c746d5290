using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;
using Csp.Durable.Engine;
using Csp.Durable.Persistence;
using Csp.Storage;
using Csp.Testing;

namespace Csp.Durable.Tests;

using OrchestrationMetadata = Microsoft.DurableTask.Client.OrchestrationMetadata;
using OrchestrationQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using OrchestrationRuntimeStatus = Microsoft.DurableTask.Client.OrchestrationRuntimeStatus;

/// <summary>Restarts, versions, large payloads, the hub lease and queries, on Table storage in Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class EngineDurabilityTests(AzuriteFixture azurite)
{
    private StorageAccount Account => StorageAccount.FromConnectionString(azurite.ConnectionString);

    private TableOrchestrationStore NewStore(string? hub = null, StorageClientSettings? settings = null) =>
        new(settings is null ? Account : StorageAccount.FromConnectionString(azurite.ConnectionString, settings), hub ?? AzuriteFixture.UniqueName("hub"));

    private static CancellationToken Within(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    [Fact]
    public async Task Versions_InFlightInstanceKeepsItsVersion_NewInstanceRunsTheNewPath()
    {
        var hub = AzuriteFixture.UniqueName("ver");
        string inFlight;
        await using (var v1 = await EngineHarness.StartAsync(r => r
            .AddOrchestratorFunc<object?, string>("Review", async (ctx, _) => "v1:" + await ctx.WaitForExternalEvent<string>("go")), NewStore(hub)))
        {
            inFlight = await v1.Client.ScheduleNewOrchestrationInstanceAsync("Review", null, new StartOrchestrationOptions { Version = "1" });
            await v1.Client.WaitForInstanceStartAsync(inFlight, false, Within(20));
            await v1.Engine.WaitForIdleAsync();
        }

        // The SDK's versioning: one class, and the instance's version (recorded when it started) picks the path.
        await using var both = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<string, string>("Extra", (_, s) => Task.FromResult(s + "+extra"))
            .AddOrchestratorFunc<object?, string>("Review", async (ctx, _) => ctx.CompareVersionTo("2") < 0
                ? "v1:" + await ctx.WaitForExternalEvent<string>("go")
                : "v2:" + await ctx.CallActivityAsync<string>("Extra", await ctx.WaitForExternalEvent<string>("go"))), NewStore(hub));
        var fresh = await both.Client.ScheduleNewOrchestrationInstanceAsync("Review", null, new StartOrchestrationOptions { Version = "2" });
        await both.Client.RaiseEventAsync(inFlight, "go", "a");
        await both.Client.RaiseEventAsync(fresh, "go", "b");
        var old = await both.Client.WaitForInstanceCompletionAsync(inFlight, true, Within(20));
        var @new = await both.Client.WaitForInstanceCompletionAsync(fresh, true, Within(20));
        Assert.Equal(("1", "v1:a"), ((await both.Store.ReadAsync(inFlight, default))!.Value.Record.Version, old.ReadOutputAs<string>()));
        Assert.Equal(("2", "v2:b+extra"), ((await both.Store.ReadAsync(fresh, default))!.Value.Record.Version, @new.ReadOutputAs<string>()));
    }

    [Fact]
    public async Task ChangedCode_SameVersion_FailsWithNonDeterminismError()
    {
        var hub = AzuriteFixture.UniqueName("nd");
        string id;
        await using (var before = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<string, string>("NotifyPanel", (_, s) => Task.FromResult(s))
            .AddActivityFunc<string, string>("NotifyOfsted", (_, s) => Task.FromResult(s))
            .AddOrchestratorFunc<object?, string>("Flow", async (ctx, _) =>
            {
                await ctx.CallActivityAsync<string>("NotifyPanel", "x");
                return await ctx.WaitForExternalEvent<string>("go");
            }), NewStore(hub)))
        {
            id = await before.Client.ScheduleNewOrchestrationInstanceAsync("Flow");
            await before.Client.WaitForInstanceStartAsync(id, false, Within(20));
            await Task.Delay(300);
            await before.Engine.WaitForIdleAsync();
        }

        await using var after = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<string, string>("NotifyPanel", (_, s) => Task.FromResult(s))
            .AddActivityFunc<string, string>("NotifyOfsted", (_, s) => Task.FromResult(s))
            .AddOrchestratorFunc<object?, string>("Flow", async (ctx, _) =>
            {
                await ctx.CallActivityAsync<string>("NotifyOfsted", "x");
                return await ctx.WaitForExternalEvent<string>("go");
            }), NewStore(hub));
        await after.Client.RaiseEventAsync(id, "go", "now");
        var result = await after.Client.WaitForInstanceCompletionAsync(id, true, Within(20));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, result.FailureDetails!.ErrorType);
        Assert.Contains("NotifyPanel", result.FailureDetails.ErrorMessage);
    }

    [Fact]
    public async Task LargePayloads_GoToBlobStorage_HistoryKeepsReferences()
    {
        var store = NewStore();
        var big = new string('r', 100_000);
        await using var h = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<string, string>("Collate", (_, s) => Task.FromResult(s + s))
            .AddOrchestratorFunc<string, int>("Pack", async (ctx, input) => (await ctx.CallActivityAsync<string>("Collate", input)).Length), store);
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Pack", big);
        var result = await h.Client.WaitForInstanceCompletionAsync(id, true, Within(30));
        Assert.Equal(200_000, result.ReadOutputAs<int>());
        Assert.Equal(big, result.ReadInputAs<string>());

        var rows = await store.RawRowsAsync(id);
        var stored = rows.SelectMany(r => ((IDictionary<string, object>)r).Values.OfType<string>()).ToList();
        Assert.DoesNotContain(stored, v => v.Length > 60_000);
        Assert.Contains(stored, TableOrchestrationStore.IsBlobReference);
        var loaded = await store.LoadAsync(id, default);
        Assert.Contains(loaded!.History.OfType<History.TaskCompleted>(), c => c.Result!.Length == 200_002);
    }

    [Fact]
    public async Task TimerDueWhileEngineWasDown_FiresPromptlyAfterRestart()
    {
        var hub = AzuriteFixture.UniqueName("tmr");
        string id;
        await using (var first = await EngineHarness.StartAsync(r => r
            .AddOrchestratorFunc<object?, string>("Remind", async (ctx, _) =>
            {
                await ctx.CreateTimer(ctx.CurrentUtcDateTime.AddSeconds(1), CancellationToken.None);
                return "reminded";
            }), NewStore(hub)))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Remind");
            await first.Client.WaitForInstanceStartAsync(id, false, Within(20));
            await first.Engine.WaitForIdleAsync();
        }
        await Task.Delay(1500); // The timer comes due while no engine runs.

        var restartedAt = Stopwatch.StartNew();
        await using var second = await EngineHarness.StartAsync(r => r
            .AddOrchestratorFunc<object?, string>("Remind", async (ctx, _) =>
            {
                await ctx.CreateTimer(ctx.CurrentUtcDateTime.AddSeconds(1), CancellationToken.None);
                return "reminded";
            }), NewStore(hub));
        var result = await second.Client.WaitForInstanceCompletionAsync(id, true, Within(20));
        Assert.Equal("reminded", result.ReadOutputAs<string>());
        Assert.True(restartedAt.Elapsed < TimeSpan.FromSeconds(5), $"took {restartedAt.Elapsed}");
    }

    [Fact]
    public async Task SecondHost_WaitsForLease_AndTakesOverWhenFirstDies()
    {
        var hub = AzuriteFixture.UniqueName("lease");
        var killSwitch = new KillSwitchTransport();
        var options = new StorageClientSettings { Transport = killSwitch, MaxRetries = 0 };
        void Register(DurableTaskRegistry r) => r.AddOrchestratorFunc<object?, string>("Wait", async (ctx, _) => await ctx.WaitForExternalEvent<string>("go"));

        var first = await EngineHarness.StartAsync(Register, NewStore(hub, options));
        var id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Wait");
        await first.Client.WaitForInstanceStartAsync(id, false, Within(20));

        var second = new EngineHarness(Register, NewStore(hub));
        var secondStart = second.Engine.StartAsync();
        await Task.Delay(2000);
        Assert.False(secondStart.IsCompleted, "The second host must wait while the first holds the lease.");

        var died = Stopwatch.StartNew();
        killSwitch.Kill(); // The first host's process is gone: no renewals, no release.
        await secondStart.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(died.Elapsed < TimeSpan.FromSeconds(20), $"took over after {died.Elapsed}");

        await second.Client.RaiseEventAsync(id, "go", "taken over");
        var result = await second.Client.WaitForInstanceCompletionAsync(id, true, Within(20));
        Assert.Equal("taken over", result.ReadOutputAs<string>());
        await second.DisposeAsync();
        await first.DisposeAsync();
    }

    [Fact]
    public async Task QueryByStatusAndCreation_PagesThroughEveryInstance_PurgeRemovesFinished()
    {
        await using var h = await EngineHarness.StartAsync(r => r
            .AddOrchestratorFunc<bool, string>("Maybe", async (ctx, wait) => wait ? await ctx.WaitForExternalEvent<string>("go") : "done"), NewStore());
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var finished = new List<string>();
        for (var i = 0; i < 5; i++) finished.Add(await h.Client.ScheduleNewOrchestrationInstanceAsync("Maybe", false, new StartOrchestrationOptions($"done-{i}")));
        for (var i = 0; i < 3; i++) await h.Client.ScheduleNewOrchestrationInstanceAsync("Maybe", true, new StartOrchestrationOptions($"open-{i}"));
        foreach (var id in finished) await h.Client.WaitForInstanceCompletionAsync(id, false, Within(20));
        await h.Engine.WaitForIdleAsync();

        var completed = new List<string>();
        var query = new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Completed], CreatedFrom: since, PageSize: 2);
        var pages = 0;
        await foreach (var page in h.Client.GetAllInstancesAsync(query).AsPages())
        {
            completed.AddRange(page.Values.Select(i => i.InstanceId));
            pages++;
        }
        Assert.Equal(finished.Order(), completed.Order());
        Assert.True(pages >= 3);
        var running = await h.Client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Running])).CountAsync();
        Assert.Equal(3, running);

        Assert.Equal(1, (await h.Client.PurgeInstanceAsync("done-0")).PurgedInstanceCount);
        Assert.Null(await h.Client.GetInstanceAsync("done-0"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Client.PurgeInstanceAsync("open-0"));
    }

    /// <summary>Works until killed, then fails every call, like a process that has exited.</summary>
    private sealed class KillSwitchTransport : HttpPipelineTransport
    {
        private readonly HttpClientTransport _inner = new();
        private volatile bool _dead;

        public void Kill() => _dead = true;

        public override Request CreateRequest() => _inner.CreateRequest();

        public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message)
        {
            if (_dead) throw new InvalidOperationException("The process has exited.");
            await _inner.ProcessAsync(message);
        }
    }
}
