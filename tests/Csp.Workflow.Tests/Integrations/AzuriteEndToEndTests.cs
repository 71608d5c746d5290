using Csp.Domain.Incidents;
using Microsoft.DurableTask.Client;
using Csp.Durable.Engine;
using VirtualTimeProvider = Csp.Durable.VirtualTimeProvider;
using Csp.Integrations.Mail;
using Csp.LocalWorkflow.Simulation;
using Csp.Testing;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Csp.Workflow.Tests.Integrations;

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite (workflow)";
}

/// <summary>
/// The workflow as a real host wires it (Csp:Storage:Mode = Table): the engine on the table
/// orchestration store, the read model, links, registry and mailbox in tables, documents in
/// blobs, all on Azurite; the host is stopped and a new one started mid-incident.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteEndToEndTests(AzuriteFixture azurite)
{
    private sealed class Host : IAsyncDisposable
    {
        private readonly ServiceProvider _provider;
        private readonly List<IHostedService> _started = [];

        public Host(IConfiguration configuration, VirtualTimeProvider clock)
        {
            var services = new ServiceCollection();
            services.AddSingleton(configuration);
            services.AddSingleton<TimeProvider>(clock);
            services.AddCspWorkflow(configuration);
            _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        }

        public IServiceProvider Services => _provider;
        public DurableEngine Engine => _provider.GetRequiredService<DurableEngine>();
        public IIncidentService Incidents => _provider.GetRequiredService<IIncidentService>();
        public ICapabilityLinks Links => _provider.GetRequiredService<ICapabilityLinks>();
        public IMailbox Mailbox => _provider.GetRequiredService<IMailbox>();

        public async Task StartAsync()
        {
            _provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
            foreach (var hosted in _provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
                _started.Add(hosted);
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var hosted in Enumerable.Reverse(_started)) await hosted.StopAsync(CancellationToken.None);
            await _provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task Incident_OnTableStorage_SurvivesAHostRestart_AndKeepsItsMailboxAndLinks()
    {
        var prefix = AzuriteFixture.UniqueName("W")[..12];
        var configuration = SamplePartnership.Configuration("Table", overrides: new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Csp:Storage:TablePrefix"] = prefix,
            ["Csp:Durable:TaskHub"] = prefix + "hub",
        });
        var clock = new VirtualTimeProvider(WorkflowScenario.Start);
        string id;
        string? token = null;
        var host = new Host(configuration, clock);
        await host.StartAsync();
        var driver = new VirtualTimeDriver(() => host.Engine, clock);
        try
        {
            id = (await host.Incidents.SubmitReferralAsync(new ReferralBuilder().Build(), WorkflowScenario.BusinessUnit, "azurite-1", CancellationToken.None)).IncidentId;
            await driver.SettleAsync();
            await host.Incidents.PerformActionAsync(id, ActionNames.PassReferralQa, System.Text.Json.JsonSerializer.SerializeToElement(new { }), WorkflowScenario.BusinessUnit, CancellationToken.None);
            await driver.SettleAsync();
            await host.Incidents.PerformActionAsync(id, ActionNames.TriageReferral,
                System.Text.Json.JsonSerializer.SerializeToElement(new { outcome = "RapidReview", rationale = "Notifiable." }), WorkflowScenario.Chair, CancellationToken.None);
            await driver.SettleAsync();
            var mail = await host.Mailbox.ListAsync(new MailboxQuery(100, id, WorkflowScenario.DesignatedOfficer), CancellationToken.None);
            // Asked at referral, and again with a new link once the chair sent it to a Rapid Review: the newer link is the working one.
            Assert.Equal(2, mail.Count);
            foreach (var m in mail)
            {
                var candidate = WorkflowScenario.LinkPattern().Match(m.TextBody).Groups[2].Value;
                if ((await host.Links.LookupAsync(candidate, CancellationToken.None)).State == LinkState.Valid) token = candidate;
            }
            Assert.NotNull(token);
        }
        finally
        {
            // A crash: the host goes away with the incident waiting for the designated officer.
            await host.DisposeAsync();
        }

        var restarted = new Host(configuration, clock);
        await restarted.StartAsync();
        driver = new VirtualTimeDriver(() => restarted.Engine, clock);
        try
        {
            await driver.SettleAsync();
            Assert.Equal(LinkState.Valid, (await restarted.Links.LookupAsync(token!, CancellationToken.None)).State);
            var redeemed = await restarted.Links.RedeemAsRecipientAsync(token!, System.Text.Json.JsonSerializer.SerializeToElement(new { sentOn = "2025-03-05", panelReference = "NP-AZ" }), CancellationToken.None);
            Assert.Empty(redeemed.Errors);
            Assert.Equal(LinkState.Used, (await restarted.Links.RedeemAsRecipientAsync(token!, System.Text.Json.JsonSerializer.SerializeToElement(new { sentOn = "2025-03-05", panelReference = "NP-AZ" }), CancellationToken.None)).State);
            await driver.SettleAsync();
            // The scoping returns come back through their links, which live in table storage.
            foreach (var agency in new[] { WorkflowScenario.CscScoping, WorkflowScenario.PoliceScoping })
            {
                var request = Assert.Single(await restarted.Mailbox.ListAsync(new MailboxQuery(100, id, agency), CancellationToken.None));
                var scopingToken = WorkflowScenario.LinkPattern().Match(request.TextBody).Groups[2].Value;
                var result = await restarted.Links.RedeemAsRecipientAsync(scopingToken,
                    System.Text.Json.JsonSerializer.SerializeToElement(new { involvement = "Fictional.", completedBy = "A", completedByRole = "B" }), CancellationToken.None);
                Assert.Empty(result.Errors);
            }
            await driver.SettleAsync();
            var view = await restarted.Incidents.GetIncidentAsync(id, WorkflowScenario.BusinessUnit, CancellationToken.None);
            Assert.NotNull(view);
            Assert.Equal(IncidentStage.Scoping, view.Stage);
            Assert.All(view.Scoping, a => Assert.Equal("Returned", a.Status));
            Assert.Contains(view.AvailableActions, a => a.Name == ActionNames.AcceptScopingReturn);
            Assert.Contains(view.Timeline, t => t.What.StartsWith("National Panel notified on Wednesday 5 March 2025", StringComparison.Ordinal));
            var all = await restarted.Mailbox.ListAsync(new MailboxQuery(1000, id), CancellationToken.None);
            Assert.Equal(all.Count, all.Select(m => m.DedupeKey).Distinct().Count());
            Assert.Contains(all, m => m.Subject.Contains("New serious incident referral", StringComparison.Ordinal));
            var root = await restarted.Engine.Client.GetInstanceAsync(id);
            Assert.Equal(OrchestrationRuntimeStatus.Running, root!.RuntimeStatus);
        }
        finally
        {
            await restarted.DisposeAsync();
        }
    }
}
