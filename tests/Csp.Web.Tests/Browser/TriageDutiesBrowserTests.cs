using Csp.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Csp.Web.Tests.Browser;

/// <summary>
/// The chair deciding at triage, in the browser from the emailed link: a looked-after child's death with
/// no abuse suspected can close with no further review, but the page says the child was looked after and
/// the Secretary of State and Ofsted are told whatever the chair decides; a notifiable incident cannot be
/// set aside at triage, and the page says why and records nothing.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TriageDutiesBrowserTests(LocalHostFixture host, BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every page this test loaded had no WCAG 2.2 A/AA violation (axe-core).</summary>
    public Task DisposeAsync() => browser.Accessibility.AssertNoViolationsAsync();

    private async Task<IPage> ChairAsync()
    {
        var page = await browser.NewPageAsync(host.Host.BaseAddress);
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Sign in as").SelectOptionAsync(new SelectOptionValue { Label = "Dr Chris Chair, Rapid Review panel chair (panel.chair@partnership.example)" });
        await page.Locator("input[name='role'][value='chair']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/");
        return page;
    }

    private async Task<(string Id, string Link)> TriageLinkAsync(System.Text.Json.Nodes.JsonObject referral)
    {
        var id = await host.Client.SubmitAsync(referral);
        await host.Client.ActAsync(id, "pass-referral-qa", "business-unit", new { notes = "Complete." });
        var request = (await host.Client.WaitForMailAsync(m => m.Subject == $"[{id}] Decision needed: does this referral go to a Rapid Review?", incidentId: id))[0];
        return (id, new Uri(request.LinkStartingWith("/a/")!).PathAndQuery);
    }

    [Fact]
    public async Task LookedAfterChildsDeath_ChairSeesItOnTheLink_ClosesWithNoFurtherReview_SecretaryOfStateAndOfstedAreStillTold()
    {
        var referral = JourneyClient.ReferralAwareOn(await host.Client.TodayAsync());
        referral["child"]!["lookedAfter"] = true;
        referral["incident"]!["outcome"] = "Death";
        referral["incident"]!["abuseOrNeglect"] = "No";
        var (id, link) = await TriageLinkAsync(referral);

        var page = await ChairAsync();
        await page.GotoAsync(link);
        var summary = await page.GetByTestId("link-summary").InnerTextAsync();
        Assert.Contains("Looked after", summary);
        Assert.Contains("whatever you decide", summary);
        await ActionResultBrowserTests.WalkShotAsync(page, "29.1-chair-link-looked-after-child");

        await page.Locator("input[name='outcome'][value='NoFurtherReview']").CheckAsync();
        await page.Locator("textarea[name='rationale']").FillAsync("A death from natural causes; no abuse or neglect suspected.");
        await page.GetByTestId("submit-link").ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Decision recorded" }).WaitForAsync();

        await host.Client.WaitForMailAsync(m => m.Subject == $"[{id}] Notification of a death" && m.To.Contains("secretary.of.state@"), incidentId: id);
        await host.Client.WaitForMailAsync(m => m.Subject == $"[{id}] Notification of a death" && m.To.Contains("ofsted"), incidentId: id);
        await page.GotoAsync("/incidents/" + id);
        Assert.Contains("Secretary of State and Ofsted notified.", await page.GetByTestId("timeline").InnerTextAsync());
        await ActionResultBrowserTests.WalkShotAsync(page, "29.1-closed-with-secretary-of-state-and-ofsted-told");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task NotifiableIncident_ChairChoosesNoFurtherReview_ThePageSaysWhyAndRecordsNothing()
    {
        var (id, link) = await TriageLinkAsync(JourneyClient.ReferralAwareOn(await host.Client.TodayAsync()));

        var page = await ChairAsync();
        await page.GotoAsync(link);
        Assert.Contains("cannot be set aside at triage", await page.Locator("main").InnerTextAsync());
        await page.Locator("input[name='outcome'][value='NoFurtherReview']").CheckAsync();
        await page.Locator("textarea[name='rationale']").FillAsync("No learning for the partnership.");
        await page.GetByTestId("submit-link").ClickAsync();
        var problem = await page.Locator(".govuk-error-summary").InnerTextAsync();
        await ActionResultBrowserTests.WalkShotAsync(page, "29.2-notifiable-no-further-review-refused");
        Assert.True(problem.Contains("A notifiable incident", StringComparison.Ordinal) && problem.Contains("National Panel", StringComparison.Ordinal), problem);

        var view = await host.Client.GetAsync(id);
        Assert.Equal("ReferralQa", view.GetProperty("stage").GetString());
        Assert.Contains(view.GetProperty("deadlines").EnumerateArray(), d => d.GetProperty("kind").GetString() == "NationalPanelNotification");
        await page.Context.CloseAsync();
    }
}
