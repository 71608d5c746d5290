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

/// <summary>Writes case, agency and meeting rows and audit entries to the read model.</summary>
public sealed class RecordProgress(IIncidentRecords records) : TaskActivity<ProgressRecord, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ProgressRecord input)
    {
        await records.RecordAsync(input, CancellationToken.None);
        return true;
    }
}
