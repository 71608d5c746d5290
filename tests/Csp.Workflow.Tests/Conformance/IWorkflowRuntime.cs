using Csp.Integrations.Mail;
using Csp.Workflow.Application;
using Microsoft.DurableTask.Client;

namespace Csp.Workflow.Tests.Conformance;

/// <summary>
/// The workflow wired on one durable engine: the same application services, in-memory adapters and
/// orchestration classes, so the scenarios run unchanged on either engine.
/// </summary>
public interface IWorkflowRuntime : IAsyncDisposable
{
    IIncidentService Incidents { get; }
    ICapabilityLinks CapabilityLinks { get; }
    IIncidentDocuments Documents { get; }
    InMemoryMailbox Mailbox { get; }
    DurableTaskClient Client { get; }
    TimeProvider Clock { get; }

    /// <summary>Waits until the engine has nothing left to do now, where it can tell; otherwise returns at once and the scenario waits for what it expects.</summary>
    Task SettleAsync();
}
