using System.Net;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.Http;

public sealed class CalendarApiTests(DevelopmentHostFixture fixture) : IClassFixture<DevelopmentHostFixture>
{
    private readonly HttpClient _client = fixture.Host.Client();

    [Theory]
    [InlineData("2024-03-22", 5, "2024-04-02")]   // over Easter 2024
    [InlineData("2024-12-20", 3, "2024-12-27")]   // over Christmas
    [InlineData("2024-04-02", -5, "2024-03-22")]
    [InlineData("2024-03-23", 0, "2024-03-23")]
    public async Task WorkingDays_AddsOnTheEnglandAndWalesCalendar(string from, int add, string expected)
    {
        var response = await _client.GetAsync($"/api/calendar/working-days?from={from}&add={add}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, (await response.ReadJsonAsync()).GetProperty("date").GetString());
    }

    [Theory]
    [InlineData("?add=5", "from")]
    [InlineData("?from=2024-03-22", "add")]
    [InlineData("?from=22/03/2024&add=5", "from")]
    [InlineData("?from=2024-02-30&add=5", "from")]
    [InlineData("?from=2024-03-22&add=five", "add")]
    [InlineData("?from=2024-03-22&add=1.5", "add")]
    [InlineData("?from=2024-03-22&add=100001", "add")]
    [InlineData("?from=9999-12-30&add=5", "add")]
    public async Task WorkingDays_BadInput_Returns400ProblemDetails(string query, string field)
    {
        var response = await _client.GetAsync("/api/calendar/working-days" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.ProblemFieldsAsync());
    }
}
