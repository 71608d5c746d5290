using Csp.Web.AnnualReports;
using Csp.Web.Documents;
using Csp.Domain.Calendar;
using Csp.Web.Api;
using Csp.Web.Auth;
using Csp.Web.Http;
using Csp.Web.Partnership;
using Csp.Web.Links;
using Csp.Web.Pages;
using Csp.Web.Referrals;
using Csp.Workflow.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Csp.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>
    /// The web layer's services: options, staff authentication and policies, anti-forgery, Razor
    /// component rendering, the referral intake. The host registers the workflow
    /// (<c>IIncidentService</c>, <c>ICapabilityLinks</c>) and, in development, the mailbox and clock.
    /// </summary>
    public static IServiceCollection AddCspWeb(this IServiceCollection services, IConfiguration configuration)
    {
        // An app setting still holding "@Microsoft.KeyVault(...)" is missing, never a key (KeyVaultReferences).
        services.AddUnresolvedKeyVaultReferencesAsMissing();
        services.AddOptions<CspWebOptions>().BindConfiguration(CspWebOptions.SectionName);
        services.AddOptions<DevelopmentOptions>().BindConfiguration(DevelopmentOptions.SectionName);
        services.AddOptions<StaffAuthenticationOptions>().BindConfiguration(StaffAuthenticationOptions.SectionName);
        services.AddCspWorkingDayCalendar();
        services.TryAddSingleton(TimeProvider.System);

        services.ConfigureHttpJsonOptions(o => WebJson.Configure(o.SerializerOptions));
        services.AddSingleton<DevSignIn>();
        services.TryAddSingleton<PlatformAuthentication>();
        services.AddSingleton<ApiKeys>();
        services.AddScoped<ReferralIntake>();

        services.AddAuthentication(StaffClaims.Scheme)
            .AddScheme<AuthenticationSchemeOptions, StaffAuthenticationHandler>(StaffClaims.Scheme, _ => { });
        services.AddAuthorization(StaffPolicies.Add);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "csp-antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.FormFieldName = "__csp_form_token";
            o.HeaderName = null;
        });
        services.AddRazorComponents();
        services.AddCspHealthChecks();
        return services;
    }

    /// <summary>
    /// The request pipeline in order: errors (problem details or an error page, never a stack
    /// trace), security headers, static assets, the partnership set up (else 503 saying what to set),
    /// authentication, authorisation.
    /// </summary>
    public static IApplicationBuilder UseCspWeb(this IApplicationBuilder app)
    {
        app.UseCspErrorHandling();
        app.UseCspSecurityHeaders();
        app.UseCspStaticAssets();
        app.UseCspPartnershipSetup();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Every endpoint of the service: the API, the capability links and the pages.</summary>
    public static IEndpointRouteBuilder MapCspWeb(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapReferralApi();
        endpoints.MapIncidentApi();
        endpoints.MapCalendarApi();
        endpoints.MapHealthApi();
        endpoints.MapDevelopmentApi();
        endpoints.MapEmailEventsApi();
        endpoints.MapCapabilityLinks();
        endpoints.MapCspPages();
        endpoints.MapIncidentDocuments();
        endpoints.MapAnnualReport();
        endpoints.MapPartnership();
        return endpoints;
    }
}
