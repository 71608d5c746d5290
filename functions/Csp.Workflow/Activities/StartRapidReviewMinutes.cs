using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Csp.Workflow.Orchestrations;

namespace Csp.Workflow.Activities;

/// <summary>Starts the held meeting's minutes step once: if the instance exists (running or finished) nothing happens.</summary>
public sealed class StartRapidReviewMinutes(DurableTaskClient client) : TaskActivity<MinutesInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, MinutesInput input)
    {
        var instanceId = RapidReviewMinutesOrchestration.InstanceId(input.IncidentId);
        if (await client.GetInstanceAsync(instanceId, CancellationToken.None) is not null) return false;
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(RapidReviewMinutesOrchestration), input,
                new StartOrchestrationOptions(instanceId), CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException)
        {
            // Started by a run of this activity that is still going (activities may run twice).
            if (await client.GetInstanceAsync(instanceId, CancellationToken.None) is not null) return false;
            throw;
        }
    }
}
