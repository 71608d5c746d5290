using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Csp.Integrations.Calendar;
using Csp.Integrations.Documents;
using Csp.Integrations.Mail;
using Csp.Integrations.Records;
using Csp.Storage;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class IntegrationsServiceCollectionExtensions
{
    /// <summary>
    /// The local adapters of the workflow's ports: the recording mailbox (<see cref="IEmailSender"/>
    /// and <see cref="IMailbox"/> for the dev mailbox page), iCalendar invitations by email
    /// (<see cref="IMeetingScheduler"/>), and the stores: with <c>Csp:Storage:Mode</c> = <c>Table</c>
    /// (the default) in Azure Table and Blob storage from <c>AzureWebJobsStorage</c> or
    /// <c>AzureWebJobsStorage__accountName</c> (managed identity), created at start-up; with
    /// <c>InMemory</c>, in memory (tests and simulations). Registrations are TryAdd, so a host can
    /// replace any of them first.
    /// </summary>
    public static IServiceCollection AddCspIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = new WorkflowStorageOptions();
        configuration.GetSection("Csp:Storage").Bind(storage);
        services.TryAddSingleton(TimeProvider.System);
        services.AddCspEmailAndCalendar(configuration, storage);
        services.TryAddSingleton<IMeetingScheduler, IcsMeetingScheduler>();

        if (storage.UsesInMemory)
        {
            services.TryAddSingleton<InMemoryMailbox>();
            services.TryAddSingleton<IEmailSender>(sp => sp.GetRequiredService<InMemoryMailbox>());
            services.TryAddSingleton<IMailbox>(sp => sp.GetRequiredService<InMemoryMailbox>());
            services.TryAddSingleton<IDocumentStore, InMemoryDocumentStore>();
            services.TryAddSingleton<IIncidentRecords, InMemoryIncidentRecords>();
            services.TryAddSingleton<IIncidentRegistry, InMemoryIncidentRegistry>();
            services.TryAddSingleton<ICapabilityLinkStore, InMemoryCapabilityLinkStore>();
            services.TryAddSingleton<ILinkAccessCodeStore, InMemoryLinkAccessCodeStore>();
            services.TryAddSingleton<IPartnershipDirectory, InMemoryPartnershipDirectory>();
            services.AddHostedService<PartnershipDirectoryInitializer>();
            return services;
        }

        var prefix = storage.TablePrefix;
        // One account, one Table and one Blob service client for every store in the process.
        services.TryAddSingleton(_ => StorageAccount.FromConfiguration(configuration));
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageAccount>().Tables);
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageAccount>().Blobs);
        services.TryAddSingleton(sp => new TableMailbox(sp.GetRequiredService<TableServiceClient>().GetTableClient(prefix + "Mailbox"), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IEmailSender>(sp => sp.GetRequiredService<TableMailbox>());
        services.TryAddSingleton<IMailbox>(sp => sp.GetRequiredService<TableMailbox>());
        services.TryAddSingleton(sp => new BlobDocumentStore(sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(prefix.ToLowerInvariant() + "-documents")));
        services.TryAddSingleton<IDocumentStore>(sp => sp.GetRequiredService<BlobDocumentStore>());
        services.TryAddSingleton(sp => new TableIncidentRecords(sp.GetRequiredService<TableServiceClient>().GetTableClient(prefix + "Incidents"),
            sp.GetService<IncidentIndexer>()));
        services.TryAddSingleton<IIncidentRecords>(sp => storage.CacheReadModel
            ? new CachedIncidentRecords(sp.GetRequiredService<TableIncidentRecords>(), sp.GetRequiredService<TimeProvider>())
            : sp.GetRequiredService<TableIncidentRecords>());
        services.TryAddSingleton(sp => new TableIncidentRegistry(sp.GetRequiredService<TableServiceClient>().GetTableClient(prefix + "Registry")));
        services.TryAddSingleton<IIncidentRegistry>(sp => sp.GetRequiredService<TableIncidentRegistry>());
        services.TryAddSingleton(sp => new TableCapabilityLinkStore(sp.GetRequiredService<TableServiceClient>().GetTableClient(prefix + "Links")));
        services.TryAddSingleton<ICapabilityLinkStore>(sp => sp.GetRequiredService<TableCapabilityLinkStore>());
        // Scoping links' one-time codes share the links table (created with it).
        services.TryAddSingleton<ILinkAccessCodeStore>(sp => new TableLinkAccessCodeStore(sp.GetRequiredService<TableServiceClient>().GetTableClient(prefix + "Links")));
        services.TryAddSingleton<IPartnershipDirectory>(sp => new TablePartnershipDirectory(sp.GetRequiredService<TableServiceClient>().GetTableClient(prefix + "Partnership")));
        services.AddHostedService<WorkflowStorageInitializer>();
        services.AddHostedService<PartnershipDirectoryInitializer>();
        return services;
    }
}

/// <summary>Creates the workflow's tables and containers at start-up (before the engine starts processing).</summary>
public sealed class WorkflowStorageInitializer(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await services.GetRequiredService<TableMailbox>().InitializeAsync(cancellationToken);
        await services.GetRequiredService<BlobDocumentStore>().InitializeAsync(cancellationToken);
        await services.GetRequiredService<TableIncidentRecords>().InitializeAsync(cancellationToken);
        await services.GetRequiredService<TableIncidentRegistry>().InitializeAsync(cancellationToken);
        await services.GetRequiredService<TableCapabilityLinkStore>().InitializeAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Creates the partnership directory and, on first start, seeds it from <c>Csp:Partnership</c> when
/// that section has anything (existing deployments keep their people; the local host's development
/// mode puts the fictional partnership there); otherwise it stays empty until the business unit sets it up.
/// </summary>
public sealed class PartnershipDirectoryInitializer(PartnershipDirectoryService directory) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => directory.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
