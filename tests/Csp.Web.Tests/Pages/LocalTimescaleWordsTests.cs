using System.Net;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.Pages;

/// <summary>
/// A partnership that changes a local timescale sees it in the page text: the dashboard's RAG key and the
/// referral form's hint come from the configured timescales, not from words written into the pages.
/// </summary>
public sealed class LocalTimescaleWordsTests : IAsyncLifetime
{
    private readonly FakeIncidentService _incidents = new(TimeProvider.System);
    private WebHostHarness _host = default!;

    public async Task InitializeAsync() =>
        _host = await WebHostHarness.StartAsync(
            new Dictionary<string, string?>
            {
                ["Csp:Storage:Mode"] = "InMemory",
                ["Csp:Timescales:AmberWithinWorkingDays"] = "4",
                ["Csp:Timescales:NationalPanelNotificationWorkingDays"] = "3",
            },
            FakeRegistration.Use(_incidents, new FakeCapabilityLinks()));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<HttpClient> SignedInAsync()
    {
        var client = _host.Client(cookies: true);
        var signIn = await (await client.GetAsync("/sign-in")).Content.ReadAsStringAsync();
        var signedIn = await client.PostAsync("/sign-in", TestData.Form(signIn, ("name", "Robin Business"), ("role", "business-unit"), ("returnUrl", "/")));
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        return client;
    }

    [Fact]
    public async Task Dashboard_LocalAmberThreshold_KeySaysTheConfiguredWorkingDays()
    {
        var client = await SignedInAsync();

        var html = await (await client.GetAsync("/")).Content.ReadAsStringAsync();

        Assert.Contains("amber that one falls within 4 working days or that something puts the next step at risk", html, StringComparison.Ordinal);
        Assert.DoesNotContain("within 2 working days", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReferralForm_LocalNotificationPeriod_HintSaysTheConfiguredWorkingDays()
    {
        var client = await SignedInAsync();

        var html = await (await client.GetAsync("/referrals/new")).Content.ReadAsStringAsync();

        Assert.Contains("The National Panel must be notified within 3 working days of this date.", html, StringComparison.Ordinal);
    }
}

/// <summary>The calendar API counts on the partnership's calendar, read from the one section the workflow reads.</summary>
public sealed class LocalCalendarApiTests : IAsyncLifetime
{
    private WebHostHarness _host = default!;

    public async Task InitializeAsync() =>
        _host = await WebHostHarness.StartAsync(
            new Dictionary<string, string?>
            {
                ["Csp:Storage:Mode"] = "InMemory",
                ["Csp:WorkingDayCalendar:AdditionalChanges:0:Added"] = "2031-06-06",
                ["Csp:WorkingDayCalendar:AdditionalChanges:0:Description"] = "Proclaimed bank holiday",
            },
            FakeRegistration.Use(new FakeIncidentService(TimeProvider.System), new FakeCapabilityLinks()));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task WorkingDays_ProclaimedBankHolidayInTheCalendarSection_IsSkipped()
    {
        // Thursday 5 June 2031; Friday 6 June proclaimed, so the next working day is Monday 9 June.
        var response = await _host.Client().GetAsync("/api/calendar/working-days?from=2031-06-05&add=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2031-06-09", (await response.ReadJsonAsync()).GetProperty("date").GetString());
    }
}
