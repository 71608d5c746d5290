using System.Net;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.Http;

public sealed class ResponseHeaderTests(DevelopmentHostFixture fixture) : IClassFixture<DevelopmentHostFixture>
{
    private readonly HttpClient _client = fixture.Host.Client();

    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/api/calendar/working-days?from=2024-03-22&add=5")]
    [InlineData("/api/incidents")]
    [InlineData("/no-such-page")]
    public async Task DynamicResponses_AreNotCachedLeakNoReferrerAndAreNotIndexed(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("noindex", response.Headers.GetValues("X-Robots-Tag").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Theory]
    [InlineData("/govuk-frontend/govuk-frontend.min.css", "text/css")]
    [InlineData("/govuk-frontend/govuk-frontend.min.js", "text/javascript")]
    [InlineData("/assets/fonts/bold-b542beb274-v2.woff2", "font/woff2")]
    [InlineData("/assets/images/favicon.svg", "image/svg+xml")]
    [InlineData("/static/init.mjs", "text/javascript")]
    [InlineData("/static/js-enabled.js", "text/javascript")]
    public async Task GovukFrontend_IsServedFromNpmNotACdn(string path, string contentType)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("no-store", response.Headers.CacheControl?.ToString() ?? "");
    }

    [Theory]
    [InlineData("/govuk-frontend/package.json")]
    [InlineData("/govuk-frontend/../package.json")]
    [InlineData("/govuk-frontend/components/button/template.njk")]
    [InlineData("/static/../Csp.Web.dll")]
    public async Task OnlyTheBuiltFilesAreServed(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task UnknownApiRoute_Returns404ProblemDetails()
    {
        var response = await _client.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task WrongMethod_Returns405WithoutAStackTrace()
    {
        var response = await _client.DeleteAsync("/api/referrals");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pages_LoadNoScriptOrStyleFromAnotherSite()
    {
        var html = await (await _client.GetAsync("/sign-in")).Content.ReadAsStringAsync();

        Assert.Contains("href=\"/govuk-frontend/govuk-frontend.min.css\"", html);
        Assert.Contains("src=\"/static/init.mjs\"", html);
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("href=\"http", html);
        Assert.DoesNotContain("<script>", html); // no inline script: the CSP forbids it
    }
}
