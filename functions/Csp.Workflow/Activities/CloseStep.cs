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

/// <summary>Closes a step: its links stop working and it leaves the list of awaited steps.</summary>
public sealed class CloseStep(IIncidentRecords records, ICapabilityLinkStore links, TimeProvider time) : TaskActivity<StepRef, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, StepRef input)
    {
        await links.CloseStepAsync(input.IncidentId, input.StepId, time.GetUtcNow(), CancellationToken.None);
        await records.CloseStepAsync(input.IncidentId, input.StepId, CancellationToken.None);
        return true;
    }
}
