using CspFunctions.Http;
using CspFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CspFunctions.Tests.Http;

/// <summary>
/// Whom the Functions app lets onto staff pages: the platform's principal headers only when App
/// Service authentication is on (the platform says so); otherwise staff routes say that staff
/// sign-in is not configured, whatever any setting or caller claims.
/// </summary>
public sealed class StaffSignInTests
{
    private static readonly Dictionary<string, string?> SettingThatOnceTrustedHeaders = new()
    {
        // Before, this setting made any caller's X-MS-CLIENT-PRINCIPAL trusted even with authentication off.
        ["Csp:Authentication:AppServiceAuthentication"] = "true",
        ["Logging:LogLevel:Default"] = "Information",
    };

    [Fact]
    public async Task StaffPage_PlatformAuthenticationOff_ForgedPrincipalHeaders_503SignInNotConfiguredAndLogged()
    {
        var log = new CapturedLog();
        await using var app = FunctionsApp.Create(SettingThatOnceTrustedHeaders, services => services.AddSingleton<ILoggerProvider>(log), platformAuthentication: false);
        var pages = new StaffPageFunctions(app.Pipeline);

        await using var request = app.Request("GET", "/").SignedIn("Mallory", "business-unit");
        var response = await request.RunAsync(pages.Dashboard);

        Assert.Equal(503, response.Status);
        Assert.Contains("Staff sign-in is not configured", response.Body, StringComparison.Ordinal);
        Assert.Contains("govuk-", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Mallory", response.Body, StringComparison.Ordinal);
        Assert.Contains(log.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Staff sign-in is not configured", StringComparison.Ordinal)
            && l.Contains("WEBSITE_AUTH_ENABLED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StaffApi_PlatformAuthenticationOff_ForgedPrincipalHeaders_503ProblemAndNoCaseData()
    {
        await using var app = FunctionsApp.Create(SettingThatOnceTrustedHeaders, platformAuthentication: false);
        var api = new IncidentApiFunctions(app.Pipeline);

        await using var request = app.Request("GET", "/api/incidents").SignedIn("Mallory", "business-unit");
        var response = await request.RunAsync(api.ListIncidents);

        Assert.Equal(503, response.Status);
        Assert.StartsWith("application/problem+json", response.Headers.ContentType.ToString(), StringComparison.Ordinal);
        Assert.Equal("Staff sign-in is not configured", response.Json().GetProperty("title").GetString());
    }

    [Fact]
    public async Task StaffPage_PlatformAuthenticationOn_PrincipalHeadersSignIn_AndWithoutThemSendsToEntraSignIn()
    {
        await using var app = FunctionsApp.Create();
        var pages = new StaffPageFunctions(app.Pipeline);

        await using var signedIn = app.Request("GET", "/").SignedIn("Bea Unit", "business-unit");
        var page = await signedIn.RunAsync(pages.Dashboard);
        await using var anonymous = app.Request("GET", "/");
        var redirect = await anonymous.RunAsync(pages.Dashboard);

        Assert.Equal(200, page.Status);
        Assert.Equal(302, redirect.Status);
        Assert.StartsWith("/.auth/login/aad?post_login_redirect_uri=", redirect.Headers.Location.ToString(), StringComparison.Ordinal);
    }
}
