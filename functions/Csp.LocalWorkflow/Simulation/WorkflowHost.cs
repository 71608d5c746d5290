using Csp.Durable;
using Csp.Durable.Engine;
using Csp.Durable.Persistence;
using Microsoft.DurableTask.Client;
using Csp.Integrations.Documents;
using Csp.Integrations.Mail;
using Csp.Integrations.Records;
using Csp.Workflow.Application;
using Csp.Workflow.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Csp.LocalWorkflow.Simulation;

/// <summary>
/// The workflow wired as a real host wires it (<c>AddCspWorkflow</c>), on in-memory stores that
/// outlive the engine, with a virtual clock. <see cref="RestartAsync"/> stops the engine as a
/// crash would (abandoning in-flight work) and starts a new engine and service provider on the
/// same stores: what a process restart does. Used by the workflow tests and the simulate command.
/// </summary>
public sealed class WorkflowHost : IAsyncDisposable
{
    private readonly IConfiguration _configuration;
    private ServiceProvider _provider;

    private readonly Action<IServiceCollection>? _configure;

    private WorkflowHost(IConfiguration configuration, VirtualTimeProvider clock, IOrchestrationStore? store, Action<IServiceCollection>? configure)
    {
        _configuration = configuration;
        _configure = configure;
        Clock = clock;
        Mailbox = new InMemoryMailbox(clock);
        Store = store ?? new InMemoryOrchestrationStore();
        _provider = Build();
        Driver = new VirtualTimeDriver(() => Engine, clock);
    }

    public VirtualTimeProvider Clock { get; }
    public IOrchestrationStore Store { get; }
    public InMemoryMailbox Mailbox { get; }
    public InMemoryIncidentRecords Records { get; } = new();
    public InMemoryIncidentRegistry Registry { get; } = new();
    public InMemoryCapabilityLinkStore Links { get; } = new();
    public InMemoryDocumentStore Documents { get; } = new();

    /// <summary>The partnership directory, seeded from the configuration's <c>Csp:Partnership</c> (the sample partnership) and kept across restarts.</summary>
    public InMemoryPartnershipDirectory Partnership { get; } = new();
    public VirtualTimeDriver Driver { get; }
    public int Restarts { get; private set; }

    public IServiceProvider Services => _provider;
    public DurableEngine Engine => _provider.GetRequiredService<DurableEngine>();
    public DurableTaskClient Client => Engine.Client;
    public IIncidentService Incidents => _provider.GetRequiredService<IIncidentService>();
    public ICapabilityLinks CapabilityLinks => _provider.GetRequiredService<ICapabilityLinks>();
    public IIncidentDocuments IncidentDocuments => _provider.GetRequiredService<IIncidentDocuments>();

    /// <summary>Builds and starts a host. Options are validated as a real host's start would.</summary>
    /// <param name="configure">Replaces services after the in-memory defaults are registered (a test's fault-injecting adapter, say).</param>
    public static async Task<WorkflowHost> StartAsync(IConfiguration configuration, DateTimeOffset start, IOrchestrationStore? store = null, Action<IServiceCollection>? configure = null)
    {
        var host = new WorkflowHost(configuration, new VirtualTimeProvider(start), store, configure);
        await host.StartEngineAsync();
        return host;
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_configuration);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(Mailbox);
        services.AddSingleton<IEmailSender>(Mailbox);
        services.AddSingleton<IMailbox>(Mailbox);
        services.AddSingleton<IIncidentRecords>(Records);
        services.AddSingleton<IIncidentRegistry>(Registry);
        services.AddSingleton<ICapabilityLinkStore>(Links);
        services.AddSingleton<IDocumentStore>(Documents);
        services.AddSingleton(Store);
        services.AddSingleton<IPartnershipDirectory>(Partnership);
        _configure?.Invoke(services);
        services.AddCspWorkflow(_configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private async Task StartEngineAsync()
    {
        // What ValidateOnStart does in a generic host.
        _provider.GetRequiredService<IStartupValidator>().Validate();
        // What the directory's hosted initializer does in a generic host: seed on first start, then read.
        await _provider.GetRequiredService<PartnershipDirectoryService>().StartAsync(CancellationToken.None);
        await Engine.StartAsync();
    }

    /// <summary>Stops the engine mid-flight and starts a new one (and a new service provider) on the same stores.</summary>
    public async Task RestartAsync()
    {
        await Engine.StopAsync();
        await _provider.DisposeAsync();
        _provider = Build();
        Restarts++;
        await StartEngineAsync();
        await Driver.SettleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await _provider.DisposeAsync();
    }
}
