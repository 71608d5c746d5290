using Csp.Web.Api;
using Csp.Web.Pages;
using Csp.Workflow.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Csp.Web.Http;

/// <summary>
/// A deployment whose partnership has no people yet (<c>Csp:Partnership</c> absent) starts: health
/// answers, and every page and API call that would start or show a case answers 503 saying what the
/// business unit sets up, instead of starting a review that would email nobody.
/// </summary>
public static partial class PartnershipSetup
{
    public const string Title = "The partnership is not set up yet";

    public const string Body =
        "This service has no people to write to yet. The business unit sets the partnership's name, its people " +
        "(business manager, chairs, designated officer, safeguarding partners, panel members) and the national " +
        "addresses as the app settings Csp__Partnership__... listed in the README under \"Settings\" " +
        "(for example Csp__Partnership__Name and Csp__Partnership__BusinessManager__Email), then restarts the app.";

    public static IApplicationBuilder UseCspPartnershipSetup(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (Allowed(path) || context.RequestServices.GetRequiredService<IOptions<PartnershipOptions>>().Value.IsConfigured)
        {
            await next(context);
            return;
        }
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Csp.Web.PartnershipSetup");
        LogNotSetUp(logger, string.Join(" ", PartnershipOptionsValidator.Problems(new PartnershipOptions())));
        var result = WebPaths.IsApi(path)
            ? Problems.Status(StatusCodes.Status503ServiceUnavailable, Title, Body)
            : PageResults.Message(StatusCodes.Status503ServiceUnavailable, Title, Body);
        await result.ExecuteAsync(context);
    });

    /// <summary>What works without people: health, sign-in and out, the platform's own pages, development tools.</summary>
    private static bool Allowed(PathString path) =>
        path.StartsWithSegments(HealthApi.Route) || path.StartsWithSegments(WebPaths.SignIn) || path.StartsWithSegments(WebPaths.SignOut)
        || path.StartsWithSegments("/.auth") || path.StartsWithSegments("/dev") || path.StartsWithSegments("/api/dev");

    [LoggerMessage(Level = LogLevel.Warning, Message = "The partnership is not set up (no Csp:Partnership settings): a request answered 503. To set: {Problems}")]
    private static partial void LogNotSetUp(ILogger logger, string problems);
}
