using System.Globalization;
using System.Net;
using System.Text.Json;
using Csp.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Csp.Web.Tests.Browser;

/// <summary>
/// The dashboard of a partnership with more incidents than fit one page, in headless Chromium on a
/// host of its own (so the counts are this class's): pages of 25 sorted by the next deadline, the
/// GOV.UK pagination, and the stage and status filters in the query string, with scripts off.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserTests(DashboardHostFixture host, BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every page this test loaded had no WCAG 2.2 A/AA violation (axe-core).</summary>
    public Task DisposeAsync() => browser.Accessibility.AssertNoViolationsAsync();

    private static readonly KeyValuePair<string, string>[] Reader = [new("X-Csp-Dev-User", "Ali Reader;read-only")];

    [Fact]
    public async Task Dashboard_MoreIncidentsThanAPage_PagesOf25ByNextDeadline_WithPagination()
    {
        var page = await browser.NewPageAsync(host.Host.BaseAddress, javaScript: false, headers: Reader);
        await page.GotoAsync("/");

        Assert.Equal($"Showing 1 to 25 of {DashboardHostFixture.Incidents} open incidents", await page.GetByTestId("results-summary").InnerTextAsync());
        Assert.Equal(25, await page.GetByTestId("incident-row").CountAsync());
        var first = await DueDatesAsync(page);
        Assert.Equal(first.Order().ToList(), first);
        var pagination = page.GetByRole(AriaRole.Navigation, new() { Name = "Pagination" });
        Assert.Equal("page", await pagination.GetByRole(AriaRole.Link, new() { Name = "Page 1" }).GetAttributeAsync("aria-current"));
        Assert.Equal(0, await page.GetByTestId("previous-page").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, "dashboard-page-1");

        await page.GetByTestId("next-page").ClickAsync();
        await page.WaitForURLAsync(u => u.EndsWith("/?page=2", StringComparison.Ordinal));
        var rest = DashboardHostFixture.Incidents - 25;
        Assert.Equal($"Showing 26 to {DashboardHostFixture.Incidents} of {DashboardHostFixture.Incidents} open incidents", await page.GetByTestId("results-summary").InnerTextAsync());
        Assert.Equal(rest, await page.GetByTestId("incident-row").CountAsync());
        var second = await DueDatesAsync(page);
        Assert.True(second.All(d => d >= first[^1]), "page 2 continues where page 1 ended");
        Assert.Equal("page", await pagination.GetByRole(AriaRole.Link, new() { Name = "Page 2" }).GetAttributeAsync("aria-current"));
        Assert.Equal(0, await page.GetByTestId("next-page").CountAsync());

        // Every incident once across the two pages.
        var ids = new List<string?>();
        foreach (var n in new[] { 1, 2 })
        {
            await page.GotoAsync(n == 1 ? "/" : "/?page=2");
            ids.AddRange(await page.GetByTestId("incident-row").EvaluateAllAsync<string?[]>("rows => rows.map(r => r.dataset.incidentId)"));
        }
        Assert.Equal(DashboardHostFixture.Incidents, ids.Distinct().Count());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Dashboard_StatusAndStageFilters_WorkWithoutJavaScript_AndStayInTheAddress()
    {
        var expectedRed = (await host.ListAsync()).Where(i => i.GetProperty("rag").GetString() == "Red").Select(i => i.GetProperty("incidentId").GetString()).Order().ToList();
        Assert.NotEmpty(expectedRed);
        var page = await browser.NewPageAsync(host.Host.BaseAddress, javaScript: false, headers: Reader);
        await page.GotoAsync("/");

        await page.GetByLabel("Red: overdue").CheckAsync();
        await page.GetByTestId("apply-filters").ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("rag=Red", StringComparison.Ordinal));
        var shown = await page.GetByTestId("incident-row").EvaluateAllAsync<string?[]>("rows => rows.map(r => r.dataset.incidentId)");
        Assert.Equal(expectedRed, shown.Order().ToList());
        Assert.All(await page.GetByTestId("rag").AllInnerTextsAsync(), t => Assert.Equal("Red: overdue", t));
        Assert.True(await page.GetByLabel("Red: overdue").IsCheckedAsync(), "the filter shows what was chosen");
        Assert.Equal($"Showing 1 to {expectedRed.Count} of {expectedRed.Count} open {(expectedRed.Count == 1 ? "incident" : "incidents")}: red",
            await page.GetByTestId("results-summary").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "dashboard-filtered-red");

        // The filtered address works on its own (a bookmark), and a stage with none says so.
        await page.GotoAsync("/?rag=Red&stage=Publication");
        Assert.Equal("There are no open incidents that match these filters.", await page.GetByTestId("no-incidents").InnerTextAsync());
        Assert.Equal("Publication", await page.GetByLabel("Stage").InputValueAsync());
        await page.GetByTestId("clear-filters").ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).PathAndQuery == "/");
        Assert.Equal(25, await page.GetByTestId("incident-row").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Dashboard_PageBeyondTheLastOrUnknownFilters_ShowsWhatItCan_NeverAnError()
    {
        using var client = host.Host.Client();
        client.DefaultRequestHeaders.Add(Reader[0].Key, Reader[0].Value);
        using var response = await client.GetAsync("/?page=99&rag=Purple&stage=Nonsense&sort=x&order=y");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(await response.Content.ReadAsStringAsync(), "<[^>]+>", ""));
        Assert.Contains($"Showing 26 to {DashboardHostFixture.Incidents} of {DashboardHostFixture.Incidents} open incidents", text);
    }

    private static async Task<List<DateOnly>> DueDatesAsync(IPage page) =>
        (await page.GetByTestId("due").AllInnerTextsAsync())
            .Select(t => DateOnly.ParseExact(t.Trim(), "dddd d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")))
            .ToList();
}

/// <summary>A host holding <see cref="Incidents"/> open incidents, the local authority aware on each of as many days up to today.</summary>
public sealed class DashboardHostFixture : IAsyncLifetime
{
    public const int Incidents = 31;

    private readonly LocalHostFixture _inner = new();

    public WebHostHarness Host => _inner.Host;

    public async Task InitializeAsync()
    {
        await _inner.InitializeAsync();
        var today = await _inner.Client.TodayAsync();
        for (var i = 0; i < Incidents; i++) await _inner.Client.SubmitAsync(JourneyClient.ReferralAwareOn(today.AddDays(-i)));
    }

    public async Task<IReadOnlyList<JsonElement>> ListAsync()
    {
        var list = await (await _inner.Client.SendAsync(HttpMethod.Get, "/api/incidents?pageSize=200", "read-only")).ReadJsonAsync();
        return list.GetProperty("incidents").EnumerateArray().ToList();
    }

    public Task DisposeAsync() => _inner.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardHostFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Dashboard in a browser";
}
