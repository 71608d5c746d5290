using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Csp.Durable;
using Csp.Durable.History;
using Csp.Durable.Persistence;
using Csp.Host.LoadBench;
using Csp.LocalWorkflow.Simulation;
using DurableTask.AzureStorage;
using DurableTask.Core;

namespace Csp.Host.Bench;

/// <summary>
/// <c>bench cost</c>: the storage transactions Durable Functions' Azure Storage provider
/// (DurableTask.AzureStorage, the backend of the Functions app) makes against Azurite, counted
/// call by call on the SDK's transport: (a) an idle task hub per hour, at the
/// <c>maxQueuePollingInterval</c> host.json ships and at the provider's default, both with four
/// partitions; (b) what an orchestration start, an activity and a durable timer cost; and (c) how many
/// of each a year of 30 referrals makes, from the <c>simulate</c> year in virtual time (every turn the
/// workflow commits, counted). (b) times (c) is the task hub's work for that year.
/// </summary>
public static class TaskHubCostBenchmark
{
    /// <summary>host.json's <c>maxQueuePollingInterval</c>.</summary>
    public static readonly TimeSpan ShippedPolling = TimeSpan.FromSeconds(5);

    /// <summary>The provider's default.</summary>
    public static readonly TimeSpan DefaultPolling = TimeSpan.FromSeconds(30);

    /// <summary>What host.json had before it was chosen from these figures.</summary>
    public static readonly TimeSpan PreviousPolling = TimeSpan.FromSeconds(2);

    public sealed record Options(TimeSpan IdleWindow, int Instances, int Referrals, int Days, Action<string> Log);

    public static async Task<Dictionary<string, object>> RunAsync(string connectionString, Options options, CancellationToken cancellation)
    {
        var result = new Dictionary<string, object>();

        // (a) Idle hubs side by side: one at the shipped polling interval, one at the default.
        TimeSpan[] intervals = [ShippedPolling, DefaultPolling, PreviousPolling];
        options.Log($"idle task hubs for {options.IdleWindow.TotalSeconds:0} s at maxQueuePollingInterval {string.Join(", ", intervals.Select(i => i.TotalSeconds + " s"))} (shipped, default, previous)...");
        var idle = await Task.WhenAll(intervals.Select(i => IdlePerHourAsync(connectionString, i, options.IdleWindow, cancellation)));
        for (var i = 0; i < intervals.Length; i++)
        {
            var seconds = intervals[i].TotalSeconds.ToString(CultureInfo.InvariantCulture);
            result[$"idle_transactions_per_hour_polling_{seconds}s"] = Math.Round(idle[i].PerHour);
            result[$"idle_by_operation_polling_{seconds}s"] = idle[i].ByOperation;
        }

        // (b) What each kind of work costs, above the idle polling, at the shipped setting.
        options.Log($"calibrating: {options.Instances} instances each of a bare orchestration, one activity, one durable timer...");
        var (start, activity, timer) = await CalibrateAsync(connectionString, options.Instances, idle[0].PerHour, options.Log, cancellation);
        result["transactions_per_orchestration_start"] = Math.Round(start, 1);
        result["transactions_per_activity"] = Math.Round(activity, 1);
        result["transactions_per_timer_or_event"] = Math.Round(timer, 1);

        // (c) A partnership's year of referrals in virtual time, every committed turn counted.
        options.Log($"simulating {options.Referrals} referrals over {options.Days} days...");
        var counts = new WorkCountingStore(new InMemoryOrchestrationStore());
        var simulation = new PartnershipSimulation(new SimulationOptions(options.Referrals, options.Days, 1, new DateOnly(2025, 1, 6)));
        var report = await simulation.RunAsync(store: counts);
        result["simulated_referrals"] = options.Referrals;
        result["simulated_days"] = options.Days;
        result["simulated_closed_or_finished"] = report.ByStage.TryGetValue("Closed", out var closed) ? closed : 0;
        result["orchestration_instances"] = counts.Instances;
        result["orchestrator_episodes"] = counts.Episodes;
        result["activities"] = counts.Activities;
        result["timers"] = counts.Timers;
        result["external_events"] = counts.Events;
        var work = counts.Instances * start + counts.Activities * activity + (counts.Timers + counts.Events) * timer;
        result["task_hub_work_transactions_for_the_period"] = Math.Round(work);
        result["executions_for_the_period"] = counts.Episodes + counts.Activities;
        return result;
    }

    private sealed record Idle(double PerHour, Dictionary<string, long> ByOperation);

