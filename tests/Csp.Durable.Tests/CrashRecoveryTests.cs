using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Csp.Durable.Engine;
using Csp.Durable.History;
using Csp.Durable.Persistence;
using Csp.Storage;
using Azure;
using Azure.Storage.Blobs.Specialized;
using Csp.Testing;
using Xunit.Abstractions;

namespace Csp.Durable.Tests;

using OrchestrationMetadata = Microsoft.DurableTask.Client.OrchestrationMetadata;
using OrchestrationQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using OrchestrationRuntimeStatus = Microsoft.DurableTask.Client.OrchestrationRuntimeStatus;

/// <summary>
/// Kills the engine at every storage call of a multi-step orchestration (before the request is sent,
/// and after it reached storage but before the engine saw the answer), then starts a new engine on
/// the same task hub: every instance must finish with the same result, with no activity result lost
/// and no turn applied twice.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CrashRecoveryTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    public sealed record StepInput(int Step);

    private sealed class Journal
    {
        public ConcurrentDictionary<string, int> RunsByKey { get; } = new();
    }

    private static void Register(DurableTaskRegistry r, Journal journal) => r
        .AddActivityFunc<StepInput, int>("Step", (ctx, input) =>
        {
            journal.RunsByKey.AddOrUpdate($"{ctx.InstanceId}:{input.Step}", 1, (_, n) => n + 1);
            return Task.FromResult(input.Step * 10);
        })
        .AddOrchestratorFunc<object?, string>("MultiStep", async (ctx, _) =>
        {
            var a = await ctx.CallActivityAsync<int>("Step", new StepInput(1));
            var b = await ctx.CallActivityAsync<int>("Step", new StepInput(2));
            var fan = await Task.WhenAll(Enumerable.Range(3, 3).Select(i => ctx.CallActivityAsync<int>("Step", new StepInput(i))));
            var approval = await ctx.WaitForExternalEvent<string>("Approval");
            await ctx.CreateTimer(ctx.CurrentUtcDateTime.AddMilliseconds(50), CancellationToken.None);
            var child = await ctx.CallSubOrchestratorAsync<int>("Child", 7);
            var last = await ctx.CallActivityAsync<int>("Step", new StepInput(6));
            return $"{a}|{b}|{string.Join(",", fan)}|{approval}|{child}|{last}";
        })
        .AddOrchestratorFunc<int, int>("Child", async (ctx, n) => await ctx.CallActivityAsync<int>("Step", new StepInput(n)));

    private const string Expected = "10|20|30,40,50|approved|70|60";

    [Fact]
    public async Task CrashAtEveryStorageCall_NewEngineCompletesWithSameResult()
    {
        // A clean run counts the storage calls an engine makes for this orchestration.
        var calls = await RunOnceAsync(crashAt: int.MaxValue, afterSend: false);
        output.WriteLine($"A clean run made {calls} storage calls.");
        Assert.InRange(calls, 10, 400);

        var failures = new List<string>();
        foreach (var afterSend in new[] { false, true })
        {
            for (var k = 1; k <= calls; k++)
            {
                try
                {
                    await RunOnceAsync(k, afterSend);
                }
                catch (Exception ex)
                {
                    failures.Add($"crash at call {k} ({(afterSend ? "after" : "before")} send): {ex.Message}");
                }
            }
        }
        Assert.Empty(failures);
    }

    /// <summary>Runs the orchestration with an engine that dies at storage call k, then recovers it. Returns the calls counted.</summary>
    private async Task<int> RunOnceAsync(int crashAt, bool afterSend)
    {
        var hub = AzuriteFixture.UniqueName("crash");
        var account = StorageAccount.FromConnectionString(azurite.ConnectionString);
        var journal = new Journal();
        var cleanStore = new TableOrchestrationStore(account, hub);
        await cleanStore.InitializeAsync(default);
        var registry = new DurableTaskRegistry();
        Register(registry, journal);

        // The instance and its event are stored before the doomed engine starts.
        var client = new StoreDurableTaskClient(cleanStore);
        var id = await client.ScheduleNewOrchestrationInstanceAsync("MultiStep", null, new StartOrchestrationOptions("incident-" + hub));
        await client.RaiseEventAsync(id, "Approval", "approved");

        var crashing = new CrashingTransport(crashAt, afterSend);
        var doomedAccount = StorageAccount.FromConnectionString(azurite.ConnectionString, new StorageClientSettings { Transport = crashing, MaxRetries = 0 });
        var doomedStore = new TableOrchestrationStore(doomedAccount, hub);
        var doomed = new DurableEngine(registry, doomedStore, new DurableEngineOptions
        {
            MaxConcurrentActivities = 4, MaxConcurrentTurns = 4, SignalPollInterval = TimeSpan.FromMilliseconds(100),
            CommitRetryDelay = TimeSpan.FromMilliseconds(20),
        });
        try
        {
            await doomed.StartAsync();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!crashing.Crashed && DateTime.UtcNow < deadline)
            {
                var meta = await client.GetInstanceAsync(id);
                if (meta!.IsCompleted) break;
                await Task.Delay(20);
            }
        }
        catch (CrashException)
        {
            // Died while starting.
        }
        catch (AggregateException)
        {
        }
        finally
        {
            await doomed.StopAsync();
        }
        var counted = crashing.Calls;

        // The dead engine could not release its lease; it would lapse in 15 s. Break it instead.
        await BreakHubLeaseAsync(account, hub);

        // Both ways of recovering are used across the crash points: one pass over the table, and one load per instance.
        var recoveryStore = new TableOrchestrationStore(account, hub) { RecoverWithOneScan = crashAt % 2 == 0 };
        var recovered = new DurableEngine(registry, recoveryStore, new DurableEngineOptions { MaxConcurrentActivities = 4, MaxConcurrentTurns = 4 });
        await recovered.StartAsync();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var result = await recovered.Client.WaitForInstanceCompletionAsync(id, true, cts.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
            Assert.Equal(Expected, result.ReadOutputAs<string>());
        }
        finally
        {
            await recovered.StopAsync();
        }

        // No turn applied twice: every task completed exactly once in the stored history.
        var rows = await cleanStore.LoadAsync(id, default);
        var history = rows!.History;
        var completions = history.OfType<TaskCompleted>().GroupBy(c => c.TaskId).Where(g => g.Count() > 1).ToList();
        Assert.Empty(completions);
        Assert.Equal(history.OfType<TaskScheduled>().Count(), history.OfType<TaskCompleted>().Count());
        Assert.Single(history.OfType<EventRaised>());
        Assert.Single(history.OfType<ExecutionCompleted>());
        // At least once, with a stable idempotency key: seven scheduled activities (six in the
        // parent, one in the child) give seven keys however often a crash made them run again.
        Assert.Equal(7, journal.RunsByKey.Count);
        return counted;
    }

    private static async Task BreakHubLeaseAsync(StorageAccount account, string hub)
    {
        var blob = account.Blobs.GetBlobContainerClient(hub.ToLowerInvariant() + "-leases").GetBlobClient("hub");
        try
        {
            await blob.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
        }
        catch (RequestFailedException)
        {
            // No lease held.
        }
    }

    private sealed class CrashException() : Exception("Simulated crash: the process is gone.");

    /// <summary>Passes storage calls through until call k; from then on every call fails as if the process died.</summary>
    private sealed class CrashingTransport(int crashAt, bool afterSend) : HttpPipelineTransport
    {
        private readonly HttpClientTransport _inner = new();
        private int _calls;
        private volatile bool _crashed;

        public bool Crashed => _crashed;
        public int Calls => Volatile.Read(ref _calls);

        public override Request CreateRequest() => _inner.CreateRequest();

        public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message)
        {
            if (_crashed) throw new CrashException();
            var n = Interlocked.Increment(ref _calls);
            if (n < crashAt)
            {
                await _inner.ProcessAsync(message);
                return;
            }
            _crashed = true;
            if (afterSend) await _inner.ProcessAsync(message);
            throw new CrashException();
        }
    }
}
