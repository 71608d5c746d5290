using System.Net;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.Http;

public sealed class HealthApiTests(ProductionModeHostFixture fixture) : IClassFixture<ProductionModeHostFixture>
{
    private readonly HttpClient _client = fixture.Host.Client();

    [Fact]
    public async Task Health_NoSignIn_Returns200HealthyAsPlainText()
    {
        var response = await _client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Health_Post_Returns405()
    {
        var response = await _client.PostAsync("/api/health", new StringContent(""));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
