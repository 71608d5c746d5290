using Csp.Web.Api;
using Csp.Web.Pages;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Csp.Web.Http;

/// <summary>
/// A deployment whose partnership directory cannot run a case yet (no name, or nobody at the business
/// unit to write to) starts: health answers, the business unit reaches the Partnership page to set it
/// up, and every other page and API call that would start or show a case answers 503 saying what is
/// missing, instead of starting a review that would email nobody.
/// </summary>
public static partial class PartnershipSetup
{
    public const string Title = "The partnership is not set up yet";

    public const string Body =
        "This service has no people to write to yet. The business unit sets up the partnership's name, its people " +
        "(business unit mailbox, business manager, chairs, designated officer, safeguarding partners, panel members) and the national " +
        "addresses on the Partnership page (or loads them once through POST " + Csp.Web.Partnership.PartnershipEndpoints.ImportRoute + ", as the README says).";

    public static IApplicationBuilder UseCspPartnershipSetup(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        var directory = context.RequestServices.GetRequiredService<PartnershipDirectoryService>();
        if (Allowed(path))
        {
            await next(context);
            return;
        }
        var partnership = await directory.RefreshAsync(force: false, context.RequestAborted);
        if (PartnershipRules.CanRun(partnership))
        {
            await next(context);
            return;
        }
        var missing = PartnershipRules.Missing(partnership);
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Csp.Web.PartnershipSetup");
        LogNotSetUp(logger, string.Join(", ", missing));
        var body = Body + "\nStill to enter: " + string.Join(", ", missing) + ".";
        var result = WebPaths.IsApi(path)
            ? Problems.Status(StatusCodes.Status503ServiceUnavailable, Title, body.Replace('\n', ' '))
            : PageResults.Message(StatusCodes.Status503ServiceUnavailable, Title, body, "Set up your partnership", Csp.Web.Partnership.PartnershipEndpoints.Path);
        await result.ExecuteAsync(context);
    });

    /// <summary>What works without people: health, sign-in and out, the Partnership page, the platform's own pages, development tools.</summary>
    private static bool Allowed(PathString path) =>
        path.StartsWithSegments(HealthApi.Route) || path.StartsWithSegments(WebPaths.SignIn) || path.StartsWithSegments(WebPaths.SignOut)
        || path.StartsWithSegments(Csp.Web.Partnership.PartnershipEndpoints.Path) || path.StartsWithSegments(Csp.Web.Partnership.PartnershipEndpoints.ImportRoute)
        || path.StartsWithSegments(WebPaths.Accessibility)
        || path.StartsWithSegments("/.auth") || path.StartsWithSegments("/dev") || path.StartsWithSegments("/api/dev");

    [LoggerMessage(Level = LogLevel.Warning, Message = "The partnership is not set up: a request answered 503. Still to enter: {Missing}")]
    private static partial void LogNotSetUp(ILogger logger, string missing);
}
