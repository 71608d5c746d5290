using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Csp.Durable.Persistence;
using Csp.Storage;
using Csp.Testing;

namespace Csp.Durable.Tests;

using OrchestrationMetadata = Microsoft.DurableTask.Client.OrchestrationMetadata;
using OrchestrationQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using OrchestrationRuntimeStatus = Microsoft.DurableTask.Client.OrchestrationRuntimeStatus;

public sealed record CityGreeting(string City);

/// <summary>The engine's patterns, run against each store.</summary>
public abstract class OrchestrationPatternTests
{
    protected abstract IOrchestrationStore NewStore();

    private Task<EngineHarness> StartAsync(Action<DurableTaskRegistry> register, TimeProvider? time = null) =>
        EngineHarness.StartAsync(register, NewStore(), time);

    private static void HelloCities(DurableTaskRegistry r) => r
        .AddActivityFunc<string, string>("SayHello", (_, city) => Task.FromResult($"Hello {city}!"))
        .AddOrchestratorFunc<object?, List<string>>("HelloCities", async (ctx, _) =>
        {
            var results = new List<string>();
            foreach (var city in new[] { "Tokyo", "London", "Seattle", "Cairo", "Lima" })
                results.Add(await ctx.CallActivityAsync<string>("SayHello", city));
            return results;
        });

    [Fact]
    public async Task SequentialActivities_RunInOrder_OutputHasEveryResult()
    {
        await using var h = await StartAsync(HelloCities);
        var result = await h.RunAsync("HelloCities");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(["Hello Tokyo!", "Hello London!", "Hello Seattle!", "Hello Cairo!", "Hello Lima!"], result.ReadOutputAs<List<string>>());
    }

    [Fact]
    public async Task FanOutFanIn_ThousandActivities_AllResultsCollected()
    {
        await using var h = await StartAsync(r => r
            .AddActivityFunc<int, int>("Square", (_, x) => Task.FromResult(x * x))
            .AddOrchestratorFunc<int, long>("FanOut", async (ctx, n) =>
            {
                var tasks = Enumerable.Range(1, n).Select(i => ctx.CallActivityAsync<int>("Square", i)).ToList();
                var results = await Task.WhenAll(tasks);
                return results.Sum(x => (long)x);
            }));
        var result = await h.RunAsync("FanOut", 1000);
        Assert.Equal(Enumerable.Range(1, 1000).Sum(x => (long)x * x), result.ReadOutputAs<long>());
    }

