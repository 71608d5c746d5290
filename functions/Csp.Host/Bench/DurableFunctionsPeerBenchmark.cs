using System.Diagnostics;
using DurableTask.AzureStorage;
using DurableTask.Core;

namespace Csp.Host.Bench;

/// <summary>
/// The same HelloCities5 shape on Durable Functions' default backend: DurableTask.Core's
/// <see cref="TaskHubWorker"/> on the Azure Storage provider (queues, tables and blobs), against the
/// same storage account as our engine in the same run, with the provider's default settings.
/// </summary>
public static class DurableFunctionsPeerBenchmark
{
    /// <summary>Orchestrations per second for <paramref name="instances"/> HelloCities5 instances started 32 at a time.</summary>
    public static async Task<double> HelloCities5PerSecondAsync(string connectionString, int instances, Action<string> log, CancellationToken cancellation)
    {
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = "peer" + Guid.NewGuid().ToString("N")[..8],
            StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
        };
        var service = new AzureStorageOrchestrationService(settings);
        await service.CreateIfNotExistsAsync().ConfigureAwait(false);
        var worker = new TaskHubWorker(service);
        worker.AddTaskOrchestrations(typeof(HelloCities));
        worker.AddTaskActivities(typeof(Echo));
        await worker.StartAsync().ConfigureAwait(false);
        try
        {
            var client = new TaskHubClient(service);
            // One instance first: the provider's queue polling backs off while idle.
            await RunAsync(client, await client.CreateOrchestrationInstanceAsync(typeof(HelloCities), null).ConfigureAwait(false)).ConfigureAwait(false);

            log($"peer HelloCities5 on DurableTask.AzureStorage: {instances} instances x 5 activities");
            var sw = Stopwatch.StartNew();
            var started = new List<OrchestrationInstance>(instances);
            using (var gate = new SemaphoreSlim(32))
            {
                started.AddRange(await Task.WhenAll(Enumerable.Range(0, instances).Select(async _ =>
                {
                    await gate.WaitAsync(cancellation).ConfigureAwait(false);
                    try
                    {
                        return await client.CreateOrchestrationInstanceAsync(typeof(HelloCities), null).ConfigureAwait(false);
                    }
                    finally
                    {
                        gate.Release();
                    }
                })).ConfigureAwait(false));
            }
            foreach (var instance in started) await RunAsync(client, instance).ConfigureAwait(false);
            return instances / sw.Elapsed.TotalSeconds;
        }
        finally
        {
            await worker.StopAsync(isForced: true).ConfigureAwait(false);
            await service.DeleteAsync().ConfigureAwait(false);
        }
    }

    private static async Task RunAsync(TaskHubClient client, OrchestrationInstance instance)
    {
        var state = await client.WaitForOrchestrationAsync(instance, TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        if (state?.OrchestrationStatus != OrchestrationStatus.Completed)
            throw new InvalidOperationException($"A peer HelloCities5 instance ended {state?.OrchestrationStatus.ToString() ?? "without a state"}.");
    }

    private sealed class HelloCities : TaskOrchestration<string[], object?>
    {
        public override async Task<string[]> RunTask(OrchestrationContext context, object? input) =>
        [
            await context.ScheduleTask<string>(typeof(Echo), "Tokyo"),
            await context.ScheduleTask<string>(typeof(Echo), "Seattle"),
            await context.ScheduleTask<string>(typeof(Echo), "London"),
            await context.ScheduleTask<string>(typeof(Echo), "Cairo"),
            await context.ScheduleTask<string>(typeof(Echo), "Lima"),
        ];
    }

    private sealed class Echo : TaskActivity<string, string>
    {
        protected override string Execute(TaskContext context, string input) => input;
    }
}
