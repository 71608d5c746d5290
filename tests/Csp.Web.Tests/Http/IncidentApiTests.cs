using System.Net;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.Http;

/// <summary>The HTTP contract of the staff incident API (workflow faked).</summary>
public sealed class IncidentApiTests(DevelopmentHostFixture fixture) : IClassFixture<DevelopmentHostFixture>
{
    private readonly HttpClient _client = fixture.Host.Client();

    private async Task<string> NewIncidentAsync()
    {
        var response = await _client.PostAsync("/api/referrals", TestData.Json(TestData.SampleReferralJson));
        return (await response.ReadJsonAsync()).GetProperty("incidentId").GetString()!;
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string role = "business-unit")
    {
        var request = new HttpRequestMessage(method, path).AsDevUser("Test User", role);
        if (json is not null) request.Content = TestData.Json(json);
        return _client.SendAsync(request);
    }

    [Fact]
    public async Task Get_WithoutAUser_Returns401EvenInDevelopmentMode()
    {
        var id = await NewIncidentAsync();

        var response = await _client.GetAsync("/api/incidents/" + id);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("X-Csp-Dev-User", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Get_KnownIncident_ReturnsItsDeadlinesScopingTimelineAndActions()
    {
        var id = await NewIncidentAsync();

        var response = await SendAsync(HttpMethod.Get, "/api/incidents/" + id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.ReadJsonAsync();
        Assert.Equal("Notification", view.GetProperty("stage").GetString());
        var deadline = view.GetProperty("deadlines")[0];
        Assert.Equal("2024-03-29", deadline.GetProperty("due").GetString());
        Assert.Equal("Due", deadline.GetProperty("state").GetString());
        Assert.NotEmpty(deadline.GetProperty("basis").GetString()!);
        Assert.Equal("Requested", view.GetProperty("scoping")[0].GetProperty("status").GetString());
        Assert.Equal("record-notification", view.GetProperty("availableActions")[0].GetProperty("name").GetString());
        Assert.Equal("date", view.GetProperty("availableActions")[0].GetProperty("fields")[0].GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("no-such-incident")]
    [InlineData("has%20space")]
    public async Task Get_UnknownIncident_Returns404ProblemDetails(string id)
    {
        var response = await SendAsync(HttpMethod.Get, "/api/incidents/" + id);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task List_FilteredByStage_ReturnsThatStage()
    {
        await NewIncidentAsync();

        var matching = await (await SendAsync(HttpMethod.Get, "/api/incidents?stage=Notification")).ReadJsonAsync();
        var none = await (await SendAsync(HttpMethod.Get, "/api/incidents?stage=Publication")).ReadJsonAsync();

        Assert.NotEmpty(matching.GetProperty("incidents").EnumerateArray());
        Assert.All(matching.GetProperty("incidents").EnumerateArray(), i => Assert.Equal("Notification", i.GetProperty("stage").GetString()));
        Assert.Empty(none.GetProperty("incidents").EnumerateArray());
    }

    [Theory]
    [InlineData("?stage=Nonsense", "stage")]
    [InlineData("?stage=3", "stage")]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=1000", "pageSize")]
    [InlineData("?includeClosed=maybe", "includeClosed")]
    public async Task List_BadQuery_Returns400NamingTheParameter(string query, string field)
    {
        var response = await SendAsync(HttpMethod.Get, "/api/incidents" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.ProblemFieldsAsync());
    }

    [Fact]
    public async Task Action_Available_Returns200AndHandsTheFieldsToTheWorkflow()
    {
        var id = await NewIncidentAsync();

        var response = await SendAsync(HttpMethod.Post, $"/api/incidents/{id}/actions/record-notification",
            """{ "dateSent": "2024-03-25", "panelReference": "NP-123" }""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (_, _, fields, user) = fixture.Incidents.Actions.Single(a => a.IncidentId == id);
        Assert.Equal("NP-123", fields.GetProperty("panelReference").GetString());
        Assert.Equal("Test User", user.Name);
    }

    [Fact]
    public async Task Action_DoneAlready_Returns409()
    {
        var id = await NewIncidentAsync();
        const string body = """{ "dateSent": "2024-03-25", "panelReference": "NP-123" }""";
        await SendAsync(HttpMethod.Post, $"/api/incidents/{id}/actions/record-notification", body);

        var again = await SendAsync(HttpMethod.Post, $"/api/incidents/{id}/actions/record-notification", body);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(409, (await again.ReadJsonAsync()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Action_MissingFields_Returns400ListingThem()
    {
        var id = await NewIncidentAsync();

        var response = await SendAsync(HttpMethod.Post, $"/api/incidents/{id}/actions/record-notification", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["dateSent", "panelReference"], await response.ProblemFieldsAsync());
    }

    [Fact]
    public async Task Action_ByReadOnlyRole_Returns403AndChangesNothing()
    {
        var id = await NewIncidentAsync();

        var response = await SendAsync(HttpMethod.Post, $"/api/incidents/{id}/actions/record-notification",
            """{ "dateSent": "2024-03-25", "panelReference": "NP-123" }""", role: "read-only");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(fixture.Incidents.Actions, a => a.IncidentId == id);
    }

    [Fact]
    public async Task Action_UnknownIncident_Returns404()
    {
        var response = await SendAsync(HttpMethod.Post, "/api/incidents/inc-unknown/actions/record-notification", "{}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Action_OversizeBody_Returns413()
    {
        var id = await NewIncidentAsync();

        var response = await SendAsync(HttpMethod.Post, $"/api/incidents/{id}/actions/record-notification",
            $$"""{ "notes": "{{new string('x', 70 * 1024)}}" }""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