    private static async Task<Idle> IdlePerHourAsync(string connectionString, TimeSpan polling, TimeSpan window, CancellationToken cancellation)
    {
        var recorder = new StorageCallRecorder(HttpClientTransport.Shared);
        var (service, worker) = await StartPeerAsync(connectionString, polling, recorder);
        try
        {
            // One orchestration, then quiet: the provider backs off to its longest polling interval.
            var client = new TaskHubClient(service);
            await client.WaitForOrchestrationAsync(await client.CreateOrchestrationInstanceAsync(typeof(Bare), null), TimeSpan.FromMinutes(2));
            await Task.Delay(polling * 2 + TimeSpan.FromSeconds(5), cancellation);
            recorder.TakeSnapshot();
            await Task.Delay(window, cancellation);
            var calls = recorder.TakeSnapshot();
            var perHour = calls.Sum(c => c.Calls) * 3600 / window.TotalSeconds;
            return new Idle(perHour, calls.ToDictionary(c => c.Operation.Trim(), c => (long)Math.Round(c.Calls * 3600 / window.TotalSeconds)));
        }
        finally
        {
            await worker.StopAsync(isForced: true);
            await service.DeleteAsync();
        }
    }

    private static async Task<(double Start, double Activity, double Timer)> CalibrateAsync(
        string connectionString, int instances, double idlePerHour, Action<string> log, CancellationToken cancellation)
    {
        var recorder = new StorageCallRecorder(HttpClientTransport.Shared);
        var (service, worker) = await StartPeerAsync(connectionString, ShippedPolling, recorder);
        try
        {
            var client = new TaskHubClient(service);
            await client.WaitForOrchestrationAsync(await client.CreateOrchestrationInstanceAsync(typeof(Bare), null), TimeSpan.FromMinutes(2));
            async Task<double> PerInstanceAsync(Type orchestration)
            {
                await Task.Delay(ShippedPolling * 2, cancellation);
                recorder.TakeSnapshot();
                var watch = Stopwatch.StartNew();
                var started = await Task.WhenAll(Enumerable.Range(0, instances).Select(_ => client.CreateOrchestrationInstanceAsync(orchestration, null)));
                // Look at each instance's state once a second until all completed, counting the looks (one read each), which are not the work's.
                var checks = 0;
                var pending = started.ToList();
                while (pending.Count > 0)
                {
                    if (watch.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException($"Calibration instances of {orchestration.Name} did not complete.");
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
                    var states = await Task.WhenAll(pending.Select(i => client.GetOrchestrationStateAsync(i)));
                    checks += pending.Count;
                    if (states.FirstOrDefault(s => s?.OrchestrationStatus is OrchestrationStatus.Failed or OrchestrationStatus.Terminated) is { } failed)
                        throw new InvalidOperationException($"A calibration instance of {orchestration.Name} ended {failed.OrchestrationStatus}.");
                    pending = pending.Where((_, i) => states[i]?.OrchestrationStatus != OrchestrationStatus.Completed).ToList();
                }
                var calls = recorder.TakeSnapshot().Sum(c => c.Calls) - checks;
                // The idle polling meanwhile is not the work's either.
                var perInstance = (calls - idlePerHour * watch.Elapsed.TotalHours) / instances;
                log(string.Create(CultureInfo.InvariantCulture, $"  {orchestration.Name}: {calls} calls for {instances} instances in {watch.Elapsed.TotalSeconds:0.0} s = {perInstance:0.0} each"));
                return perInstance;
            }
            var bare = await PerInstanceAsync(typeof(Bare));
            var oneActivity = await PerInstanceAsync(typeof(OneActivity));
            var oneTimer = await PerInstanceAsync(typeof(OneTimer));
            return (bare, oneActivity - bare, oneTimer - bare);
        }
        finally
        {
            await worker.StopAsync(isForced: true);
            await service.DeleteAsync();
        }
    }

    private static async Task<(AzureStorageOrchestrationService Service, TaskHubWorker Worker)> StartPeerAsync(
        string connectionString, TimeSpan polling, StorageCallRecorder recorder)
    {
        var blobOptions = new BlobClientOptions(Csp.Storage.StorageAccount.EmulatorBlobServiceVersion) { Transport = recorder };
        var queueOptions = new QueueClientOptions { Transport = recorder };
        var tableOptions = new TableClientOptions { Transport = recorder };
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = "cost" + Guid.NewGuid().ToString("N")[..8],
            // As host.json ships it: four partitions; only the polling interval differs between runs.
            PartitionCount = 4,
            MaxQueuePollingInterval = polling,
            StorageAccountClientProvider = new StorageAccountClientProvider(
                StorageServiceClientProvider.ForBlob(connectionString, blobOptions),
                StorageServiceClientProvider.ForQueue(connectionString, queueOptions),
                StorageServiceClientProvider.ForTable(connectionString, tableOptions)),
        };
        var service = new AzureStorageOrchestrationService(settings);
        await service.CreateIfNotExistsAsync();
        var worker = new TaskHubWorker(service);
        worker.AddTaskOrchestrations(typeof(Bare), typeof(OneActivity), typeof(OneTimer));
        worker.AddTaskActivities(typeof(Echo));
        await worker.StartAsync();
        return (service, worker);
    }

