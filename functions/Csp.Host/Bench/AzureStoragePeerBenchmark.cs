using System.Diagnostics;
using DurableTask.AzureStorage;
using DurableTask.Core;

namespace Csp.Host.Bench;

/// <summary>
/// The engine benchmark's peer: the same HelloCities5 shape on Durable Functions' default backend,
/// DurableTask.Core's <see cref="TaskHubWorker"/> on DurableTask.AzureStorage (queues, tables and
/// blobs), against the same storage account in the same run.
/// </summary>
public static class AzureStoragePeerBenchmark
{
    /// <summary>Starts <paramref name="instances"/> HelloCities5 instances at once and returns how many complete per second.</summary>
    public static async Task<double> HelloCities5PerSecondAsync(string connectionString, int instances, CancellationToken cancellation)
    {
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = "peer" + Guid.NewGuid().ToString("N")[..8],
            StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
        });
        await service.CreateIfNotExistsAsync().ConfigureAwait(false);
        var worker = new TaskHubWorker(service);
        worker.AddTaskOrchestrations(typeof(HelloCitiesOrchestration));
        worker.AddTaskActivities(typeof(SayHelloActivity));
        await worker.StartAsync().ConfigureAwait(false);
        try
        {
            var client = new TaskHubClient(service);
            var sw = Stopwatch.StartNew();
            var started = new List<OrchestrationInstance>(instances);
            for (var i = 0; i < instances; i++)
                started.Add(await client.CreateOrchestrationInstanceAsync(typeof(HelloCitiesOrchestration), input: null).ConfigureAwait(false));
            foreach (var instance in started)
            {
                var state = await client.WaitForOrchestrationAsync(instance, TimeSpan.FromMinutes(10), cancellation).ConfigureAwait(false);
                if (state?.OrchestrationStatus != OrchestrationStatus.Completed)
                    throw new InvalidOperationException($"Peer instance {instance.InstanceId} ended {state?.OrchestrationStatus.ToString() ?? "unknown"}.");
            }
            return instances / sw.Elapsed.TotalSeconds;
        }
        finally
        {
            await worker.StopAsync(isForced: true).ConfigureAwait(false);
            await service.DeleteAsync().ConfigureAwait(false);
        }
    }

    private sealed class HelloCitiesOrchestration : TaskOrchestration<string[], object?>
    {
        public override async Task<string[]> RunTask(OrchestrationContext context, object? input) =>
        [
            await context.ScheduleTask<string>(typeof(SayHelloActivity), "Tokyo"),
            await context.ScheduleTask<string>(typeof(SayHelloActivity), "Seattle"),
            await context.ScheduleTask<string>(typeof(SayHelloActivity), "London"),
            await context.ScheduleTask<string>(typeof(SayHelloActivity), "Cairo"),
            await context.ScheduleTask<string>(typeof(SayHelloActivity), "Lima"),
        ];
    }

    private sealed class SayHelloActivity : TaskActivity<string, string>
    {
        protected override string Execute(TaskContext context, string input) => input;
    }
}
