using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Csp.Web.Http;

/// <summary>
/// Headers on every dynamic response. Pages and API answers carry case data, so nothing is cached,
/// no page leaks its address (which may hold a capability token) in a Referer, and nothing is indexed.
/// Static assets (<see cref="StaticAssetPaths"/>) may be cached.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public static IApplicationBuilder UseCspSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var ctx = (HttpContext)state;
                var headers = ctx.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                if (!StaticAssetPaths.IsStatic(ctx.Request.Path))
                {
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                    headers["X-Robots-Tag"] = "noindex, nofollow";
                }
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
}

/// <summary>Where static files are served.</summary>
public static class StaticAssetPaths
{
    /// <summary>GOV.UK Frontend's fonts and images (its stylesheet refers to <c>/assets/...</c>).</summary>
    public const string GovUkAssets = "/assets";

    /// <summary>GOV.UK Frontend's stylesheet and script.</summary>
    public const string GovUkFrontend = "/govuk-frontend";

    /// <summary>The service's own script and styles.</summary>
    public const string Service = "/static";

    public static bool IsStatic(PathString path) =>
        path.StartsWithSegments(GovUkAssets) || path.StartsWithSegments(GovUkFrontend) || path.StartsWithSegments(Service);
}
