using Csp.Domain.Timescales;
using Csp.Web.Auth;
using Csp.Workflow.Application;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Csp.Web.Pages;

/// <summary>What every page's layout needs: who is signed in, the mode, and the anti-forgery field for its forms.</summary>
public sealed record PageContext(
    StaffUser? User,
    string? SignInSource,
    bool DevelopmentMode,
    string PartnershipName,
    string CurrentPath,
    string AntiforgeryFieldName,
    string AntiforgeryToken)
{
    public const string ServiceName = "Child safeguarding practice reviews";

    /// <summary>The configured timescales, so hints and keys say what the deadlines are counted from.</summary>
    public StatutoryTimescales Timescales { get; init; } = new();

    public static PageContext For(HttpContext http)
    {
        var services = http.RequestServices;
        var development = services.GetRequiredService<IOptionsMonitor<DevelopmentOptions>>().CurrentValue.Enabled;
        var web = services.GetRequiredService<IOptionsMonitor<CspWebOptions>>().CurrentValue;
        var tokens = services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return new PageContext(
            http.User.ToStaffUser(),
            http.User.FindFirst(StaffClaims.SourceClaim)?.Value,
            development,
            services.GetService<PartnershipDirectoryService>()?.Current.Name is { Length: > 0 } kept ? kept
                : string.IsNullOrWhiteSpace(web.Partnership.Name) ? "Safeguarding children partnership" : web.Partnership.Name,
            http.Request.Path.Value ?? "/",
            tokens.FormFieldName,
            tokens.RequestToken ?? "")
        {
            Timescales = services.GetService<IOptions<StatutoryTimescales>>()?.Value ?? new StatutoryTimescales(),
        };
    }
}

/// <summary>Results that render a page component with its <see cref="PageContext"/>.</summary>
public static class PageResults
{
    public static IResult Page<TPage>(int status, Func<PageContext, Dictionary<string, object?>> parameters) where TPage : IComponent =>
        new PageResult<TPage>(status, parameters);

    public static IResult Page<TPage>(Func<PageContext, Dictionary<string, object?>> parameters) where TPage : IComponent =>
        new PageResult<TPage>(StatusCodes.Status200OK, parameters);

    /// <summary>A page with a heading and a paragraph or two: errors, refusals, link states.</summary>
    public static IResult Message(int status, string title, string body, string? linkText = null, string? linkHref = null) =>
        Page<MessagePage>(status, _ => new()
        {
            [nameof(MessagePage.Title)] = title,
            [nameof(MessagePage.Body)] = body,
            [nameof(MessagePage.LinkText)] = linkText,
            [nameof(MessagePage.LinkHref)] = linkHref,
        });

    /// <summary>303 See Other: after a form post, the browser fetches the next page with GET.</summary>
    public static IResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }

    private sealed class PageResult<TPage>(int status, Func<PageContext, Dictionary<string, object?>> parameters) : IResult
        where TPage : IComponent
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var page = PageContext.For(httpContext);
            var values = parameters(page);
            values["Page"] = page;
            return new RazorComponentResult<TPage>(values) { StatusCode = status }.ExecuteAsync(httpContext);
        }
    }
}
