using Csp.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Csp.Web.Tests.Browser;

/// <summary>
/// The pages in headless Chromium against the real host and workflow: the referral form with errors
/// and then correctly, an action from the incident page, the development mailbox and an emailed
/// approval link, and the dashboard's deadlines. Screenshots go to TestResults/screenshots.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserJourneyTests(LocalHostFixture host, BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every page this test loaded had no WCAG 2.2 A/AA violation (axe-core).</summary>
    public Task DisposeAsync() => browser.Accessibility.AssertNoViolationsAsync();

    private async Task<IPage> SignedInAsync(string name, string role, string roleLabelStart)
    {
        var page = await browser.NewPageAsync(host.Host.BaseAddress);
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add(error);
        page.Console += (_, message) => { if (message.Type == "error") problems.Add(message.Text); };
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Your name").FillAsync(name);
        await page.Locator($"input[name='role'][value='{role}']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/");
        Assert.StartsWith(roleLabelStart, await page.GetByTestId("signed-in-user").InnerTextAsync());
        Assert.Empty(problems); // the GOV.UK scripts run under the Content-Security-Policy
        return page;
    }

    private static Task Fill(IPage page, string name, string value) => page.Locator($"[name='{name}']").FillAsync(value);

    private static Task Choose(IPage page, string name, string value) => page.Locator($"input[name='{name}'][value='{value}']").CheckAsync();

    private static async Task FillDate(IPage page, string name, DateOnly date)
    {
        await Fill(page, name + "-day", date.Day.ToString());
        await Fill(page, name + "-month", date.Month.ToString());
        await Fill(page, name + "-year", date.Year.ToString());
    }

    [Fact]
    public async Task ReferralForm_WithErrorsThenCorrectly_CreatesTheIncident()
    {
        var page = await SignedInAsync("Robin Browser", "business-unit", "Robin Browser");
        await page.GotoAsync("/referrals/new");

        // Errors first: a name, a half-typed date, a bad email; the rest left blank.
        await Fill(page, "child.firstName", "<b>Browser</b>");
        await Fill(page, "child.dateOfBirth-day", "31");
        await Fill(page, "child.dateOfBirth-month", "2");
        await Fill(page, "child.dateOfBirth-year", "2018");
        await Fill(page, "involvedAgencies[0].contactEmail", "not-an-email");
        await page.GetByTestId("submit-referral").ClickAsync();

        var summary = page.Locator(".govuk-error-summary");
        await summary.WaitForAsync();
        var errors = await summary.Locator("li").AllInnerTextsAsync();
        Assert.Contains("The child's date of birth must be a real date", errors);
        Assert.Contains("Enter the child's last name", errors);
        // Of the form's email fields, the line names the one that is wrong (the first agency has no name yet).
        Assert.Contains("Enter the contact email address for agency 1 in the correct format, like name@example.org", errors);
        Assert.True(errors.Count > 15, string.Join(" | ", errors));
        Assert.StartsWith("Error:", await page.TitleAsync());
        Assert.Equal("<b>Browser</b>", await page.Locator("[name='child.firstName']").InputValueAsync()); // kept, as text
        await summary.GetByText("Enter the child's last name").ClickAsync();
        Assert.Equal("child.lastName", await page.EvaluateAsync<string>("document.activeElement.id"));
        await BrowserFixture.ScreenshotAsync(page, "referral-form-errors");

        // Then correctly.
        var today = await host.Client.TodayAsync();
        await Fill(page, "child.firstName", "Browserchild");
        await Fill(page, "child.lastName", "Fictional");
        await FillDate(page, "child.dateOfBirth", new DateOnly(2017, 5, 4));
        await Choose(page, "child.gender", "Male");
        await Fill(page, "child.ethnicity", "Not known");
        await Fill(page, "child.homeLocalAuthority", "Exampleton (fictional)");
        await Choose(page, "child.lookedAfter", "false");
        await Choose(page, "child.careLeaver", "false");
        await FillDate(page, "incident.dateOfIncident", today.AddDays(-2));
        await FillDate(page, "incident.dateLocalAuthorityAware", today.AddDays(-1));
        await Fill(page, "incident.whatHappened", "FICTIONAL. Browser test incident.");
        await Choose(page, "incident.outcome", "SeriousHarm");
        await Choose(page, "incident.abuseOrNeglect", "Suspected");
        await Choose(page, "incident.location", "InArea");
        await Fill(page, "involvedAgencies[0].name", "Exampleton Children's Social Care");
        await page.Locator("[name='involvedAgencies[0].agencyType']").SelectOptionAsync("ChildrensSocialCare");
        await Fill(page, "involvedAgencies[0].contactEmail", "csc@exampleton.example");
        // The police are one of the partnership's usual agencies: ticked, not typed.
        await page.GetByRole(AriaRole.Group, new() { Name = "The partnership's agencies" })
            .GetByLabel("Exampleshire Police Public Protection Unit (Police, ppu.scoping@police.example)").CheckAsync();
        await Fill(page, "referrer.name", "Robin Browser");
        await Fill(page, "referrer.role", "Social worker");
        await Fill(page, "referrer.agency", "Exampleton Council");
        await Fill(page, "referrer.email", "robin@council.example");
        await Fill(page, "signOff.name", "Jo Manager");
        await Fill(page, "signOff.role", "Service manager");
        await Fill(page, "signOff.email", "jo@council.example");
        await FillDate(page, "signOff.dateSignedOff", today.AddDays(-1));
        await Fill(page, "referrerRationale", "FICTIONAL. Two agencies involved.");
        await page.GetByLabel("Concerns about two or more agencies working together").CheckAsync();
        await page.GetByTestId("submit-referral").ClickAsync();

        await page.Locator(".govuk-panel--confirmation").WaitForAsync();
        var incidentId = await page.GetByTestId("incident-id").InnerTextAsync();
        await BrowserFixture.ScreenshotAsync(page, "referral-received");
        await page.GetByRole(AriaRole.Link, new() { Name = "View the incident" }).ClickAsync();
        await page.GetByTestId("incident-reference").WaitForAsync();
        Assert.Equal(incidentId, await page.GetByTestId("incident-reference").InnerTextAsync());
        Assert.Contains("National Panel notified", await page.GetByTestId("deadlines").InnerTextAsync());
        var agencies = (await host.Client.GetAsync(incidentId)).GetProperty("referral").GetProperty("involvedAgencies").EnumerateArray()
            .Select(a => a.GetProperty("contactEmail").GetString()).ToList();
        Assert.Equal(["csc@exampleton.example", "ppu.scoping@police.example"], agencies);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task IncidentAction_ThenMailbox_ThenApprovalLink_RecordsTheChairsDecision()
    {
        var id = await host.Client.SubmitAsync(JourneyClient.ReferralAwareOn(await host.Client.TodayAsync()));
        await host.Client.WaitForActionAsync(id, "pass-referral-qa");
        var page = await SignedInAsync("Sam Business", "business-unit", "Sam Business");

        // The business unit accepts the referral from the incident page (the API's available action, as a form).
        await page.GotoAsync("/incidents/" + id);
        var accept = page.Locator("[data-action='pass-referral-qa']");
        await accept.Locator("textarea[name='notes']").FillAsync("Complete and signed off.");
        await accept.GetByRole(AriaRole.Button).ClickAsync();
        await page.GetByTestId("notice").WaitForAsync();
        Assert.Equal("Recorded: Accept the referral (complete and signed off).", (await page.GetByTestId("notice").Locator("p").InnerTextAsync()).Trim());
        Assert.Equal(0, await page.Locator("[data-action='pass-referral-qa']").CountAsync()); // the page after the action shows its effect
        await BrowserFixture.ScreenshotAsync(page, "incident-after-action");

        // The chair's email in the development mailbox, and its link.
        await host.Client.WaitForMailAsync(m => m.Subject.Contains(id) && m.Subject.Contains("Decision needed"));
        await page.GotoAsync("/dev/mailbox");
        await BrowserFixture.ScreenshotAsync(page, "mailbox");
        await page.GetByRole(AriaRole.Link, new() { Name = $"[{id}] Decision needed: does this referral go to a Rapid Review?" }).ClickAsync();
        await page.GetByTestId("subject").WaitForAsync();
        Assert.DoesNotContain("Fictionalchild", await page.GetByTestId("body").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "mail-message");
        await page.GetByTestId("links").Locator("a[href^='/a/']").ClickAsync();

        await page.GetByTestId("step-title").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "approval-link");
        var linkPath = new Uri(page.Url).PathAndQuery;
        async Task DecideAsync()
        {
            await page.Locator("input[name='outcome'][value='RapidReview']").CheckAsync();
            await page.Locator("textarea[name='rationale']").FillAsync("Serious harm with abuse suspected: notifiable.");
            await page.GetByTestId("submit-link").ClickAsync();
        }

        // The business unit's officer is not the chair: the page says whose link it is, and sending it records nothing.
        Assert.Contains("You are signed in as Sam Business, not as Dr Chris Chair", await page.GetByTestId("link-proof").InnerTextAsync());
        await DecideAsync();
        await page.Locator(".govuk-error-summary").WaitForAsync();
        Assert.Contains("Nothing has been recorded", await page.Locator(".govuk-error-summary").InnerTextAsync());
        Assert.Contains((await host.Client.GetAsync(id, "chair")).GetProperty("availableActions").EnumerateArray(), a => a.GetProperty("name").GetString() == "triage-referral");

        // Signed in as the chair (the development sign-in's list of the partnership's people), the chair decides.
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Sign in as").SelectOptionAsync(new SelectOptionValue { Label = "Dr Chris Chair, Rapid Review panel chair (panel.chair@partnership.example)" });
        await page.Locator("input[name='role'][value='chair']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/");
        await page.GotoAsync(linkPath);
        await DecideAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Decision recorded" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "approval-recorded");

        await page.GoBackAsync();
        await page.ReloadAsync();
        Assert.Equal("This link has already been used", await page.Locator("h1").InnerTextAsync());
        // A Rapid Review: scoping starts at once, alongside the National Panel notification.
        Assert.Equal("Scoping", (await host.Client.WaitForStageAsync(id, "Scoping")).GetProperty("stage").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Dashboard_ShowsEachIncidentsNextDeadlineWithItsStatus_SortableByDueDate()
    {
        var today = await host.Client.TodayAsync();
        var overdue = await host.Client.SubmitAsync(JourneyClient.ReferralAwareOn(today.AddDays(-20)));
        var fresh = await host.Client.SubmitAsync(JourneyClient.ReferralAwareOn(today));
        await host.Client.WaitForActionAsync(overdue, "pass-referral-qa");
        await host.Client.WaitForActionAsync(fresh, "pass-referral-qa");
        var page = await SignedInAsync("Ali Reader", "read-only", "Ali Reader");

        // Both wait for quality assurance: the filter keeps them on the first page whatever else the host holds.
        await page.GotoAsync("/?sort=due&order=asc&stage=ReferralQa");
        var rows = page.GetByTestId("incident-row");
        var overdueRow = page.Locator($"[data-incident-id='{overdue}']");
        var freshRow = page.Locator($"[data-incident-id='{fresh}']");
        Assert.Equal("Red: overdue", await overdueRow.GetByTestId("rag").InnerTextAsync());
        Assert.Contains("National Panel notified", await freshRow.InnerTextAsync());
        var expectedDue = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(today, 5);
        Assert.Equal(Csp.Domain.DateWords.Prose(expectedDue), await freshRow.GetByTestId("due").InnerTextAsync());
        Assert.Equal("ascending", await page.Locator("th:has([data-testid='sort-due'])").GetAttributeAsync("aria-sort"));
        var ascending = await DueDatesAsync(page);
        Assert.Equal(ascending.Order().ToList(), ascending);
        await BrowserFixture.ScreenshotAsync(page, "dashboard-due-ascending");

        await page.GetByTestId("sort-due").ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("order=desc"));
        var descending = await DueDatesAsync(page);
        Assert.Equal(descending.OrderDescending().ToList(), descending);
        Assert.True(await rows.CountAsync() >= 2);
        await BrowserFixture.ScreenshotAsync(page, "dashboard-due-descending");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task IncidentPage_ReadTheReturn_ShowsTheAgencysAnswersAndDocuments()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(host.Client);
        await IncidentJourneys.ReturnAndAcceptAllAsync(host.Client, id, requests);
        await host.Client.WaitForAsync(id, "business-unit", v => v.GetProperty("scopingPacks").GetInt32() == 1, "the scoping pack");
        var page = await SignedInAsync("Sam Business", "business-unit", "Sam Business");

        await page.GotoAsync("/incidents/" + id);
        await page.GetByRole(AriaRole.Link, new() { Name = "Read the return from Exampleton Community Health NHS Trust" }).ClickAsync();
        await page.GetByTestId("return-agency").WaitForAsync();
        var answers = await page.GetByTestId("answers").InnerTextAsync();
        Assert.Contains("Your agency's involvement with the child and family", answers);
        Assert.Contains("Share injury information.", answers);
        Assert.Equal("health-scoping.pdf", await page.GetByTestId("documents").Locator("a").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "incident-scoping-return-opened");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("documents").Locator("a").ClickAsync());
        Assert.Equal("health-scoping.pdf", download.SuggestedFilename);

        await page.GotoAsync("/incidents/" + id);
        await page.GetByTestId("scoping-pack").ClickAsync();
        Assert.Equal(4, await page.GetByTestId("pack-agency").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, "scoping-pack");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task IncidentPage_RescheduleAfterTheDecisionDeadline_ShowsTheReasonAndKeepsTheInput()
    {
        var (id, _) = await IncidentJourneys.ToScopingAsync(host.Client);
        var today = await host.Client.TodayAsync();
        var calendar = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales;
        await host.Client.ActAsync(id, "schedule-rapid-review-meeting", "business-unit",
            new { startsAt = calendar.AddWorkingDays(today, 8).ToString("yyyy-MM-dd") + "T10:00", durationMinutes = 90, location = "Online" });
        await host.Client.WaitForActionAsync(id, "reschedule-rapid-review-meeting");
        var page = await SignedInAsync("Sam Business", "business-unit", "Sam Business");

        await page.GotoAsync("/incidents/" + id);
        var form = page.Locator("[data-action='reschedule-rapid-review-meeting']");
        var late = calendar.AddWorkingDays(today, 20);
        await form.Locator("[name='startsAt-day']").FillAsync(late.Day.ToString());
        await form.Locator("[name='startsAt-month']").FillAsync(late.Month.ToString());
        await form.Locator("[name='startsAt-year']").FillAsync(late.Year.ToString());
        await form.Locator("[name='startsAt-time']").FillAsync("10:00");
        await form.Locator("[name='durationMinutes']").FillAsync("90");
        await form.Locator("[name='location']").FillAsync("Council offices");
        await form.Locator("[name='reason']").FillAsync("The chair is away.");
        await form.GetByRole(AriaRole.Button).ClickAsync();

        var summary = page.Locator(".govuk-error-summary");
        await summary.WaitForAsync();
        var deadline = Csp.Domain.DateWords.Prose(calendar.AddWorkingDays(today, 15));
        Assert.Contains(deadline, await summary.InnerTextAsync());
        Assert.Equal(0, await page.GetByTestId("notice").CountAsync()); // no "Success"
        Assert.Equal("Council offices", await page.Locator("[data-action='reschedule-rapid-review-meeting'] [name='location']").InputValueAsync());
        Assert.StartsWith("Error:", await page.TitleAsync());
        await BrowserFixture.ScreenshotAsync(page, "refused-reschedule");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Dashboard_AfterEveryReturnIsAccepted_ShowsTheNextOpenDeadline()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(host.Client);
        await IncidentJourneys.ReturnAndAcceptAllAsync(host.Client, id, requests);
        await host.Client.WaitForAsync(id, "business-unit", v => v.GetProperty("scoping").EnumerateArray().All(a => a.GetProperty("status").GetString() == "Accepted"), "every return accepted");
        var page = await SignedInAsync("Sam Business", "business-unit", "Sam Business");

        await page.GotoAsync("/?stage=Scoping");
        var row = page.Locator($"[data-incident-id='{id}']");
        var text = await row.InnerTextAsync();
        Assert.DoesNotContain("Scoping returns from agencies", text);
        Assert.Contains("Rapid Review decided and sent to the National Panel", text);
        Assert.NotEqual("Red: overdue", await row.GetByTestId("rag").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "dashboard-after-every-return-accepted");

        await page.GotoAsync("/incidents/" + id);
        var returns = page.GetByTestId("deadlines").Locator("[data-kind='ScopingReturns']");
        Assert.Contains("Met", await returns.InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AgencyScopingPage_ShowsWhatTheAgencyNeedsToAct()
    {
        var (_, requests) = await IncidentJourneys.ToScopingAsync(host.Client);
        var link = requests.Single(r => r.To.Contains("health")).LinkStartingWith("/s/")!;
        var page = await browser.NewPageAsync(host.Host.BaseAddress);

        await page.GotoAsync(new Uri(link).PathAndQuery);
        var summary = await page.GetByTestId("link-summary").InnerTextAsync();
        Assert.Contains("Return it by", summary);
        Assert.Contains("Questions about this request", summary);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("blank-template").ClickAsync());
        Assert.EndsWith(".docx", download.SuggestedFilename);
        await BrowserFixture.ScreenshotAsync(page, "agency-scoping-page");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task IncidentPage_SubmissionTask_ShowsTheDocumentAndWhereToSendIt_AndRecordsItSent()
    {
        var id = await IncidentJourneys.ToApprovedDecisionAsync(host.Client);
        var pdf = new ByteArrayContent(Csp.Web.Tests.EndToEnd.CsprJourneyTests.Pdf("rapid review report " + id));
        pdf.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        Assert.Equal(System.Net.HttpStatusCode.Created,
            (await host.Client.SendAsync(HttpMethod.Post, $"/api/incidents/{id}/reports/RapidReviewReport?fileName=rapid-review-report.pdf", content: pdf)).StatusCode);
        var page = await SignedInAsync("Sam Business", "business-unit", "Sam Business");

        await page.GotoAsync("/incidents/" + id);
        var task = page.Locator("[data-testid='submission'][data-kind='RapidReviewReport']");
        Assert.Equal("To do", await task.GetByTestId("submission-state").InnerTextAsync());
        var text = await task.InnerTextAsync();
        Assert.Contains("The Panel's online system", text);
        Assert.Contains("https://www.gov.uk/guidance/report-a-serious-child-safeguarding-incident", text);
        Assert.Contains("15 working days after the National Panel was notified", text);
        // Version 2 was approved; version 3 came after: what to send is still the approved version, and the form starts from it.
        Assert.Equal("Download version 2: rapid-review-completed.pdf", await task.GetByTestId("submission-document").InnerTextAsync());
        Assert.True(await task.Locator("input[name='reportVersion'][value='2']").IsCheckedAsync());
        Assert.Contains("Version 2 is the approved version: only the approved version can be recorded as sent.", await task.InnerTextAsync());
        // The notification's task is done, with its reference.
        Assert.Contains("NP-" + id, await page.Locator("[data-testid='submission'][data-kind='NationalPanelNotification']").InnerTextAsync());
        await task.ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, "incident-submission-task");

        var download = await page.RunAndWaitForDownloadAsync(() => task.GetByTestId("submission-document").ClickAsync());
        Assert.Equal("rapid-review-completed.pdf", download.SuggestedFilename);

        var today = await host.Client.TodayAsync();
        var form = task.Locator("[data-action='record-rapid-review-report-submitted']");
        await form.Locator("[name='sentOn-day']").FillAsync(today.Day.ToString());
        await form.Locator("[name='sentOn-month']").FillAsync(today.Month.ToString());
        await form.Locator("[name='sentOn-year']").FillAsync(today.Year.ToString());
        await form.Locator("[name='panelReference']").FillAsync("NP-RR-" + id);
        // The newer version, not approved, cannot be recorded as sent: the page says which one can, and records nothing.
        await form.Locator("input[name='reportVersion'][value='3']").CheckAsync();
        await form.GetByRole(AriaRole.Button).ClickAsync();
        Assert.Contains("Select version 2, the approved version", await page.Locator(".govuk-error-summary").InnerTextAsync());
        Assert.Equal("To do", await page.Locator("[data-testid='submission'][data-kind='RapidReviewReport']").GetByTestId("submission-state").InnerTextAsync());
        await ActionResultBrowserTests.WalkShotAsync(page, "point3-unapproved-version-refused");
        form = page.Locator("[data-testid='submission'][data-kind='RapidReviewReport'] [data-action='record-rapid-review-report-submitted']");
        Assert.Equal("NP-RR-" + id, await form.Locator("[name='panelReference']").InputValueAsync());
        await form.Locator("input[name='reportVersion'][value='2']").CheckAsync();
        await form.GetByRole(AriaRole.Button).ClickAsync();

        await page.GetByTestId("notice").WaitForAsync();
        await host.Client.WaitForAsync(id, "business-unit", v => JourneyClient.Deadline(v, "RapidReviewDecision") == "Met", "the report recorded");
        await page.GotoAsync("/incidents/" + id);
        var sent = page.Locator("[data-testid='submission'][data-kind='RapidReviewReport']");
        Assert.Equal("Sent", await sent.GetByTestId("submission-state").InnerTextAsync());
        var recorded = await sent.InnerTextAsync();
        Assert.Contains("Panel reference NP-RR-" + id + ", version 2 (rapid-review-completed.pdf)", recorded);
        Assert.Contains("Met on", await sent.GetByTestId("submission-due").InnerTextAsync());
        Assert.Contains("Met", await page.GetByTestId("deadlines").Locator("[data-kind='RapidReviewDecision']").InnerTextAsync());
        await sent.ScrollIntoViewIfNeededAsync();
        await ActionResultBrowserTests.WalkShotAsync(page, "point3-approved-version-recorded-sent");
        await page.Context.CloseAsync();
    }

    private static async Task<List<DateOnly>> DueDatesAsync(IPage page) =>
        (await page.GetByTestId("due").AllInnerTextsAsync())
            .Where(t => t.Length > 0)
            .Select(t => DateOnly.ParseExact(t.Trim(), "dddd d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB")))
            .ToList();
}
