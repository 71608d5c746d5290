using Csp.Testing;
using System.Net;
using System.Net.Sockets;
using Csp.Integrations;
using Csp.Integrations.Documents;
using Csp.Integrations.Mail;
using Csp.Integrations.Records;
using Csp.LocalWorkflow.Simulation;
using Csp.Workflow.Activities;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Csp.Workflow.Tests.Conformance;

/// <summary>
/// The workflow on the real Durable Task runtime: <see cref="DurableTaskTestHost"/> runs DurableTask.Core's
/// dispatchers behind the same gRPC worker that Azure Functions' isolated Durable extension drives.
/// Its clock is the real one, so only scenarios that need no time skip run here.
/// </summary>
public sealed class TestHostWorkflowRuntime : IWorkflowRuntime
{
    private readonly ServiceProvider _services;
    private readonly DurableTaskTestHost _host;

    private TestHostWorkflowRuntime(ServiceProvider services, DurableTaskTestHost host)
    {
        _services = services;
        _host = host;
    }

    public static async Task<IWorkflowRuntime> StartAsync()
    {
        var configuration = SamplePartnership.Configuration();
        var clientHolder = new ClientHolder();
        var mailbox = new InMemoryMailbox(TimeProvider.System);

        // The application side, wired as the local host wires it, minus the embedded engine.
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(mailbox);
        services.AddSingleton<IEmailSender>(mailbox);
        services.AddSingleton<IMailbox>(mailbox);
        services.AddSingleton<IIncidentRecords>(new InMemoryIncidentRecords());
        services.AddSingleton<IIncidentRegistry>(new InMemoryIncidentRegistry());
        services.AddSingleton<ICapabilityLinkStore>(new InMemoryCapabilityLinkStore());
        services.AddSingleton<IDocumentStore>(new InMemoryDocumentStore());
        services.AddSingleton<DurableTaskClient>(_ => clientHolder.Client ?? throw new InvalidOperationException("The test host has not started."));
        services.AddCspIntegrations(configuration);
        services.AddCspWorkflowCore(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        provider.GetRequiredService<IStartupValidator>().Validate();

        var host = await DurableTaskTestHost.StartAsync(
            registry => WorkflowServiceCollectionExtensions.RegisterWorkflow(registry, provider),
            new DurableTaskTestHostOptions
            {
                Port = FreePorts.Next(),
                LoggerFactory = NullLoggerFactory.Instance,
                // Activities are created by the worker's DI: it gets the same adapters (it has its own DurableTaskClient).
                ConfigureServices = worker =>
                {
                    worker.AddSingleton(_ => provider.GetRequiredService<IIncidentRecords>());
                    worker.AddSingleton(_ => provider.GetRequiredService<ICapabilityLinkStore>());
                    worker.AddSingleton(_ => provider.GetRequiredService<IDocumentStore>());
                    worker.AddSingleton(_ => provider.GetRequiredService<IMeetingScheduler>());
                    worker.AddSingleton(_ => provider.GetRequiredService<IEmailSender>());
                    worker.AddSingleton(_ => provider.GetRequiredService<NoticeMailer>());
                    worker.AddSingleton(_ => provider.GetRequiredService<WorkflowServices>());
                    worker.AddSingleton(TimeProvider.System);
                },
            });
        clientHolder.Client = host.Client;
        return new TestHostWorkflowRuntime(provider, host);
    }

    public IIncidentService Incidents => _services.GetRequiredService<IIncidentService>();
    public ICapabilityLinks CapabilityLinks => _services.GetRequiredService<ICapabilityLinks>();
    public IIncidentDocuments Documents => _services.GetRequiredService<IIncidentDocuments>();
    public InMemoryMailbox Mailbox => _services.GetRequiredService<InMemoryMailbox>();
    public DurableTaskClient Client => _host.Client;
    public TimeProvider Clock => TimeProvider.System;

    // The real runtime gives no "idle" signal: the scenario waits for what it expects instead.
    public Task SettleAsync() => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _services.DisposeAsync();
    }


    private sealed class ClientHolder
    {
        public DurableTaskClient? Client { get; set; }
    }
}
