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

/// <summary>
/// Raises an event on another workflow instance. One that has finished (or never started) has
/// nothing left to signal: on Durable Functions the event may be dropped silently or refused, and
/// both end the same way here.
/// </summary>
public sealed class SignalInstance(DurableTaskClient client) : TaskActivity<InstanceSignal, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, InstanceSignal input)
    {
        if (await client.GetInstanceAsync(input.InstanceId, CancellationToken.None) is not { } instance || instance.IsCompleted) return false;
        try
        {
            await client.RaiseEventAsync(input.InstanceId, input.EventName, (object?)input.Watch ?? input.DecisionDue, CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // It finished between the look and the raise: a late signal is void.
            if (await client.GetInstanceAsync(input.InstanceId, CancellationToken.None) is not { IsCompleted: false }) return false;
            throw;
        }
    }
}
