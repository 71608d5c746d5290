using System.Globalization;
using Csp.Web.Tests.Infrastructure;
using Csp.Workflow.AnnualReports;
using Microsoft.Playwright;

namespace Csp.Web.Tests.AnnualReports;

/// <summary>
/// The annual report page of a simulated year in headless Chromium: four server-drawn SVG charts
/// with titles, descriptions and tables of the same numbers, under the Content-Security-Policy,
/// and figures equal to the simulation's own report. Screenshots go to TestResults/screenshots.
/// </summary>
[Collection(SimulatedYearCollection.Name)]
public sealed class AnnualReportPageTests(SimulatedYearFixture year, BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every page this test loaded had no WCAG 2.2 A/AA violation (axe-core).</summary>
    public Task DisposeAsync() => browser.Accessibility.AssertNoViolationsAsync();

    private static readonly string[] Figures = ["incidents-by-month", "deadline-timeliness", "notification-to-decision", "open-actions-by-age"];

    private async Task<(IPage Page, List<string> Problems)> SignedInAsync()
    {
        var page = await browser.NewPageAsync(year.Host.BaseAddress);
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add(error);
        // A chart drawn with an inline style or script would be refused by the policy and reported here.
        page.Console += (_, message) => { if (message.Type is "error" or "warning") problems.Add(message.Text); };
        await page.GotoAsync("/sign-in?returnUrl=%2Freports%2Fannual");
        await page.GetByLabel("Your name").FillAsync("Board Secretary");
        await page.Locator("input[name='role'][value='read-only']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/reports/annual");
        return (page, problems);
    }

    private static async Task<int> CellAsync(IPage page, string figure, string row, string series) =>
        int.Parse(await page.Locator($"[data-testid='{figure}-table'] tr[data-row='{row}'] td[data-series='{series}']").InnerTextAsync(), CultureInfo.InvariantCulture);

    private static async Task<int> ColumnTotalAsync(IPage page, string figure, string series)
    {
        var cells = await page.Locator($"[data-testid='{figure}-table'] td[data-series='{series}']").AllInnerTextsAsync();
        return cells.Sum(c => int.Parse(c, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task AnnualReportPage_SimulatedYear_ChartsAndFiguresEqualTheSimulationsReport()
    {
        var (page, problems) = await SignedInAsync();
        // The period typed into the form, as a board secretary would.
        foreach (var (name, date) in new[] { ("from", SimulatedYearFixture.From), ("to", SimulatedYearFixture.To) })
        {
            await page.Locator($"[name='{name}-day']").FillAsync(date.Day.ToString(CultureInfo.InvariantCulture));
            await page.Locator($"[name='{name}-month']").FillAsync(date.Month.ToString(CultureInfo.InvariantCulture));
            await page.Locator($"[name='{name}-year']").FillAsync(date.Year.ToString(CultureInfo.InvariantCulture));
        }
        await page.GetByTestId("show-report").ClickAsync();
        await page.GetByTestId("period").WaitForAsync();
        Assert.Equal("Monday 6 January 2025 to Monday 5 January 2026", await page.GetByTestId("period").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "annual-report-simulated-year");
        foreach (var figure in Figures)
            await page.GetByTestId(figure).ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"annual-report-{figure}.png") });

        // Four charts, each an image with a title and a description, drawn on the server.
        foreach (var figure in Figures)
        {
            var chart = page.GetByTestId(figure + "-chart");
            Assert.Equal("img", await chart.GetAttributeAsync("role"));
            Assert.Equal($"{figure}-chart-title {figure}-chart-desc", await chart.GetAttributeAsync("aria-labelledby"));
            Assert.False(string.IsNullOrWhiteSpace(await page.Locator($"#{figure}-chart-title").TextContentAsync()));
            Assert.Contains("The table after the chart gives every figure.", await page.Locator($"#{figure}-chart-desc").TextContentAsync());
            var box = await chart.BoundingBoxAsync();
            Assert.True(box is { Width: > 600, Height: > 100 }, $"{figure} is drawn at a readable size.");
        }
        Assert.Equal(4, await page.GetByRole(AriaRole.Img).CountAsync());
        Assert.Equal(0, await page.Locator("svg script, svg [style], svg foreignObject").CountAsync());
        Assert.True(await page.Locator("[data-testid='incidents-by-month-chart'] rect").CountAsync() > 12, "bars are drawn");

        // Incidents by month and outcome: every simulated incident, by the outcome the simulation counted.
        Assert.Equal(12 + 1, await page.Locator("[data-testid='incidents-by-month-table'] tbody tr").CountAsync()); // January 2025 to January 2026
        Assert.Equal(year.Report.Incidents, await ColumnTotalAsync(page, "incidents-by-month", "total"));
        foreach (var outcome in Enum.GetValues<ReviewOutcome>())
            Assert.Equal(year.Report.ByOutcome.GetValueOrDefault(outcome.ToString()), await ColumnTotalAsync(page, "incidents-by-month", outcome.ToString()));

        // Timeliness of each statutory deadline: met on time, and late or overdue, as the simulation counted them.
        foreach (var (kind, met) in year.Report.DeadlinesMet)
            Assert.Equal(met, await CellAsync(page, "deadline-timeliness", kind, "Met"));
        foreach (var (kind, missed) in year.Report.DeadlinesMissed)
            Assert.Equal(missed, await CellAsync(page, "deadline-timeliness", kind, "MetLate") + await CellAsync(page, "deadline-timeliness", kind, "Overdue"));

        // Time from notification to decision: one entry per Rapid Review decision, split at the 15 working days.
        var decided = year.Report.ByOutcome.Where(o => o.Key is not nameof(ReviewOutcome.NotYetDecided)).Sum(o => o.Value);
        var toDecision = await ColumnTotalAsync(page, "notification-to-decision", "total");
        Assert.InRange(toDecision, 1, decided);
        Assert.Equal(0, await CellAsync(page, "notification-to-decision", "16-20", AnnualReportFigures.Within));
        Assert.Equal(0, await CellAsync(page, "notification-to-decision", "11-15", AnnualReportFigures.After));

        // Open actions by age: every action of an agreed plan still open at the end of the year.
        Assert.Equal(year.Report.OpenActions, await ColumnTotalAsync(page, "open-actions-by-age", "total"));
        Assert.Contains($"{year.Report.OpenActions} actions", await page.GetByTestId("open-actions-by-age-summary").InnerTextAsync());

        // The download links carry the period.
        Assert.Equal("/reports/annual/workbook?from=2025-01-06&to=2026-01-05", await page.GetByTestId("download-workbook").GetAttributeAsync("href"));
        Assert.Equal(year.Report.Incidents.ToString(CultureInfo.InvariantCulture), await page.GetByTestId("rows-incidents").InnerTextAsync());
        Assert.Empty(problems);
    }

    [Fact]
    public async Task AnnualReportPage_PeriodEndingBeforeItStarts_ErrorsByTheFieldsAndNoCharts()
    {
        var (page, problems) = await SignedInAsync();
        await page.Locator("[name='from-day']").FillAsync("1");
        await page.Locator("[name='from-month']").FillAsync("4");
        await page.Locator("[name='from-year']").FillAsync("2025");
        await page.Locator("[name='to-day']").FillAsync("31");
        await page.Locator("[name='to-month']").FillAsync("3");
        await page.Locator("[name='to-year']").FillAsync("2025");
        await page.GetByTestId("show-report").ClickAsync();

        var summary = page.Locator(".govuk-error-summary");
        await summary.WaitForAsync();
        Assert.Equal(["The end of the period must be the same as or after the start"], await summary.Locator("li").AllInnerTextsAsync());
        Assert.Contains("The end of the period must be the same as or after the start", await page.Locator("#to-error").InnerTextAsync());
        Assert.StartsWith("Error: ", await page.TitleAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Img).CountAsync());
        Assert.Equal("31", await page.Locator("[name='to-day']").InputValueAsync());
        await BrowserFixture.ScreenshotAsync(page, "annual-report-period-error");
        await summary.Locator("a").ClickAsync();
        Assert.Equal("to-day", await page.EvaluateAsync<string>("document.activeElement.id"));
        // The page answers 400 (Chromium notes the status); nothing else went wrong.
        Assert.Equal(["Failed to load resource: the server responded with a status of 400 (Bad Request)"], problems);
    }
}
