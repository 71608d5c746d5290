using System.Net;
using Csp.Host.LocalHost;
using Csp.Testing;
using Csp.Workflow.Actions;
using Csp.Workflow.Activities;
using Csp.Workflow.Application;
using Csp.Workflow.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Csp.Host.Tests.LocalHost;

/// <summary>
/// The local host's log, with every level of its own code turned on as an operator debugging would:
/// the capability tokens of link addresses never reach it, whether the link is looked at, acted on
/// or unknown.
/// </summary>
public sealed class RequestLogTests
{
    [Fact]
    public async Task LocalHost_LinkRequestsWithVerboseLogging_LogNoCapabilityToken()
    {
        var log = new CapturedLog();
        await using var app = CspLocalHost.Build(new LocalHostOptions
        {
            Overrides = new Dictionary<string, string?>(DevelopmentPartnership.Settings)
            {
                ["Csp:Storage:Mode"] = "InMemory",
                ["urls"] = "http://127.0.0.1:0",
                ["Csp:PublicBaseUrl"] = "http://127.0.0.1",
                ["Logging:LogLevel:Default"] = "Trace",
            },
            MinimumLogLevel = LogLevel.Trace,
            ConfigureServices = services => services.AddSingleton<ILoggerProvider>(log),
        });
        await app.StartAsync();
        var approval = CapabilityTokens.NewToken();
        var now = DateTimeOffset.UtcNow;
        await app.Services.GetRequiredService<ICapabilityLinkStore>().CreateAsync(new CapabilityLinkRecord(CapabilityTokens.Hash(approval), LinkKind.Approval,
            "CSP-2025-0007", "CSP-2025-0007", "qa-1", ActionNames.PassReferralQa, "CSP-2025-0007:qa", Events.ReferralQa,
            "business.unit@exampleshire.example", "Business unit", "Quality-assure the referral", null, now, now.AddDays(7)), CancellationToken.None);
        var scoping = CapabilityTokens.NewToken();
        using var client = new HttpClient { BaseAddress = CspLocalHost.Address(app) };

        var page = await client.GetAsync("/a/" + approval);
        var post = await client.PostAsync("/a/" + approval, new FormUrlEncodedContent(new Dictionary<string, string> { ["notes"] = "" }));
        var unknown = await client.GetAsync("/s/" + scoping);
        var unknownPost = await client.PostAsync("/s/" + scoping, new FormUrlEncodedContent(new Dictionary<string, string>()));
        await app.StopAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, unknownPost.StatusCode);
        Assert.NotEmpty(log.Lines);
        Assert.DoesNotContain(log.Lines, l => l.Contains(approval, StringComparison.Ordinal) || l.Contains(scoping, StringComparison.Ordinal));
    }
}
