using Csp.Integrations.Mail;
using Csp.LocalWorkflow.Simulation;
using Csp.Workflow.Application;
using Microsoft.DurableTask.Client;

namespace Csp.Workflow.Tests.Conformance;

/// <summary>The workflow on the embedded engine with its virtual clock (which these scenarios never move).</summary>
public sealed class EmbeddedWorkflowRuntime : IWorkflowRuntime
{
    private readonly WorkflowHost _host;

    private EmbeddedWorkflowRuntime(WorkflowHost host) => _host = host;

    public static async Task<IWorkflowRuntime> StartAsync() =>
        new EmbeddedWorkflowRuntime(await WorkflowHost.StartAsync(SamplePartnership.Configuration(), Support.WorkflowScenario.Start));

    public IIncidentService Incidents => _host.Incidents;
    public ICapabilityLinks CapabilityLinks => _host.CapabilityLinks;
    public IIncidentDocuments Documents => _host.IncidentDocuments;
    public InMemoryMailbox Mailbox => _host.Mailbox;
    public DurableTaskClient Client => _host.Client;
    public TimeProvider Clock => _host.Clock;

    public Task SettleAsync() => _host.Driver.SettleAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
