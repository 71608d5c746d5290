using Csp.Domain;
using Csp.Domain.Calendar;
using Csp.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Csp.Web.Tests.Browser;

/// <summary>
/// A Rapid Review that runs past its 15 working days is not stuck: the business unit officer, in the
/// browser, is told the meeting date is late and why a reason is needed, schedules it with the reason,
/// and the page then shows the meeting booked, the decision overdue and the reason in the timeline; the
/// National Panel is told the Rapid Review will be late.
/// </summary>
/// <remarks>On a host of its own: it moves the clock three weeks on, which would send every other journey's chases at once.</remarks>
[Collection(LateRapidReviewBrowserCollection.Name)]
public sealed class LateRapidReviewBrowserTests(LateRapidReviewHostFixture host, BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every page this test loaded had no WCAG 2.2 A/AA violation (axe-core).</summary>
    public Task DisposeAsync() => browser.Accessibility.AssertNoViolationsAsync();

    [Fact]
    public async Task PastTheDecisionDeadline_TheMeetingIsScheduledWithTheReason_ThePageShowsItLate_AndThePanelIsTold()
    {
        var client = host.Local.Client;
        var (id, requests) = await IncidentJourneys.ToScopingAsync(client);
        await IncidentJourneys.ReturnAndAcceptAllAsync(client, id, requests);
        var view = await client.GetAsync(id);
        var due = DateOnly.Parse(JourneyClient.Deadline(view, "RapidReviewDecision", "due"));
        await client.AdvanceAsync(new { workingDays = WorkingDayCalendar.EnglandAndWales.WorkingDaysBetween(await client.TodayAsync(), due) + 2 });
        var meetingDay = WorkingDayCalendar.EnglandAndWales.AddWorkingDays(await client.TodayAsync(), 2);
        await client.WaitForActionAsync(id, "schedule-rapid-review-meeting");

        var page = await browser.NewPageAsync(host.Local.Host.BaseAddress);
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Your name").FillAsync("Sam Business");
        await page.Locator("input[name='role'][value='business-unit']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/");
        await page.GotoAsync("/incidents/" + id);
        Assert.Contains("Overdue", await page.GetByTestId("deadlines").Locator("[data-kind='RapidReviewDecision']").InnerTextAsync());

        // Without a reason the late date is refused, saying when the decision was due and what to do.
        var form = page.Locator("[data-testid='action'][data-action='schedule-rapid-review-meeting']");
        await form.Locator("[name='startsAt-day']").FillAsync(meetingDay.Day.ToString());
        await form.Locator("[name='startsAt-month']").FillAsync(meetingDay.Month.ToString());
        await form.Locator("[name='startsAt-year']").FillAsync(meetingDay.Year.ToString());
        await form.Locator("[name='startsAt-time']").FillAsync("10:00");
        await form.Locator("[name='durationMinutes']").FillAsync("90");
        await form.Locator("[name='location']").FillAsync("Online");
        await form.GetByRole(AriaRole.Button).ClickAsync();
        var summary = await page.Locator(".govuk-error-summary").InnerTextAsync();
        Assert.Contains(DateWords.Prose(due), summary);
        Assert.Equal(0, await page.GetByTestId("meeting").CountAsync());
        await ActionResultBrowserTests.WalkShotAsync(page, "point1-late-meeting-asks-for-the-reason");

        // With the reason it is booked, and the page says the decision is late and why.
        form = page.Locator("[data-testid='action'][data-action='schedule-rapid-review-meeting']");
        await form.Locator("[name='lateReason']").FillAsync("Two agencies could not attend before the deadline.");
        await form.GetByRole(AriaRole.Button).ClickAsync();
        await page.GetByTestId("notice").WaitForAsync();
        Assert.Contains("Scheduled", await page.GetByTestId("meeting").InnerTextAsync());
        Assert.Contains("Overdue", await page.GetByTestId("deadlines").Locator("[data-kind='RapidReviewDecision']").InnerTextAsync());
        Assert.Contains("Two agencies could not attend before the deadline.", await page.GetByTestId("timeline").InnerTextAsync());
        await ActionResultBrowserTests.WalkShotAsync(page, "point1-late-meeting-scheduled");
        await client.WaitForMailAsync(m => m.Subject == $"[{id}] Rapid Review will be late", incidentId: id);

        // Held and decided late: the decision is recorded, never refused for its date.
        await client.AdvanceAsync(new { workingDays = 2 });
        await client.ActAsync(id, "record-meeting-held", "business-unit", new
        {
            heldOn = meetingDay.ToString("yyyy-MM-dd"), representedChildrensSocialCare = true, representedEducation = true, representedHealth = true, representedPolice = true,
        });
        await client.ActAsync(id, "record-rapid-review-decision", "business-unit", new
        {
            criterionMultiAgencyWorkingConcerns = true, criterionImprovementsNeeded = true, csprMostAppropriate = true,
            outcome = "LocalCspr", rationale = "Criteria met; a local review is proportionate.", decidedOn = meetingDay.ToString("yyyy-MM-dd"),
        });
        await client.WaitForStageAsync(id, "Decision");
        await page.GotoAsync("/incidents/" + id);
        var decision = await page.GetByTestId("deadlines").Locator("[data-kind='RapidReviewDecision']").InnerTextAsync();
        Assert.True(decision.Contains("Overdue", StringComparison.Ordinal), decision);
        await ActionResultBrowserTests.WalkShotAsync(page, "point1-late-decision-recorded");
        await page.Context.CloseAsync();
    }
}

/// <summary>The local host and a browser for <see cref="LateRapidReviewBrowserTests"/> alone.</summary>
public sealed class LateRapidReviewHostFixture : IAsyncLifetime
{
    public LocalHostFixture Local { get; } = new();

    public Task InitializeAsync() => Local.InitializeAsync();

    public Task DisposeAsync() => Local.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class LateRapidReviewBrowserCollection : ICollectionFixture<LateRapidReviewHostFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Late Rapid Review in a browser";
}
