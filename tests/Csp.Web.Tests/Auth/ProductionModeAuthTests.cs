using System.Net;
using System.Text;
using System.Text.Json;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.Auth;

/// <summary>Sign-in as in Azure: App Service headers for staff, API keys for systems, development features absent.</summary>
public sealed class ProductionModeAuthTests(ProductionModeHostFixture fixture) : IClassFixture<ProductionModeHostFixture>
{
    private readonly HttpClient _client = fixture.Host.Client();

    public static string Principal(string name, params string[] roles)
    {
        var claims = new List<object> { new { typ = "name", val = name }, new { typ = "preferred_username", val = name.Replace(' ', '.').ToLowerInvariant() + "@council.example" } };
        claims.AddRange(roles.Select(r => (object)new { typ = "roles", val = r }));
        var json = JsonSerializer.Serialize(new { auth_typ = "aad", name_typ = "name", role_typ = "roles", claims });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    private HttpRequestMessage Get(string path, string? principal = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (principal is not null) request.Headers.Add("X-MS-CLIENT-PRINCIPAL", principal);
        return request;
    }

    [Fact]
    public async Task Referral_WithoutUserOrKey_Returns401()
    {
        var response = await _client.PostAsync("/api/referrals", TestData.Json(TestData.SampleReferralJson));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(fixture.Incidents.Submitted, s => s.By.Name == "Development user");
    }

    [Fact]
    public async Task Referral_WithAValidApiKey_Returns202AsTheApiClient()
    {
        var referral = TestData.SampleReferral();
        referral["referrerRationale"] = "api key " + Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = TestData.Json(referral) };
        request.Headers.Add("x-functions-key", ProductionModeHostFixture.ApiKey);

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("Referral API client", fixture.Incidents.Submitted.Single(s => s.Referral.ReferrerRationale == referral["referrerRationale"]!.GetValue<string>()).By.Name);
    }

    [Theory]
    [InlineData("wrong-key")]
    [InlineData("test-key-0123456789abcde")]
    [InlineData(" ")]
    public async Task Referral_WithAWrongApiKey_Returns401(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = TestData.Json(TestData.SampleReferralJson) };
        request.Headers.TryAddWithoutValidation("x-functions-key", key);

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Referral_WithAnAppServiceUser_Returns202AsThatUser()
    {
        var referral = TestData.SampleReferral();
        referral["referrerRationale"] = "easy auth " + Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = TestData.Json(referral) };
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL", Principal("Sam Officer", "business-unit"));

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var by = fixture.Incidents.Submitted.Single(s => s.Referral.ReferrerRationale == referral["referrerRationale"]!.GetValue<string>()).By;
        Assert.Equal(("Sam Officer", "business-unit", "sam.officer@council.example"), (by.Name, by.Role, by.Email));
    }

    [Fact]
    public async Task StaffApi_WithoutSignIn_Returns401ProblemDetails()
    {
        var response = await _client.GetAsync("/api/incidents");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, (await response.ReadJsonAsync()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task StaffApi_WithAppServicePrincipal_Returns200()
    {
        var response = await _client.SendAsync(Get("/api/incidents", Principal("Sam Officer", "chair")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task StaffApi_PrincipalWithoutARole_Returns403()
    {
        var response = await _client.SendAsync(Get("/api/incidents", Principal("No Role", "some-other-app-role")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task StaffApi_MalformedPrincipal_Returns401()
    {
        var response = await _client.SendAsync(Get("/api/incidents", "%%%not-base64"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task StaffApi_DevUserHeader_IsIgnoredOutsideDevelopmentMode()
    {
        var response = await _client.SendAsync(Get("/api/incidents").AsDevUser());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Page_WithoutSignIn_RedirectsToTheAppServiceLogin()
    {
        var response = await _client.GetAsync("/incidents/abc?x=1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/.auth/login/aad?post_login_redirect_uri=%2Fincidents%2Fabc%3Fx%3D1", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/api/dev/mailbox")]
    [InlineData("/api/dev/clock")]
    [InlineData("/dev/mailbox")]
    public async Task DevelopmentFeatures_AreRefusedWithNotFound(string path)
    {
        var response = await _client.SendAsync(Get(path, Principal("Sam Officer", "business-unit")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task DevelopmentClock_AdvanceIsRefused()
    {
        var response = await _client.PostAsync("/api/dev/clock/advance", TestData.Json("""{ "days": 1 }"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task SignInPage_OutsideDevelopment_SendsToTheAppServiceLogin()
    {
        var response = await _client.GetAsync("/sign-in?returnUrl=/incidents");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/.auth/login/aad", response.Headers.Location?.OriginalString);
    }
}
