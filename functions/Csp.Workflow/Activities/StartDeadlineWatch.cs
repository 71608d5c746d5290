using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Orchestrations;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Activities;

/// <summary>Starts a deadline watch once: if the instance exists (running or finished) nothing happens.</summary>
public sealed class StartDeadlineWatch(DurableTaskClient client) : TaskActivity<DeadlineWatch, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, DeadlineWatch input)
    {
        if (await client.GetInstanceAsync(input.WatchId, CancellationToken.None) is not null) return false;
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(DeadlineWatchOrchestration), input,
                new StartOrchestrationOptions(input.WatchId), CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException)
        {
            // Started by a run of this activity that is still going (activities may run twice).
            if (await client.GetInstanceAsync(input.WatchId, CancellationToken.None) is not null) return false;
            throw;
        }
    }
}
