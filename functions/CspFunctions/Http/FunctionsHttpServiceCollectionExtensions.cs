using Azure.Storage.Blobs;
using Csp.Integrations.Mail;
using Csp.Web.Development;
using Csp.Workflow.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CspFunctions.Http;

public static class FunctionsHttpServiceCollectionExtensions
{
    /// <summary>
    /// What the HTTP functions need beyond <c>AddCspWeb</c>: the shared pipeline; data-protection
    /// keys shared by every instance (in the storage account's <c>{prefix}-dataprotection</c>
    /// container) so a form shown by one instance can be posted to another; and in development
    /// mode (a local <c>func start</c>) the development mailbox page over the recording mailbox, as
    /// in the local host.
    /// </summary>
    public static IServiceCollection AddCspFunctionsHttp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CspWebPipeline>();
        var storage = new WorkflowStorageOptions();
        configuration.GetSection("Csp:Storage").Bind(storage);
        services.AddDataProtection().SetApplicationName("csp");
        if (!storage.UsesInMemory)
        {
            var container = storage.TablePrefix.ToLowerInvariant() + "-dataprotection";
            services.AddOptions<KeyManagementOptions>().Configure<BlobServiceClient>((options, blobs) =>
                options.XmlRepository = new BlobKeyRepository(blobs.GetBlobContainerClient(container)));
        }
        if (configuration.GetValue<bool>("Csp:Development:Enabled"))
            services.AddSingleton<IDevelopmentMailbox>(sp => new LocalMailbox(sp.GetRequiredService<IMailbox>()));
        return services;
    }
}
