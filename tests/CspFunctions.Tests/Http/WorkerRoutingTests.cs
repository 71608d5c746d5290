using System.Net;
using System.Text;
using CspFunctions.Tests.Infrastructure;

namespace CspFunctions.Tests.Http;

/// <summary>
/// Requests over HTTP to the functions as the host routes them from <c>functions.metadata</c>:
/// each route reaches the handler it names, including the root, the catch-all static routes and
/// the capability links.
/// </summary>
public sealed class WorkerRoutingTests : IAsyncLifetime
{
    private MetadataHost _host = default!;
    private HttpClient _client = default!;

    public async Task InitializeAsync()
    {
        _host = await MetadataHost.StartAsync();
        _client = _host.HttpClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Dashboard_NotSignedIn_RedirectsToAppServiceSignIn()
    {
        var response = await _client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/.auth/login/aad?post_login_redirect_uri=", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_SignedInStaff_ShowsTheDashboardWithSecurityHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        var principal = """{"auth_typ":"aad","name_typ":"name","role_typ":"roles","claims":[{"typ":"name","val":"Bea Manager"},{"typ":"roles","val":"business-unit"}]}""";
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes(principal)));
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("govuk-template", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Theory]
    [InlineData("/govuk-frontend/govuk-frontend.min.css", "text/css")]
    [InlineData("/govuk-frontend/govuk-frontend.min.js", "text/javascript")]
    [InlineData("/static/service.css", "text/css")]
    public async Task StaticAssets_KnownFile_ServedWithCaching(string path, string contentType)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("max-age=3600", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaticAssets_GovUkFont_ServedFromTheAssetsRoute()
    {
        var css = await _client.GetStringAsync("/govuk-frontend/govuk-frontend.min.css");
        var asset = System.Text.RegularExpressions.Regex.Match(css, @"url\((/assets/[^)""']+)\)").Groups[1].Value;
        Assert.NotEmpty(asset);

        var response = await _client.GetAsync(asset);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task StaticAssets_FileOutsideTheServedSet_Returns404()
    {
        var response = await _client.GetAsync("/govuk-frontend/package.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task SubmitReferral_OverHttpWithApiKey_Returns202WithStatusAddress()
    {
        var body = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "data", "referral.sample.json"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-functions-key", FunctionsApp.ApiKey);

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // On the configured public address, never on the Host header the request came with.
        var location = response.Headers.Location!;
        Assert.True(location.IsAbsoluteUri);
        Assert.StartsWith("/api/incidents/", location.AbsolutePath, StringComparison.Ordinal);
        Assert.NotEqual(_host.BaseAddress.Authority, location.Authority);
    }

    [Fact]
    public async Task ApprovalLink_UnknownToken_ShowsNotValidPageAndChangesNothing()
    {
        var response = await _client.GetAsync("/a/" + new string('x', 43));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("This link is not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task IncidentApi_NotSignedIn_Returns401ProblemDetails()
    {
        var response = await _client.GetAsync("/api/incidents");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Health_Get_Returns200()
    {
        var response = await _client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
