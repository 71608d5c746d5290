using Csp.Workflow.Actions;
using Csp.Workflow.Activities;
using Csp.Workflow.Application;
using Csp.Workflow.Ports;
using CspFunctions.Http;
using CspFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CspFunctions.Tests.Http;

/// <summary>
/// The worker's log (what it hands the Functions host and the exporter), with every level turned on
/// in settings as an operator debugging would: the capability tokens of link addresses never reach
/// it, whether the link is looked at, acted on or unknown.
/// </summary>
public sealed class RequestLogTests
{
    [Fact]
    public async Task CapabilityLinkFunctions_VerboseLogging_LogNoCapabilityToken()
    {
        var log = new CapturedLog();
        await using var app = FunctionsApp.Create(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" },
            services => services.AddSingleton<ILoggerProvider>(log));
        var approval = CapabilityTokens.NewToken();
        var now = DateTimeOffset.UtcNow;
        await app.Services.GetRequiredService<ICapabilityLinkStore>().CreateAsync(new CapabilityLinkRecord(CapabilityTokens.Hash(approval), LinkKind.Approval,
            "CSP-2025-0007", "CSP-2025-0007", "qa-1", ActionNames.PassReferralQa, "CSP-2025-0007:qa", Events.ReferralQa,
            "business.unit@exampleshire.example", "Business unit", "Quality-assure the referral", null, now, now.AddDays(7)), CancellationToken.None);
        var scoping = CapabilityTokens.NewToken();
        var links = new CapabilityLinkFunctions(app.Pipeline);

        await using var page = app.Request("GET", "/a/" + approval);
        var shown = await page.RunAsync(links.ShowApprovalLink);
        await using var post = app.Request("POST", "/a/" + approval).Body("application/x-www-form-urlencoded", "notes=");
        var refused = await post.RunAsync(r => links.RedeemApprovalLink(r, app.Client.Object));
        await using var unknown = app.Request("GET", "/s/" + scoping);
        var notFound = await unknown.RunAsync(links.ShowScopingLink);

        Assert.Equal(200, shown.Status);
        Assert.Equal(400, refused.Status);
        Assert.Equal(404, notFound.Status);
        Assert.NotEmpty(log.Lines);
        Assert.DoesNotContain(log.Lines, l => l.Contains(approval, StringComparison.Ordinal) || l.Contains(scoping, StringComparison.Ordinal));
    }
}
