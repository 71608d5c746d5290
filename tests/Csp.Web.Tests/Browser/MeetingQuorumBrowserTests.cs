using System.Net;
using System.Text.Json;
using Csp.Domain.Calendar;
using Csp.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Csp.Web.Tests.Browser;

/// <summary>
/// The Rapid Review meeting as the business unit arranges it: a slip of the date to a weekend or the
/// small hours is caught; when everyone from a quorum agency declines, the business unit is told, the
/// dashboard turns amber and a substitute can be invited; at the meeting quorum is recorded agency by
/// agency, and a decision of a meeting that was not quorate is warned about and recorded as such.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MeetingQuorumBrowserTests(LocalHostFixture host, BrowserFixture browser) : IAsyncLifetime
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every page this test loaded had no WCAG 2.2 A/AA violation (axe-core).</summary>
    public Task DisposeAsync() => browser.Accessibility.AssertNoViolationsAsync();

    private async Task<IPage> SignInAsync()
    {
        var page = await browser.NewPageAsync(host.Host.BaseAddress);
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Your name").FillAsync("Sam Business");
        await page.Locator("input[name='role'][value='business-unit']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/");
        return page;
    }

    private static async Task FillScheduleAsync(ILocator form, DateOnly day, string time)
    {
        await form.Locator("[name='startsAt-day']").FillAsync(day.Day.ToString());
        await form.Locator("[name='startsAt-month']").FillAsync(day.Month.ToString());
        await form.Locator("[name='startsAt-year']").FillAsync(day.Year.ToString());
        await form.Locator("[name='startsAt-time']").FillAsync(time);
        await form.Locator("[name='durationMinutes']").FillAsync("90");
        await form.Locator("[name='location']").FillAsync("Online");
    }

    [Fact]
    public async Task AMeetingAtTheWeekendOrInTheSmallHours_IsRefusedUntilConfirmed_AndNothingIsBooked()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(host.Client);
        await IncidentJourneys.ReturnAndAcceptAllAsync(host.Client, id, requests);
        var today = await host.Client.TodayAsync();
        var saturday = Enumerable.Range(1, 7).Select(today.AddDays).First(d => d.DayOfWeek == DayOfWeek.Saturday);
        var page = await SignInAsync();
        await page.GotoAsync("/incidents/" + id);

        var form = page.Locator("[data-testid='action'][data-action='schedule-rapid-review-meeting']");
        await FillScheduleAsync(form, saturday, "10:00");
        await form.GetByRole(AriaRole.Button).ClickAsync();
        var summary = page.Locator(".govuk-error-summary");
        await summary.WaitForAsync();
        Assert.Contains("is at the weekend", await summary.InnerTextAsync());
        Assert.Equal(0, await page.GetByTestId("meeting").CountAsync());

        // A working day, but at 02:00.
        var workingDay = WorkingDayCalendar.EnglandAndWales.AddWorkingDays(today, 2);
        form = page.Locator("[data-testid='action'][data-action='schedule-rapid-review-meeting']");
        await FillScheduleAsync(form, workingDay, "02:00");
        await form.GetByRole(AriaRole.Button).ClickAsync();
        await page.Locator(".govuk-error-summary").WaitForAsync();
        Assert.Contains("outside the working day", await page.Locator(".govuk-error-summary").InnerTextAsync());
        Assert.Equal(0, await page.GetByTestId("meeting").CountAsync());
        await ActionResultBrowserTests.WalkShotAsync(page, "29.11-meeting-outside-the-working-day-refused");

        // Confirmed as meant (an urgent meeting), it is booked.
        form = page.Locator("[data-testid='action'][data-action='schedule-rapid-review-meeting']");
        await FillScheduleAsync(form, workingDay, "02:00");
        await form.Locator("[name='outsideWorkingDay']").CheckAsync();
        await form.GetByRole(AriaRole.Button).ClickAsync();
        await page.GetByTestId("meeting").WaitForAsync();
        Assert.Contains("Scheduled", await page.GetByTestId("meeting").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EveryoneFromPoliceDeclines_TheUnitIsTold_TheDashboardIsAmber_ASubstituteIsInvited_AndANonQuorateMeetingIsRecordedAsSuch()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(host.Client);
        await IncidentJourneys.ReturnAndAcceptAllAsync(host.Client, id, requests);
        var today = await host.Client.TodayAsync();
        var meetingDay = WorkingDayCalendar.EnglandAndWales.AddWorkingDays(today, 1);
        await host.Client.ActAsync(id, "schedule-rapid-review-meeting", "business-unit", new { startsAt = Iso(meetingDay) + "T10:00", durationMinutes = 90, location = "Online" });
        static List<string> Attendees(JsonElement view) =>
            view.GetProperty("availableActions").EnumerateArray().Where(a => a.GetProperty("name").GetString() == "respond-to-meeting")
                .SelectMany(a => a.GetProperty("fields").EnumerateArray()).Where(f => f.GetProperty("name").GetString() == "attendee")
                .SelectMany(f => f.GetProperty("allowedValues").EnumerateArray()).Select(v => v.GetString()!).ToList();
        // Every invitee's reply step is open (they open one by one).
        var view = await host.Client.WaitForAsync(id, "business-unit", v => v.TryGetProperty("meeting", out var m) && m.ValueKind == JsonValueKind.Object
            && Attendees(v).Count == m.GetProperty("invitees").GetArrayLength(), "every invitee's reply step");
        var attendees = Attendees(view);
        var police = attendees.Where(a => a.Contains("police", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(police);
        foreach (var attendee in attendees.Except(police))
            await host.Client.ActAsync(id, "respond-to-meeting", "business-unit", new { attendee, response = "Accepted" });
        foreach (var attendee in police)
            await host.Client.ActAsync(id, "respond-to-meeting", "business-unit", new { attendee, response = "Declined" });

        // The business unit, who arranges the meeting, is told (not only the business manager).
        var warnings = await host.Client.WaitForMailAsync(m => m.Subject == $"[{id}] Rapid Review quorum at risk");
        Assert.Contains(warnings, m => m.To.Contains("business.unit@partnership.example", StringComparison.Ordinal));

        var page = await SignInAsync();
        await page.GotoAsync("/incidents/" + id);
        var meeting = await page.GetByTestId("meeting").InnerTextAsync();
        Assert.Contains("everyone invited from police has declined", meeting);
        Assert.DoesNotContain("no acceptance yet from police", meeting);

        // The dashboard: amber, with the reason, though no deadline is near.
        await page.GotoAsync("/?rag=Amber");
        var row = page.Locator($"[data-testid='incident-row'][data-incident-id='{id}']");
        await row.WaitForAsync();
        Assert.StartsWith("Amber", (await row.GetByTestId("rag").InnerTextAsync()).Trim());
        Assert.Contains("quorum at risk", await row.GetByTestId("at-risk").InnerTextAsync());
        await ActionResultBrowserTests.WalkShotAsync(page, "29.12-dashboard-quorum-at-risk");

        // A substitute for the police is invited from the incident page.
        await page.GotoAsync("/incidents/" + id);
        var invite = page.Locator("[data-testid='action'][data-action='invite-to-rapid-review-meeting']");
        await invite.Locator("[name='name']").FillAsync("DS Robin Substitute");
        await invite.Locator("[name='email']").FillAsync("robin.substitute@police.example");
        await invite.Locator("input[name='agencyType'][value='Police']").CheckAsync();
        await invite.GetByRole(AriaRole.Button).ClickAsync();
        await page.GetByTestId("notice").WaitForAsync();
        var invitation = await host.Client.WaitForMailAsync(m => m.To.Contains("robin.substitute@police.example", StringComparison.Ordinal) && m.Subject.StartsWith("Invitation: Rapid Review meeting", StringComparison.Ordinal));
        Assert.Single(invitation);
        var ask = await host.Client.WaitForMailAsync(m => m.To.Contains("robin.substitute@police.example", StringComparison.Ordinal) && m.Subject == $"[{id}] Please reply to the Rapid Review invitation");
        Assert.NotNull(ask[0].LinkStartingWith("/a/"));
        // Nobody else is sent the meeting again for it.
        Assert.DoesNotContain(await host.Client.MailboxAsync(id), m => m.Subject.StartsWith("Updated invitation", StringComparison.Ordinal));
        await page.ReloadAsync();
        Assert.Contains("DS Robin Substitute", await page.Locator("table:has(caption:text('Invitations'))").InnerTextAsync());
        await ActionResultBrowserTests.WalkShotAsync(page, "29.12-substitute-invited");

        // The meeting is held without the police after all: recorded agency by agency.
        await host.Client.AdvanceAsync(new { workingDays = 1 });
        await page.ReloadAsync();
        var held = page.Locator("[data-testid='action'][data-action='record-meeting-held']");
        await held.Locator("[name='heldOn-day']").FillAsync(meetingDay.Day.ToString());
        await held.Locator("[name='heldOn-month']").FillAsync(meetingDay.Month.ToString());
        await held.Locator("[name='heldOn-year']").FillAsync(meetingDay.Year.ToString());
        await held.Locator("[name='representedChildrensSocialCare']").CheckAsync();
        await held.Locator("[name='representedEducation']").CheckAsync();
        await held.Locator("[name='representedHealth']").CheckAsync();
        await held.GetByRole(AriaRole.Button).ClickAsync();
        await page.GetByTestId("notice").WaitForAsync();
        await host.Client.WaitForActionAsync(id, "record-rapid-review-decision");
        await page.ReloadAsync();
        Assert.Contains("Not quorate: police not represented", await page.GetByTestId("meeting").InnerTextAsync());

        // The decision is warned about, and recorded as made at a meeting that was not quorate.
        var decision = page.Locator("[data-testid='action'][data-action='record-rapid-review-decision']");
        Assert.Contains("was not quorate", await decision.GetByTestId("action-warning").InnerTextAsync());
        await ActionResultBrowserTests.WalkShotAsync(page, "29.9-decision-warned-not-quorate");
        await host.Client.ActAsync(id, "record-rapid-review-decision", "business-unit", new
        {
            criterionMultiAgencyWorkingConcerns = true, criterionImprovementsNeeded = true, csprMostAppropriate = true,
            outcome = "LocalCspr", rationale = "Criteria met; police information taken from its scoping return.", decidedOn = Iso(meetingDay),
        });
        var decided = await host.Client.WaitForStageAsync(id, "Decision");
        var timeline = string.Join("\n", decided.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("what").GetString() + " " + t.GetProperty("why").ToString()));
        Assert.Contains("not quorate", timeline);
        Assert.Contains("Made at a Rapid Review meeting that was not quorate: police not represented", timeline);
        Assert.DoesNotContain("return(s)", timeline);
        await page.Context.CloseAsync();
    }
}
