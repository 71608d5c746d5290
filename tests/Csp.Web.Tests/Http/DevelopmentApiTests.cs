using System.Net;
using Csp.Host.LocalHost;
using Csp.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Csp.Web.Tests.Http;

public sealed class DevelopmentApiTests(DevelopmentHostFixture fixture) : IClassFixture<DevelopmentHostFixture>
{
    private readonly HttpClient _client = fixture.Host.Client();

    [Fact]
    public async Task ClockAdvance_ByWorkingDays_MovesToTheSameTimeThatManyWorkingDaysLater()
    {
        var clock = fixture.Host.Services.GetRequiredService<AdjustableClock>();
        var before = await (await _client.GetAsync("/api/dev/clock")).ReadJsonAsync();
        var today = DateOnly.Parse(before.GetProperty("today").GetString()!);

        var response = await _client.PostAsync("/api/dev/clock/advance", TestData.Json("""{ "workingDays": 5 }"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await response.ReadJsonAsync();
        var expected = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(today, 5);
        Assert.Equal(expected.ToString("yyyy-MM-dd"), after.GetProperty("today").GetString());
        Assert.True(clock.Offset >= TimeSpan.FromDays(7));
    }

    [Fact]
    public async Task ClockAdvance_ByDays_MovesTheHostClock()
    {
        var clock = fixture.Host.Services.GetRequiredService<TimeProvider>();
        var before = clock.GetUtcNow();

        var response = await _client.PostAsync("/api/dev/clock/advance", TestData.Json("""{ "days": 2 }"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(clock.GetUtcNow() - before >= TimeSpan.FromDays(2));
    }

    [Theory]
    [InlineData("""{ }""")]
    [InlineData("""{ "days": 1, "workingDays": 1 }""")]
    [InlineData("""{ "days": -1 }""")]
    [InlineData("""{ "days": "3" }""")]
    [InlineData("""{ "workingDays": 1.5 }""")]
    [InlineData("""{ "days": 99999 }""")]
    public async Task ClockAdvance_BadBody_Returns400AndDoesNotMove(string body)
    {
        var clock = fixture.Host.Services.GetRequiredService<AdjustableClock>();
        var offset = clock.Offset;

        var response = await _client.PostAsync("/api/dev/clock/advance", TestData.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(offset, clock.Offset);
    }
}
