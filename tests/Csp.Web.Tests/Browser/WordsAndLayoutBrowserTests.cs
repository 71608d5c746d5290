using System.Text.RegularExpressions;
using Csp.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Csp.Web.Tests.Browser;

/// <summary>
/// What people read on the pages, in Chromium: dates in words on the timeline and the decisions
/// table, a return button that does not look like going ahead, an Actions heading with something
/// under it, and a one-time code asked for again within the minute saying when it can be.
/// Screenshots: incident-page-words, incident-page-return-button, code-ask-again.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class WordsAndLayoutBrowserTests(LocalHostFixture host, BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every page this test loaded had no WCAG 2.2 A/AA violation (axe-core).</summary>
    public Task DisposeAsync() => browser.Accessibility.AssertNoViolationsAsync();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b")]
    private static partial Regex IsoDate();

    private async Task<IPage> BusinessUnitAsync()
    {
        var page = await browser.NewPageAsync(host.Host.BaseAddress);
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Your name").FillAsync("Robin Words");
        await page.Locator("input[name='role'][value='business-unit']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/");
        return page;
    }

    [Fact]
    public async Task IncidentPage_ReturnTheReferral_IsAWarningButtonBesideTheAcceptButton()
    {
        var today = await host.Client.TodayAsync();
        var id = await host.Client.SubmitAsync(JourneyClient.ReferralAwareOn(today));
        await host.Client.WaitForActionAsync(id, "return-referral");
        var page = await BusinessUnitAsync();
        await page.GotoAsync("/incidents/" + id);
        var returnButton = page.Locator("[data-action='return-referral'] button[type='submit']");
        var passButton = page.Locator("[data-action='pass-referral-qa'] button[type='submit']");
        Assert.Contains("govuk-button--warning", await returnButton.GetAttributeAsync("class"));
        Assert.DoesNotContain("govuk-button--warning", await passButton.GetAttributeAsync("class"));
        await ActionResultBrowserTests.WalkShotAsync(page, "incident-page-return-button");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task IncidentPage_TimelineAndDecisions_WriteDatesInWords_AndTheActionsHeadingIsNeverEmpty()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(host.Client);
        await IncidentJourneys.ReturnAndAcceptAllAsync(host.Client, id, requests);
        var page = await BusinessUnitAsync();
        await page.GotoAsync("/incidents/" + id);

        var timeline = await page.GetByTestId("timeline").InnerTextAsync();
        var decisions = await page.GetByTestId("decisions").InnerTextAsync();
        Assert.DoesNotMatch(IsoDate(), timeline);
        Assert.DoesNotMatch(IsoDate(), decisions);
        Assert.Matches(@"returns due (Monday|Tuesday|Wednesday|Thursday|Friday) \d{1,2} \w+ \d{4}\.", timeline);

        // Under "Actions" there is always a line or a form.
        var actions = page.Locator("h2:text-is('Actions') + *");
        Assert.NotEqual("H2", await actions.EvaluateAsync<string>("e => e.tagName"));
        await ActionResultBrowserTests.WalkShotAsync(page, "incident-page-words");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LinkCode_AskedAgainWithinTheMinute_SaysFromWhenANewCodeCanBeAsked()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(host.Client);
        var request = requests.Single(r => r.To.Contains("education", StringComparison.Ordinal) || r.To.Contains("school", StringComparison.Ordinal));
        var page = await browser.NewPageAsync(host.Host.BaseAddress);
        await page.GotoAsync(new Uri(request.LinkStartingWith("/s/")!).PathAndQuery);
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a code to see the child's details" }).ClickAsync();
        var sent = await page.GetByTestId("code-sent").InnerTextAsync();
        Assert.Matches(@"If it does not, you can ask for a new code from \d{1,2}(:\d{2})?(am|pm)\.", sent);

        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a new code" }).ClickAsync();
        var summary = await page.Locator(".govuk-error-summary").InnerTextAsync();
        Assert.Contains("so no new one was sent", summary);
        Assert.Matches(@"You can ask for a new code in \d+ seconds?\.", summary);
        var error = await page.Locator("#code-request-error").InnerTextAsync();
        Assert.Matches(@"You can ask for a new code in \d+ seconds?\.", error);
        await ActionResultBrowserTests.WalkShotAsync(page, "code-ask-again");
        Assert.Single(await host.Client.MailboxAsync(id), m => m.To == request.To && m.Subject.StartsWith($"[{id}] Your code", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }
}