    private sealed class Bare : TaskOrchestration<string, object?>
    {
        public override Task<string> RunTask(OrchestrationContext context, object? input) => Task.FromResult("done");
    }

    private sealed class OneActivity : TaskOrchestration<string, object?>
    {
        public override Task<string> RunTask(OrchestrationContext context, object? input) => context.ScheduleTask<string>(typeof(Echo), "once");
    }

    private sealed class OneTimer : TaskOrchestration<string, object?>
    {
        public override Task<string> RunTask(OrchestrationContext context, object? input) =>
            context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(1), "fired");
    }

    private sealed class Echo : TaskActivity<string, string>
    {
        protected override string Execute(TaskContext context, string input) => input;
    }

    /// <summary>The engine's store with a tally of the work each committed turn records.</summary>
    private sealed class WorkCountingStore(IOrchestrationStore inner) : IOrchestrationStore
    {
        private long _instances, _episodes, _activities, _timers, _events;

        public long Instances => Interlocked.Read(ref _instances);
        public long Episodes => Interlocked.Read(ref _episodes);
        public long Activities => Interlocked.Read(ref _activities);
        public long Timers => Interlocked.Read(ref _timers);
        public long Events => Interlocked.Read(ref _events);

        public async Task<string> CommitAsync(TurnCommit commit, CancellationToken cancellation)
        {
            var etag = await inner.CommitAsync(commit, cancellation);
            foreach (var e in commit.Events.Concat(commit.NextGenerationPage ?? []))
            {
                switch (e)
                {
                    case OrchestratorStarted: Interlocked.Increment(ref _episodes); break;
                    case TaskScheduled: Interlocked.Increment(ref _activities); break;
                    case TimerCreated: Interlocked.Increment(ref _timers); break;
                    case EventRaised: Interlocked.Increment(ref _events); break;
                    case SubOrchestrationCreated: Interlocked.Increment(ref _instances); break;
                }
            }
            return etag;
        }

        public async Task<string> CreateAsync(InstanceRecord record, CancellationToken cancellation)
        {
            var etag = await inner.CreateAsync(record, cancellation);
            if (record.ParentInstanceId is null) Interlocked.Increment(ref _instances); // sub-orchestrations are counted where they are created
            return etag;
        }

        public Task InitializeAsync(CancellationToken cancellation) => inner.InitializeAsync(cancellation);
        public Task<(InstanceRecord Record, string ETag)?> ReadAsync(string instanceId, CancellationToken cancellation) => inner.ReadAsync(instanceId, cancellation);
        public Task<LoadedInstance?> LoadAsync(string instanceId, CancellationToken cancellation) => inner.LoadAsync(instanceId, cancellation);
        public Task<bool> EnqueueAsync(string instanceId, InstanceMessage message, CancellationToken cancellation) => inner.EnqueueAsync(instanceId, message, cancellation);
        public Task<OrchestrationQueryPage> QueryAsync(OrchestrationQuery query, CancellationToken cancellation) => inner.QueryAsync(query, cancellation);
        public IAsyncEnumerable<string> ActiveInstanceIdsAsync(CancellationToken cancellation) => inner.ActiveInstanceIdsAsync(cancellation);
        public IAsyncEnumerable<LoadedInstance> LoadActiveAsync(CancellationToken cancellation) => inner.LoadActiveAsync(cancellation);
        public Task<bool> PurgeAsync(string instanceId, CancellationToken cancellation) => inner.PurgeAsync(instanceId, cancellation);
        public Task SignalAsync(string instanceId, CancellationToken cancellation) => inner.SignalAsync(instanceId, cancellation);
        public Task<IReadOnlyList<string>> TakeSignalsAsync(CancellationToken cancellation) => inner.TakeSignalsAsync(cancellation);
        public Task<IHubLease> AcquireHubLeaseAsync(string ownerId, CancellationToken cancellation) => inner.AcquireHubLeaseAsync(ownerId, cancellation);
    }
}
