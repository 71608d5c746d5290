using System.Net;
using Csp.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Csp.Web.Tests.Partnership;

/// <summary>
/// The Partnership page on a host of its own (its changes would move other tests' people): the
/// business manager changes a panel member's deputy in Chromium and the next meeting invitation goes
/// to the new deputy; invalid edits are refused field by field and change nothing; a role left empty
/// makes the incident wait for it instead of emailing nobody.
/// </summary>
[Collection(PartnershipCollection.Name)]
public sealed class PartnershipPageTests(PartnershipHostFixture host, BrowserFixture browser) : IAsyncLifetime
{
    private static readonly KeyValuePair<string, string>[] BusinessManager = [new("X-Csp-Dev-User", "Bea Manager;business-unit")];
    private static readonly KeyValuePair<string, string>[] Reader = [new("X-Csp-Dev-User", "Ali Reader;read-only")];
    private const string NewDeputy = "morgan.newdeputy@police.example";
    private const string OldDeputy = "police.deputy@partnership.example";

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.Accessibility.AssertNoViolationsAsync();

    /// <summary>A screenshot of one part of a page, beside the test output and in <c>CSP_SHOTS</c> when set.</summary>
    private static async Task ShotAsync(ILocator part, string name)
    {
        await part.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png") });
        if (Environment.GetEnvironmentVariable("CSP_SHOTS") is { Length: > 0 } folder)
            await part.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(folder, name + ".png") });
    }

    /// <summary>Screenshots for the record, beside the test output and in <c>CSP_SHOTS</c> when set.</summary>
    private static async Task ShotAsync(IPage page, string name)
    {
        await BrowserFixture.ScreenshotAsync(page, name);
        if (Environment.GetEnvironmentVariable("CSP_SHOTS") is { Length: > 0 } folder)
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    [Fact]
    public async Task BusinessManager_ChangesAPanelDeputy_NextInvitationGoesToTheNewDeputy_HistoryShowsIt()
    {
        await host.Lock.WaitAsync();
        try
        {
            var page = await browser.NewPageAsync(host.Host.BaseAddress, javaScript: false, headers: BusinessManager);
            await page.GotoAsync("/partnership");
            Assert.Equal("Partnership", await page.Locator("h1").InnerTextAsync());
            Assert.Equal(OldDeputy, await page.Locator("#panelMembers\\[2\\]\\.deputy\\.email").InputValueAsync());

            await page.FillAsync("#panelMembers\\[2\\]\\.deputy\\.name", "Morgan Newdeputy");
            await page.FillAsync("#panelMembers\\[2\\]\\.deputy\\.email", NewDeputy);
            await page.GetByTestId("save-partnership").ClickAsync();

            Assert.Contains("The partnership was saved", await page.GetByTestId("partnership-notice").InnerTextAsync());
            var history = await page.GetByTestId("partnership-history").InnerTextAsync();
            Assert.Contains($"Panel member 3's deputy (Police): Deputy: Detective chief inspector, public protection <{OldDeputy}> → Morgan Newdeputy <{NewDeputy}>", history);
            Assert.Contains("Bea Manager", history);
            await ShotAsync(page, "partnership-page-saved");
            await ShotAsync(page.GetByTestId("partnership-history"), "partnership-history");

            // The read-only role sees the people and the history, and no form.
            var reader = await browser.NewPageAsync(host.Host.BaseAddress, javaScript: false, headers: Reader);
            await reader.GotoAsync("/partnership");
            Assert.Contains($"Morgan Newdeputy ({NewDeputy})", await reader.GetByTestId("partnership-summary").InnerTextAsync());
            Assert.Equal(0, await reader.GetByTestId("save-partnership").CountAsync());
            Assert.Contains("Morgan Newdeputy", await reader.GetByTestId("partnership-history").InnerTextAsync());
            await ShotAsync(reader, "partnership-page-read-only");
            await reader.Context.CloseAsync();
            await page.Context.CloseAsync();

            // The next meeting invitation goes to the deputy the directory has now.
            var client = host.Client;
            var (id, _) = await IncidentJourneys.ToScopingAsync(client);
            var today = await client.TodayAsync();
            var meetingDay = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(today, 3);
            await client.ActAsync(id, "schedule-rapid-review-meeting", "business-unit", new { startsAt = meetingDay.ToString("yyyy-MM-dd") + "T10:00", durationMinutes = 90, location = "Online" });
            var invitations = await client.WaitForMailAsync(m => m.Subject == $"Invitation: Rapid Review meeting: {id}" && m.To.Contains(NewDeputy, StringComparison.OrdinalIgnoreCase));
            Assert.Single(invitations);
            Assert.DoesNotContain(await client.MailboxAsync(id), m => m.To.Contains(OldDeputy, StringComparison.OrdinalIgnoreCase) && m.Subject.StartsWith("Invitation:", StringComparison.Ordinal));
        }
        finally
        {
            host.Lock.Release();
        }
    }

    [Fact]
    public async Task InvalidEdits_BadAddressEmptyNameDuplicate_FieldErrorsAndNothingChanges()
    {
        await host.Lock.WaitAsync();
        try
        {
            var http = host.Host.Client(cookies: true);
            var before = await GetAsync(http);
            var historyBefore = Count(before, "<tr class=\"govuk-table__row\">");

            var form = TestData.FormFields(before)
                .Where(f => f.Name != "intent")
                .Select(f => f.Name switch
                {
                    "panelChair.email" => (f.Name, "not an address"),
                    "subgroupChair.name" => (f.Name, ""),
                    "panelMembers[1].deputy.email" => (f.Name, "social.care.panel@partnership.example"),
                    _ => f,
                })
                .Append(("intent", "save"))
                .ToArray();
            var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/partnership") { Content = TestData.Form(before, form) }.AsDevUser("Bea Manager", "business-unit"));
            var html = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("There is a problem", html);
            Assert.Contains("id=\"panelChair.email-error\"", html);
            Assert.Contains("Enter the panel chair&#x27;s email address in the correct format", html);
            Assert.Contains("id=\"subgroupChair.name-error\"", html);
            Assert.Contains("Enter the subgroup chair&#x27;s name", html);
            Assert.Contains("id=\"panelMembers[1].deputy.email-error\"", html);
            Assert.Contains("social.care.panel@partnership.example is already listed as panel member 1", html);
            Assert.Contains("href=\"#panelChair.email\"", html);

            var after = await GetAsync(http);
            Assert.Equal(historyBefore, Count(after, "<tr class=\"govuk-table__row\">"));
            Assert.Contains("value=\"panel.chair@partnership.example\"", after);

            // Another role may read but not save.
            var chair = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/partnership") { Content = TestData.Form(before, TestData.FormFields(before).ToArray()) }.AsDevUser("Dr Chris Chair", "chair"));
            Assert.Equal(HttpStatusCode.Forbidden, chair.StatusCode);
        }
        finally
        {
            host.Lock.Release();
        }
    }

    [Fact]
    public async Task RoleLeftEmpty_IncidentWaitsForIt_NoEmailToNobody()
    {
        await host.Lock.WaitAsync();
        try
        {
            var http = host.Host.Client(cookies: true);
            var before = await GetAsync(http);
            var chairBefore = TestData.FormFields(before).First(f => f.Name == "panelChair.email").Value;
            var cleared = TestData.FormFields(before).Where(f => f.Name != "intent")
                .Select(f => f.Name is "panelChair.name" or "panelChair.email" ? (f.Name, "") : f).Append(("intent", "save")).ToArray();
            var saved = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/partnership") { Content = TestData.Form(before, cleared) }.AsDevUser("Bea Manager", "business-unit"));
            Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
            var page = await GetAsync(http);
            Assert.Contains("Set up your partnership", page);
            Assert.Contains("the panel chair", page);

            var client = host.Client;
            var id = await client.SubmitAsync(JourneyClient.ReferralAwareOn(await client.TodayAsync()));
            await client.ActAsync(id, "pass-referral-qa", "business-unit", new { notes = "Complete." });
            var view = await client.WaitForAsync(id, "business-unit",
                v => v.GetProperty("timeline").EnumerateArray().Any(t => t.GetProperty("what").GetString()!.StartsWith("Waiting for the panel chair", StringComparison.Ordinal)),
                "the triage step waiting for the panel chair");
            Assert.Contains(view.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("what").GetString()!.Contains("waits for them", StringComparison.Ordinal));
            Assert.DoesNotContain(await client.MailboxAsync(id), m => m.To.Trim().Length == 0 || m.To.Contains(chairBefore, StringComparison.OrdinalIgnoreCase));

            // The service still answers, and the page shows the incident.
            var incident = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/incidents/" + id).AsDevUser("Bea Manager", "business-unit"));
            Assert.Equal(HttpStatusCode.OK, incident.StatusCode);
            Assert.Contains("Waiting for the panel chair", await incident.Content.ReadAsStringAsync());

            Assert.Contains("data-testid=\"waiting-for-role\"", await (await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/incidents/" + id).AsDevUser("Bea Manager", "business-unit"))).Content.ReadAsStringAsync());

            // Put the chair back for the other tests.
            var restore = await GetAsync(http);
            var back = TestData.FormFields(restore).Where(f => f.Name != "intent")
                .Select(f => f.Name == "panelChair.name" ? (f.Name, "Dr Chris Chair") : f.Name == "panelChair.email" ? (f.Name, chairBefore) : f).Append(("intent", "save")).ToArray();
            var restored = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/partnership") { Content = TestData.Form(restore, back) }.AsDevUser("Bea Manager", "business-unit"));
            Assert.Equal(HttpStatusCode.SeeOther, restored.StatusCode);

            // Once someone holds the role, the business unit assigns the waiting step to them: they get a link that works.
            var incidentPage = await (await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/incidents/" + id).AsDevUser("Bea Manager", "business-unit"))).Content.ReadAsStringAsync();
            var assigned = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/incidents/{id}/reassign")
            {
                Content = TestData.Form(incidentPage, ("stepId", WaitingForRoleStep(incidentPage)), ("from", ""),
                    ("toName", "Dr Chris Chair"), ("toEmail", chairBefore), ("reason", "The panel chair is now entered.")),
            }.AsDevUser("Bea Manager", "business-unit"));
            Assert.Equal(HttpStatusCode.SeeOther, assigned.StatusCode);
            var link = (await client.WaitForMailAsync(m => m.To.Contains(chairBefore, StringComparison.Ordinal) && m.Subject.Contains("Reassigned to you", StringComparison.Ordinal))).Single();
            var chairPage = await client.OpenLinkAsRecipientAsync(link, "/a/");
            Assert.Equal(HttpStatusCode.OK, chairPage.Status);
            var after = await client.GetAsync(id);
            Assert.Contains(after.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("what").GetString()!.StartsWith("Assigned \"", StringComparison.Ordinal)
                && t.GetProperty("who").GetString() == "Bea Manager");
        }
        finally
        {
            host.Lock.Release();
        }
    }

    [Fact]
    public async Task ChairsPendingApproval_ReassignedToADeputy_OldLinkSaysMovedAndActsOnNothing_DeputysLinkWorks_TimelineNamesBoth()
    {
        await host.Lock.WaitAsync();
        try
        {
            var client = host.Client;
            var (id, approval) = await IncidentJourneys.ToDecisionApprovalAsync(client);
            Assert.Contains("panel.chair@partnership.example", approval.To);
            const string Deputy = "robin.deputychair@partnership.example";

            var page = await browser.NewPageAsync(host.Host.BaseAddress, javaScript: false, headers: BusinessManager);
            await page.GotoAsync("/incidents/" + id);
            var step = page.GetByTestId("reassignable-step").Filter(new() { HasText = "panel.chair@partnership.example" }).First;
            await step.Locator("summary").ClickAsync();
            await step.Locator("input[name=toName]").FillAsync("Robin Deputychair");
            await step.Locator("input[name=toEmail]").FillAsync(Deputy);
            await step.Locator("textarea[name=reason]").FillAsync("The panel chair is on leave until 4 January.");
            await ShotAsync(step, "reassign-form");
            await step.GetByTestId("reassign-step").ClickAsync();
            Assert.Contains("The step was reassigned", await page.Locator(".govuk-notification-banner").InnerTextAsync());
            await ShotAsync(page, "reassign-done-incident-page");

            // The chair's link now says the step moved, and posting to it records nothing.
            var old = await browser.NewPageAsync(host.Host.BaseAddress, javaScript: false);
            var oldUrl = approval.LinkStartingWith("/a/")!;
            var oldResponse = await old.GotoAsync(new Uri(oldUrl).PathAndQuery);
            Assert.Equal(410, oldResponse!.Status);
            Assert.Equal("This step has moved", await old.Locator("h1").InnerTextAsync());
            await ShotAsync(old, "reassign-old-link-moved");
            await old.Context.CloseAsync();
            // The chair, signed in as themselves, posts an approval to their old link: refused, the page says why.
            var chair = host.Host.Client(cookies: true);
            chair.DefaultRequestHeaders.Add("X-Csp-Dev-User", "Dr Chris Chair;chair;panel.chair@partnership.example");
            var path = new Uri(oldUrl).PathAndQuery;
            Assert.Equal(HttpStatusCode.Gone, (await chair.GetAsync(path)).StatusCode);
            // The moved page has no form; a form token of the same browser and person, from their dashboard.
            var chairPage = await (await chair.GetAsync("/")).Content.ReadAsStringAsync();
            var refused = await chair.PostAsync(path, TestData.Form(chairPage, ("approval", "Approve"), ("comments", "Too late.")));
            Assert.Equal(HttpStatusCode.Gone, refused.StatusCode);
            Assert.Contains("This step has moved", await refused.Content.ReadAsStringAsync());

            // The deputy got a link of their own, and it works.
            var mail = (await client.WaitForMailAsync(m => m.To.Contains(Deputy, StringComparison.Ordinal) && m.Subject.Contains("Reassigned to you", StringComparison.Ordinal))).Single();
            var deputyPage = await client.OpenLinkAsRecipientAsync(mail, "/a/");
            var (status, html) = await JourneyClient.SubmitLinkAsync(deputyPage, [("approval", "Approve"), ("comments", "Agreed, for the chair.")]);
            Assert.True(status == HttpStatusCode.OK, html);
            await client.WaitForActionAsync(id, "record-rapid-review-report-submitted");

            var view = await client.GetAsync(id);
            var timeline = view.GetProperty("timeline").EnumerateArray().ToList();
            var moved = timeline.Single(t => t.GetProperty("what").GetString()!.StartsWith("Reassigned", StringComparison.Ordinal));
            Assert.Equal("Bea Manager", moved.GetProperty("who").GetString());
            Assert.Contains("panel.chair@partnership.example", moved.GetProperty("what").GetString());
            Assert.Contains(Deputy, moved.GetProperty("what").GetString());
            Assert.Equal("The panel chair is on leave until 4 January.", moved.GetProperty("why").GetString());
            Assert.Contains(timeline, t => t.GetProperty("what").GetString()!.Contains("approv", StringComparison.OrdinalIgnoreCase) && t.GetProperty("who").GetString()!.Contains("Robin", StringComparison.Ordinal));
            Assert.DoesNotContain(timeline, t => t.GetProperty("who").GetString()!.Contains("Chris Chair", StringComparison.Ordinal));

            await page.GotoAsync("/incidents/" + id);
            await ShotAsync(page.Locator("li").Filter(new() { HasText = "Reassigned \"" }).Last, "reassign-timeline-entry");
            await ShotAsync(page, "reassign-timeline");
            await page.Context.CloseAsync();
        }
        finally
        {
            host.Lock.Release();
        }
    }

    private static async Task<string> GetAsync(HttpClient http)
    {
        var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/partnership").AsDevUser("Bea Manager", "business-unit"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The step id of the (first) step on the incident page that waits for a role nobody holds.</summary>
    private static string WaitingForRoleStep(string html)
    {
        var before = html[..html.IndexOf("data-testid=\"waiting-for-role\"", StringComparison.Ordinal)];
        var at = before.LastIndexOf("data-step=\"", StringComparison.Ordinal) + "data-step=\"".Length;
        return System.Net.WebUtility.HtmlDecode(before[at..before.IndexOf('"', at)]);
    }

    private static int Count(string html, string what)
    {
        var n = 0;
        for (var i = html.IndexOf(what, StringComparison.Ordinal); i >= 0; i = html.IndexOf(what, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }
}

/// <summary>A local host of the Partnership tests' own; they take turns on it, since each changes its people.</summary>
public sealed class PartnershipHostFixture : IAsyncLifetime
{
    private readonly LocalHostFixture _inner = new();

    public WebHostHarness Host => _inner.Host;

    public JourneyClient Client => _inner.Client;

    public SemaphoreSlim Lock { get; } = new(1, 1);

    public Task InitializeAsync() => _inner.InitializeAsync();

    public Task DisposeAsync() => _inner.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PartnershipCollection : ICollectionFixture<PartnershipHostFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Partnership page in a browser";
}