    [Fact]
    public async Task ExternalEvent_RaisedBeforeWait_IsBufferedAndDelivered()
    {
        await using var h = await StartAsync(r => r
            .AddActivityFunc<string, string>("Noop", (_, s) => Task.FromResult(s))
            .AddOrchestratorFunc<object?, string>("Waits", async (ctx, _) =>
            {
                // The event is raised while this activity runs, before the wait starts.
                await ctx.CallActivityAsync<string>("Noop", "x");
                await ctx.CreateTimer(ctx.CurrentUtcDateTime.AddMilliseconds(300), CancellationToken.None);
                return await ctx.WaitForExternalEvent<string>("Approval");
            }));
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Waits");
        await h.Client.RaiseEventAsync(id, "Approval", "approved by chair");
        var result = await h.Client.WaitForInstanceCompletionAsync(id, true, new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        Assert.Equal("approved by chair", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task RaiseEvent_UnknownInstance_ThrowsInstanceNotFound()
    {
        await using var h = await StartAsync(HelloCities);
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => h.Client.RaiseEventAsync("no-such-instance", "Approval", "x"));
    }

    [Fact]
    public async Task RaiseEvent_SameEventTwice_IsDeliveredTwiceAsOnDurableFunctions()
    {
        await using var h = await StartAsync(r => r
            .AddOrchestratorFunc<object?, List<int>>("Collect", async (ctx, _) =>
            {
                var got = new List<int>();
                got.Add(await ctx.WaitForExternalEvent<int>("n"));
                using var cts = new CancellationTokenSource();
                var second = ctx.WaitForExternalEvent<int>("n", cts.Token);
                var timeout = ctx.CreateTimer(ctx.CurrentUtcDateTime.AddSeconds(1), cts.Token);
                if (await Task.WhenAny(second, timeout) == second) got.Add(await second);
                cts.Cancel();
                return got;
            }));
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Collect");
        // No de-duplication by the engine: guarantees beyond Durable Functions' belong to the application.
        await h.Client.RaiseEventAsync(id, "n", 7);
        await h.Client.RaiseEventAsync(id, "n", 7);
        var result = await h.Client.WaitForInstanceCompletionAsync(id, true, new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        Assert.Equal([7, 7], result.ReadOutputAs<List<int>>());
    }

    [Fact]
    public async Task DurableTimer_TwoHundredDays_FiresInVirtualTime()
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        await using var h = await StartAsync(r => r
            .AddOrchestratorFunc<object?, DateTime>("LongWait", async (ctx, _) =>
            {
                await ctx.CreateTimer(ctx.CurrentUtcDateTime.AddDays(200), CancellationToken.None);
                return ctx.CurrentUtcDateTime;
            }), time: clock);
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("LongWait");
        var result = await h.RunToCompletionInVirtualTimeAsync(id);
        Assert.Equal(new DateTime(2026, 7, 24, 9, 0, 0, DateTimeKind.Utc), result.ReadOutputAs<DateTime>());
    }

    /// <summary>A hundred runs: a timer that left the queue but had not reached its instance once let the clock move on (about 1 run in 30).</summary>
    public static TheoryData<int> HundredRuns => new(Enumerable.Range(1, 100));

    [Theory]
    [MemberData(nameof(HundredRuns))]
    public async Task Timers_SixMonthsOfReminders_FireInOrder(int run)
    {
        _ = run;
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var h = await StartAsync(r => r
            .AddActivityFunc<DateTime, DateTime>("Record", (_, at) => Task.FromResult(at))
            .AddOrchestratorFunc<object?, List<DateTime>>("Monthly", async (ctx, _) =>
            {
                var fired = new List<DateTime>();
                var start = ctx.CurrentUtcDateTime;
                var timers = Enumerable.Range(1, 6).Select(m => (Due: start.AddMonths(m), Task: ctx.CreateTimer(start.AddMonths(m), CancellationToken.None))).ToList();
                while (timers.Count > 0)
                {
                    var done = await Task.WhenAny(timers.Select(t => t.Task));
                    var t = timers.First(x => x.Task == done);
                    timers.Remove(t);
                    fired.Add(await ctx.CallActivityAsync<DateTime>("Record", ctx.CurrentUtcDateTime));
                }
                return fired;
            }), time: clock);
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Monthly");
        var result = await h.RunToCompletionInVirtualTimeAsync(id);
        var fired = result.ReadOutputAs<List<DateTime>>()!;
        Assert.Equal(Enumerable.Range(1, 6).Select(m => new DateTime(2026, 1, 1).AddMonths(m)).ToList(), fired.Select(f => DateTime.SpecifyKind(f, DateTimeKind.Unspecified)).ToList());
    }

    [Fact]
    public async Task ContinueAsNew_BufferedEventsSurvive_AndCounterCarriesOver()
    {
        await using var h = await StartAsync(r => r
            .AddOrchestratorFunc<int, int>("Counter", async (ctx, count) =>
            {
                var n = await ctx.WaitForExternalEvent<int>("add");
                if (count + n >= 10) return count + n;
                ctx.ContinueAsNew(count + n);
                return 0;
            }));
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Counter", 0);
        for (var i = 0; i < 10; i++) await h.Client.RaiseEventAsync(id, "add", 1);
        var result = await h.Client.WaitForInstanceCompletionAsync(id, true, new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        Assert.Equal(10, result.ReadOutputAs<int>());
        Assert.True((await h.Store.ReadAsync(id, default))!.Value.Record.Generation >= 1);
    }

    [Fact]
    public async Task ContinueAsNew_CancelledTimerOfEarlierGeneration_DoesNotReachTheNextGeneration()
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var h = await StartAsync(r => r
            .AddOrchestratorFunc<int, string>("Reminders", async (ctx, generation) =>
            {
                using var cts = new CancellationTokenSource();
                // Task 0 in every generation: a reminder in 1 day (generation 0) or 3 days (generation 1).
                var reminder = ctx.CreateTimer(ctx.CurrentUtcDateTime.AddDays(generation == 0 ? 1 : 3), cts.Token);
                var reply = ctx.WaitForExternalEvent<string>("reply", cts.Token);
                var winner = await Task.WhenAny(reminder, reply);
                cts.Cancel();
                if (generation == 0)
                {
                    ctx.ContinueAsNew(1);
                    return "";
                }
                return winner == reminder ? $"reminded at {ctx.CurrentUtcDateTime:MM-dd}" : "replied";
            }), time: clock);
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Reminders", 0);
        await h.Engine.WaitForIdleAsync();
        await h.Client.RaiseEventAsync(id, "reply", "first");
        var result = await h.RunToCompletionInVirtualTimeAsync(id);
        // The cancelled 1-day timer of generation 0 fires on 03-03 and must not wake generation 1.
        Assert.Equal("reminded at 03-05", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SubOrchestration_ResultReturnedToParent()
    {
        await using var h = await StartAsync(r => r
            .AddActivityFunc<string, string>("Upper", (_, s) => Task.FromResult(s.ToUpperInvariant()))
            .AddOrchestratorFunc<string, string>("Child", async (ctx, s) => await ctx.CallActivityAsync<string>("Upper", s))
            .AddOrchestratorFunc<string[], string>("Parent", async (ctx, names) =>
            {
                var results = await Task.WhenAll(names.Select(n => ctx.CallSubOrchestratorAsync<string>("Child", n)));
                return string.Join(",", results);
            }));
        var result = await h.RunAsync("Parent", new[] { "police", "health", "education" });
        Assert.Equal("POLICE,HEALTH,EDUCATION", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ActivityFailure_WithRetryPolicy_RetriesThenSucceeds()
    {
        var attempts = 0;
        await using var h = await StartAsync(r => r
            .AddActivityFunc<string, string>("Flaky", (_, s) => ++attempts < 3 ? throw new InvalidOperationException("transient") : Task.FromResult(s))
            .AddOrchestratorFunc<object?, string>("Retrying", async (ctx, _) =>
                await ctx.CallActivityAsync<string>("Flaky", "ok", TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromMilliseconds(10))))));
        var result = await h.RunAsync("Retrying");
        Assert.Equal("ok", result.ReadOutputAs<string>());
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task ActivityFailure_Unhandled_FailsInstanceWithDetails()
    {
        await using var h = await StartAsync(r => r
            .AddActivityFunc<string, string>("Broken", (_, _) => Task.FromException<string>(new InvalidOperationException("agency email missing")))
            .AddOrchestratorFunc<object?, string>("Fails", async (ctx, _) => await ctx.CallActivityAsync<string>("Broken", "x")));
        var result = await h.RunAsync("Fails");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("agency email missing", result.FailureDetails!.ErrorMessage);
    }

    [Fact]
    public async Task Terminate_RunningInstance_IsTerminated()
    {
        await using var h = await StartAsync(r => r
            .AddOrchestratorFunc<object?, string>("Forever", async (ctx, _) => await ctx.WaitForExternalEvent<string>("never")));
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Forever");
        await h.Client.WaitForInstanceStartAsync(id);
        await h.Client.TerminateInstanceAsync(id, "withdrawn");
        var result = await h.Client.WaitForInstanceCompletionAsync(id, true, new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
    }

    [Fact]
    public async Task SuspendResume_EventsWaitWhileSuspended()
    {
        await using var h = await StartAsync(r => r
            .AddOrchestratorFunc<object?, string>("Pausable", async (ctx, _) => await ctx.WaitForExternalEvent<string>("go")));
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Pausable");
        await h.Client.WaitForInstanceStartAsync(id);
        await h.Client.SuspendInstanceAsync(id, "parallel proceedings");
        await h.Engine.WaitForIdleAsync();
        await h.Client.RaiseEventAsync(id, "go", "now");
        await h.Engine.WaitForIdleAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await h.Client.GetInstanceAsync(id))!.RuntimeStatus);
        await h.Client.ResumeInstanceAsync(id);
        var result = await h.Client.WaitForInstanceCompletionAsync(id, true, new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        Assert.Equal("now", result.ReadOutputAs<string>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    public async Task Schedule_InvalidInstanceId_ThrowsClearError(string id)
    {
        await using var h = await StartAsync(HelloCities);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => h.Client.ScheduleNewOrchestrationInstanceAsync("HelloCities", null, new StartOrchestrationOptions(id)));
        Assert.Contains("instance id", ex.Message);
    }

    [Fact]
    public async Task Schedule_IdAlreadyRunning_IsRejected()
    {
        await using var h = await StartAsync(r => r
            .AddOrchestratorFunc<object?, string>("Forever", async (ctx, _) => await ctx.WaitForExternalEvent<string>("never")));
        await h.Client.ScheduleNewOrchestrationInstanceAsync("Forever", null, new StartOrchestrationOptions("incident-1"));
        await Assert.ThrowsAsync<InstanceAlreadyExistsException>(() =>
            h.Client.ScheduleNewOrchestrationInstanceAsync("Forever", null, new StartOrchestrationOptions("incident-1")));
    }
}

public sealed class InMemoryStorePatternTests : OrchestrationPatternTests
{
    protected override IOrchestrationStore NewStore() => new InMemoryOrchestrationStore();
}

[Collection(AzuriteCollection.Name)]
public sealed class TableStorePatternTests(AzuriteFixture azurite) : OrchestrationPatternTests
{
    protected override IOrchestrationStore NewStore() =>
        new TableOrchestrationStore(StorageAccount.FromConnectionString(azurite.ConnectionString), AzuriteFixture.UniqueName("hub"));
}
