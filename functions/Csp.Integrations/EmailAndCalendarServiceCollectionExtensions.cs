using Azure.Core;
using Azure.Identity;
using Csp.Integrations.Calendar;
using Csp.Integrations.Mail;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Authentication;

namespace Microsoft.Extensions.DependencyInjection;

public static class EmailAndCalendarServiceCollectionExtensions
{
    /// <summary>
    /// The email and calendar services chosen by <c>Csp:Email:Provider</c> (<c>Mailbox</c>, the
    /// default, leaves email to the development mailbox; <c>SendGrid</c> or <c>Notify</c> deliver it
    /// through <see cref="TrackedEmailSender"/> with delivery records in <c>{prefix}EmailDeliveries</c>)
    /// and <c>Csp:Calendar:Provider</c> (<c>Ics</c>, the default, is registered with the mailbox;
    /// <c>Graph</c> puts meetings in the business unit's calendar and reads answers back). Both
    /// sections are validated at start-up. Registrations are TryAdd, so a host can replace any first.
    /// </summary>
    public static IServiceCollection AddCspEmailAndCalendar(this IServiceCollection services, IConfiguration configuration, WorkflowStorageOptions storage)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
        services.AddOptions<CalendarOptions>().BindConfiguration(CalendarOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CalendarOptions>, CalendarOptionsValidator>());

        var email = configuration.GetSection(EmailOptions.SectionName).Get<EmailOptions>() ?? new EmailOptions();
        if (email.UsesSendGrid || email.UsesNotify)
        {
            if (email.UsesSendGrid)
                services.TryAddSingleton<IEmailTransport>(sp => new SendGridEmailTransport(
                    sp.GetRequiredService<IOptions<EmailOptions>>(), sp.GetRequiredService<IOptions<PartnershipOptions>>()));
            else
                services.TryAddSingleton<IEmailTransport>(sp => new NotifyEmailTransport(
                    sp.GetRequiredService<IOptions<EmailOptions>>()));
            if (storage.UsesInMemory)
            {
                services.TryAddSingleton<IEmailDeliveries, InMemoryEmailDeliveries>();
            }
            else
            {
                services.TryAddSingleton(sp => new TableEmailDeliveries(
                    sp.GetRequiredService<global::Azure.Data.Tables.TableServiceClient>().GetTableClient(storage.TablePrefix + "EmailDeliveries")));
                services.TryAddSingleton<IEmailDeliveries>(sp => sp.GetRequiredService<TableEmailDeliveries>());
                services.AddHostedService<EmailDeliveriesInitializer>();
            }
            services.TryAddSingleton<TrackedEmailSender>();
            services.TryAddSingleton<IEmailSender>(sp => sp.GetRequiredService<TrackedEmailSender>());
        }

        var calendar = configuration.GetSection(CalendarOptions.SectionName).Get<CalendarOptions>() ?? new CalendarOptions();
        if (calendar.UsesGraph)
        {
            services.TryAddSingleton<TokenCredential>(sp => Credential(sp.GetRequiredService<IOptions<CalendarOptions>>().Value.Graph));
            services.TryAddSingleton(sp =>
            {
                var graph = sp.GetRequiredService<IOptions<CalendarOptions>>().Value.Graph;
                var baseUrl = new Uri(graph.BaseUrl.TrimEnd('/'));
                var authentication = new AzureIdentityAuthenticationProvider(sp.GetRequiredService<TokenCredential>(),
                    allowedHosts: [baseUrl.Host], observabilityOptions: null, isCaeEnabled: true, scopes: [$"{baseUrl.Scheme}://{baseUrl.Authority}/.default"]);
                // 429 (Graph throttles a mailbox), 5xx and time-outs are retried honouring Retry-After.
                var http = Csp.Integrations.Http.ResilientHttp.Client(GraphMaxAttempts, GraphMaxRetryDelay);
                return new GraphServiceClient(http, authentication, baseUrl.ToString());
            });
            services.TryAddSingleton<GraphMeetingScheduler>();
            services.TryAddSingleton<IMeetingScheduler>(sp => sp.GetRequiredService<GraphMeetingScheduler>());
            services.TryAddSingleton<IMeetingResponses>(sp => sp.GetRequiredService<GraphMeetingScheduler>());
            services.TryAddSingleton<MeetingResponseSync>();
            services.AddHostedService<MeetingResponsePoller>();
        }
        return services;
    }

    /// <summary>Client secret when one is configured, else the app's managed identity.</summary>
    private static TokenCredential Credential(GraphCalendarOptions graph) =>
        graph.ClientSecret.Length > 0
            ? new ClientSecretCredential(graph.TenantId, graph.ClientId, graph.ClientSecret)
            : new ManagedIdentityCredential(graph.ClientId.Length > 0 ? ManagedIdentityId.FromUserAssignedClientId(graph.ClientId) : ManagedIdentityId.SystemAssigned);

    /// <summary>Attempts at one Graph call while it answers 429 or 5xx, and the longest wait between them.</summary>
    public const int GraphMaxAttempts = 5;

    public static readonly TimeSpan GraphMaxRetryDelay = TimeSpan.FromSeconds(60);
}

/// <summary>Creates the delivery records table at start-up.</summary>
public sealed class EmailDeliveriesInitializer(TableEmailDeliveries deliveries) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => deliveries.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
