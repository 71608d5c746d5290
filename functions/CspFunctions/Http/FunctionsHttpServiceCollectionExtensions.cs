using Csp.Integrations.Mail;
using Csp.Web.Development;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CspFunctions.Http;

public static class FunctionsHttpServiceCollectionExtensions
{
    /// <summary>
    /// What the HTTP functions need beyond <c>AddCspWeb</c>: the shared pipeline, and in development
    /// mode (a local <c>func start</c>) the development mailbox page over the recording mailbox, as
    /// in the local host.
    /// </summary>
    public static IServiceCollection AddCspFunctionsHttp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CspWebPipeline>();
        if (configuration.GetValue<bool>("Csp:Development:Enabled"))
            services.AddSingleton<IDevelopmentMailbox>(sp => new LocalMailbox(sp.GetRequiredService<IMailbox>()));
        return services;
    }
}
