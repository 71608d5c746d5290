using Csp.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Csp.Web.Tests.Browser;

/// <summary>
/// A referral returned by quality assurance, corrected and resubmitted, passed and closed at triage with no
/// further review, walked in the browser: each page that follows an action shows the state that action
/// produced (what to do next, not "nothing for you to do" or the step just done), the resubmit form
/// repeats what quality assurance asked for over the referral as it was, and a case closed without a
/// review offers no report to upload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReferralRoundTripBrowserTests(LocalHostFixture host, BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every page this test loaded had no WCAG 2.2 A/AA violation (axe-core).</summary>
    public Task DisposeAsync() => browser.Accessibility.AssertNoViolationsAsync();

    private static async Task SignInAsync(IPage page, string name, string role)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Your name").FillAsync(name);
        await page.Locator($"input[name='role'][value='{role}']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/");
    }

    private static ILocator Action(IPage page, string name) => page.Locator($"[data-testid='action'][data-action='{name}']");

    /// <summary>The page that follows an action, once its banner shows: it says the action was recorded, not that it is still being recorded.</summary>
    private static async Task AfterActionAsync(IPage page)
    {
        await page.GetByTestId("notice").WaitForAsync();
        Assert.DoesNotContain("still recording", await page.GetByTestId("notice").InnerTextAsync());
    }

    [Fact]
    public async Task ReturnedResubmittedAndClosedAtTriage_EachPageAfterAnActionShowsWhatComesNext()
    {
        var today = await host.Client.TodayAsync();
        // Not notifiable (no abuse or neglect suspected): quality assurance is all that is open, and the chair may close it.
        var referral = JourneyClient.ReferralAwareOn(today.AddDays(-1));
        referral["incident"]!["abuseOrNeglect"] = "No";
        var id = await host.Client.SubmitAsync(referral);
        await host.Client.WaitForActionAsync(id, "return-referral");

        var page = await browser.NewPageAsync(host.Host.BaseAddress);
        await SignInAsync(page, "Sam Business", "business-unit");
        await page.GotoAsync("/incidents/" + id);

        // Returned for missing information: the page that follows offers the correction, not "nothing to do".
        const string asked = "Add the senior manager's sign-off role and the school's contact details.";
        var returnForm = Action(page, "return-referral");
        await returnForm.Locator("[name='missingItems']").FillAsync(asked);
        await returnForm.GetByRole(AriaRole.Button).ClickAsync();
        await AfterActionAsync(page);
        Assert.Equal(0, await page.GetByTestId("no-actions").CountAsync());
        Assert.Equal(1, await Action(page, "resubmit-referral").CountAsync());
        Assert.Equal(0, await Action(page, "return-referral").CountAsync());
        await ActionResultBrowserTests.WalkShotAsync(page, "point14-after-returning-the-referral");

        // The resubmit form repeats what quality assurance asked for, over the referral as it was sent.
        await Action(page, "resubmit-referral").GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == $"/incidents/{id}/resubmit");
        Assert.Equal("Correct and resubmit the referral", await page.Locator("h1").InnerTextAsync());
        Assert.Contains(asked, await page.Locator("main").InnerTextAsync());
        Assert.Equal("Sample", await page.Locator("[name='child.firstName']").InputValueAsync());
        Assert.Equal("Fictionalchild", await page.Locator("[name='child.lastName']").InputValueAsync());
        Assert.Equal("Jordan Examplemanager", await page.Locator("[name='signOff.name']").InputValueAsync());
        await page.Locator("[name='signOff.role']").FillAsync("Head of safeguarding (named senior manager)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resubmit the referral" }).ClickAsync();

        // Resubmitted: the page that follows is quality assurance again, with no second "correct and resubmit".
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/incidents/" + id);
        await AfterActionAsync(page);
        Assert.Equal(0, await Action(page, "resubmit-referral").CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Correct and resubmit the referral" }).CountAsync());
        Assert.Equal(1, await Action(page, "pass-referral-qa").CountAsync());
        await ActionResultBrowserTests.WalkShotAsync(page, "point14-after-resubmitting");

        var passForm = Action(page, "pass-referral-qa");
        if (await passForm.Locator("[name='notes']").CountAsync() > 0) await passForm.Locator("[name='notes']").FillAsync("Complete now.");
        await passForm.GetByRole(AriaRole.Button).ClickAsync();
        await AfterActionAsync(page);

        // The chair closes it with no further review: the page that follows shows it closed, with no report to upload.
        await SignInAsync(page, "Dr Chris Chair", "chair");
        await page.GotoAsync("/incidents/" + id);
        var triage = Action(page, "triage-referral");
        await triage.Locator("input[name='outcome'][value='NoFurtherReview'], select[name='outcome']").First.WaitForAsync();
        if (await triage.Locator("select[name='outcome']").CountAsync() > 0) await triage.Locator("select[name='outcome']").SelectOptionAsync("NoFurtherReview");
        else await triage.Locator("input[name='outcome'][value='NoFurtherReview']").CheckAsync();
        await triage.Locator("[name='rationale']").FillAsync("No abuse or neglect is suspected: the criteria are not met.");
        await triage.GetByRole(AriaRole.Button).ClickAsync();
        await AfterActionAsync(page);
        Assert.Equal("Closed", await page.GetByTestId("stage").InnerTextAsync());
        Assert.Equal(0, await page.GetByTestId("upload-report").CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Upload the report" }).CountAsync());
        await ActionResultBrowserTests.WalkShotAsync(page, "point14-after-no-further-review");
        await page.Context.CloseAsync();
    }
}
