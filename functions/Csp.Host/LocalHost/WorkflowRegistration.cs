using Csp.Integrations.Mail;
using Csp.Web.Development;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Csp.Host.LocalHost;

/// <summary>Registers the workflow (incident service, capability links, durable engine, local adapters) in the host.</summary>
internal static class WorkflowRegistration
{
    public static void Add(IServiceCollection services, IConfiguration configuration, bool development)
    {
        services.AddCspWorkflow(configuration);
        services.AddHostedService<PausedReviewPromptLoop>();
        // The development mailbox page reads what the recording mailbox kept.
        if (development) services.AddSingleton<IDevelopmentMailbox>(sp => new LocalMailbox(sp.GetRequiredService<IMailbox>()));
    }
}
