using Csp.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Csp.Web.Tests.Browser;

/// <summary>
/// The page after an action shows the state that action produced, not "Recorded" over the state before
/// it: scheduling the Rapid Review meeting closes its step, books the meeting and opens what follows in
/// separate writes, and the page comes back only once all of them show.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ActionResultBrowserTests(LocalHostFixture host, BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every page this test loaded had no WCAG 2.2 A/AA violation (axe-core).</summary>
    public Task DisposeAsync() => browser.Accessibility.AssertNoViolationsAsync();

    /// <summary>Where the walk's screenshots are kept, outside the repository, when the folder exists.</summary>
    internal static async Task WalkShotAsync(IPage page, string name)
    {
        await BrowserFixture.ScreenshotAsync(page, name);
        // A walk of the product collects its screenshots in one folder: CSP_WALK_SHOTS names it.
        var walk = Environment.GetEnvironmentVariable("CSP_WALK_SHOTS");
        if (!string.IsNullOrEmpty(walk) && Directory.Exists(walk)) await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(walk, name + ".png"), FullPage = true });
    }

    [Fact]
    public async Task SchedulingTheMeeting_ThePageThatFollowsShowsTheMeetingBookedAndItsNextActions()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(host.Client);
        await IncidentJourneys.ReturnAndAcceptAllAsync(host.Client, id, requests);
        var meetingDay = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(await host.Client.TodayAsync(), 1);

        var page = await browser.NewPageAsync(host.Host.BaseAddress);
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Your name").FillAsync("Sam Business");
        await page.Locator("input[name='role'][value='business-unit']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/");
        await page.GotoAsync("/incidents/" + id);
        Assert.Equal(0, await page.GetByTestId("meeting").CountAsync());

        var form = page.Locator("[data-testid='action'][data-action='schedule-rapid-review-meeting']");
        await form.Locator("[name='startsAt-day']").FillAsync(meetingDay.Day.ToString());
        await form.Locator("[name='startsAt-month']").FillAsync(meetingDay.Month.ToString());
        await form.Locator("[name='startsAt-year']").FillAsync(meetingDay.Year.ToString());
        await form.Locator("[name='startsAt-time']").FillAsync("10:00");
        await form.Locator("[name='durationMinutes']").FillAsync("90");
        await form.Locator("[name='location']").FillAsync("Online");
        await form.GetByRole(AriaRole.Button).ClickAsync();

        // The page that follows, without a reload: the meeting booked, and what can be done with it now.
        await page.GetByTestId("notice").WaitForAsync();
        Assert.DoesNotContain("still recording", await page.GetByTestId("notice").InnerTextAsync());
        Assert.Equal(1, await page.GetByTestId("meeting").CountAsync());
        Assert.Contains("Scheduled", await page.GetByTestId("meeting").InnerTextAsync());
        Assert.Equal(0, await page.Locator("[data-testid='action'][data-action='schedule-rapid-review-meeting']").CountAsync());
        Assert.Equal(1, await page.Locator("[data-testid='action'][data-action='reschedule-rapid-review-meeting']").CountAsync());
        await WalkShotAsync(page, "point7-after-scheduling-the-meeting");
        await page.Context.CloseAsync();
    }
}
