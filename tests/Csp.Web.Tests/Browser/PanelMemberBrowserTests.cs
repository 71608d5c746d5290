using System.Net;
using Csp.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Csp.Web.Tests.Browser;

/// <summary>
/// Panel members and their deputies sign in with the read-only role: they are told to read the
/// scoping pack on the secure site, so the incident page links it and the pack and its Word
/// document open for them, while the agencies' own documents stay with the roles that run the case.
/// Screenshots: panel-member-incident-page, panel-member-scoping-pack.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PanelMemberBrowserTests(LocalHostFixture host, BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every page this test loaded had no WCAG 2.2 A/AA violation (axe-core).</summary>
    public Task DisposeAsync() => browser.Accessibility.AssertNoViolationsAsync();

    [Fact]
    public async Task ScopingPack_PanelMemberSignedInReadOnly_OpensThePackFromTheIncidentPageAndDownloadsItsWordDocument()
    {
        var client = host.Client;
        var (id, requests) = await IncidentJourneys.ToScopingAsync(client);
        await IncidentJourneys.ReturnAndAcceptAllAsync(client, id, requests);
        await client.WaitForAsync(id, "business-unit", v => v.GetProperty("scopingPacks").GetInt32() == 1, "the scoping pack");

        var page = await browser.NewPageAsync(host.Host.BaseAddress);
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Sign in as").SelectOptionAsync(new SelectOptionValue { Label = "Designated nurse, Panel member (health.panel@partnership.example)" });
        await page.Locator("input[name='role'][value='read-only']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/");

        await page.GotoAsync("/incidents/" + id);
        await ActionResultBrowserTests.WalkShotAsync(page, "panel-member-incident-page");
        await page.GetByRole(AriaRole.Link, new() { Name = "Read the scoping pack as circulated to the panel" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == $"/incidents/{id}/scoping-pack");
        Assert.Equal("Scoping pack, version 1", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        Assert.Equal(requests.Count, await page.GetByTestId("pack-agency").CountAsync());

        // The Word document comes down as the same pack.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("pack-download").ClickAsync());
        Assert.Equal($"{id}-scoping-pack-v1.docx", download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".docx");
        await download.SaveAsAsync(saved);
        var word = Csp.Testing.WordDocumentReader.Open(await File.ReadAllBytesAsync(saved));
        File.Delete(saved);
        Assert.Contains(id, word.Text);

        // The documents agencies sent are named, not linked, and do not open for this role.
        var documents = page.GetByTestId("documents");
        Assert.Contains("health-scoping.pdf", string.Join(" ", await documents.AllInnerTextsAsync()));
        Assert.Equal(0, await documents.Locator("a").CountAsync());
        await page.GetByTestId("pack-documents-note").WaitForAsync();
        await ActionResultBrowserTests.WalkShotAsync(page, "panel-member-scoping-pack");
        await page.Context.CloseAsync();

        // The pack answers the read-only role on the API too; an agency's own document still does not.
        var pack = await (await client.SendAsync(HttpMethod.Get, $"/api/incidents/{id}/scoping-pack", "read-only")).ReadJsonAsync();
        var agencyDocument = pack.GetProperty("agencies").EnumerateArray().SelectMany(a => a.GetProperty("documents").EnumerateArray()).First().GetProperty("path").GetString()!;
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(HttpMethod.Get, $"/api/incidents/{id}/documents/{agencyDocument}", "read-only")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, $"/api/incidents/{id}/documents/{agencyDocument}", "business-unit")).StatusCode);
    }

    [Fact]
    public async Task MeetingInvitation_PanelMemberSignedInReadOnly_RepliesAndThePageSaysTheReplyWasRecorded()
    {
        var client = host.Client;
        var (id, requests) = await IncidentJourneys.ToScopingAsync(client);
        await IncidentJourneys.ReturnAndAcceptAllAsync(client, id, requests);
        var meetingDay = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(await client.TodayAsync(), 2);
        await client.ActAsync(id, "schedule-rapid-review-meeting", "business-unit", new { startsAt = meetingDay.ToString("yyyy-MM-dd") + "T10:00", durationMinutes = 120, location = "Online" });
        var invitation = (await client.WaitForMailAsync(m => m.Subject == $"[{id}] Please reply to the Rapid Review invitation" && m.To.Contains("health.panel@"))).Single();

        var page = await browser.NewPageAsync(host.Host.BaseAddress);
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Sign in as").SelectOptionAsync(new SelectOptionValue { Label = "Designated nurse, Panel member (health.panel@partnership.example)" });
        await page.Locator("input[name='role'][value='read-only']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/");

        await page.GotoAsync(new Uri(invitation.LinkStartingWith("/a/")!).PathAndQuery);
        Assert.Contains(", 10am to 12pm", await page.GetByTestId("link-summary").InnerTextAsync());
        await page.GetByTestId("proof-ok").WaitForAsync();
        await page.GetByLabel("Accepted").CheckAsync();
        await page.GetByTestId("submit-link").ClickAsync();
        Assert.Equal("Reply recorded", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        await ActionResultBrowserTests.WalkShotAsync(page, "panel-member-reply-recorded");
        await page.Context.CloseAsync();

        var view = await client.WaitForAsync(id, "business-unit",
            v => v.GetProperty("meeting").GetProperty("invitees").EnumerateArray().Any(i => i.GetProperty("name").GetString() == "Designated nurse" && i.GetProperty("response").GetString() == "Accepted"), "the reply");
        Assert.Contains(view.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("who").GetString() == "Designated nurse, signed in");
    }
}
