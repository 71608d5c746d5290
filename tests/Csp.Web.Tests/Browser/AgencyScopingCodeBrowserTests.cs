using System.Text.RegularExpressions;
using Csp.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Csp.Web.Tests.Browser;

/// <summary>
/// An agency's scoping page in headless Chromium, before and after the one-time code: the child's
/// name and date of birth appear only once the code from the agency's email is entered.
/// Screenshots: agency-scoping-before-code, agency-scoping-code-sent, agency-scoping-after-code.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AgencyScopingCodeBrowserTests(LocalHostFixture host, BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every page this test loaded had no WCAG 2.2 A/AA violation (axe-core).</summary>
    public Task DisposeAsync() => browser.Accessibility.AssertNoViolationsAsync();

    [Fact]
    public async Task AgencyScopingPage_EnterTheEmailedCode_ShowsTheChildsNameAndDateOfBirth()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(host.Client);
        var request = requests.Single(r => r.To.Contains("police", StringComparison.Ordinal));
        var page = await browser.NewPageAsync(host.Host.BaseAddress);
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add(error);
        // The wrong code's page answers 400, which Chromium reports on the console: only script errors count there.
        page.Console += (_, message) => { if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)) problems.Add(message.Text); };

        await page.GotoAsync(new Uri(request.LinkStartingWith("/s/")!).PathAndQuery);
        var before = await page.GetByTestId("child-details").InnerTextAsync();
        Assert.DoesNotContain("Fictionalchild", await page.ContentAsync());
        Assert.Contains("shown only to your agency", before);
        await BrowserFixture.ScreenshotAsync(page, "agency-scoping-before-code");

        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a code to see the child's details" }).ClickAsync();
        await page.GetByTestId("code-sent").WaitForAsync();
        var mail = (await host.Client.WaitForMailAsync(m => m.Subject == $"[{id}] Your code for the scoping request"))[0];
        Assert.Equal(request.To, mail.To);
        var code = CodePattern().Match(await host.Client.MessageTextAsync(mail.Id)).Groups[1].Value;
        await BrowserFixture.ScreenshotAsync(page, "agency-scoping-code-sent");

        // A wrong code first: the GOV.UK error summary, the field's message, focus on the box from the summary.
        await page.GetByLabel("Code from the email").FillAsync(code == "000000" ? "111111" : "000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the child's details" }).ClickAsync();
        var summary = page.Locator(".govuk-error-summary");
        await summary.WaitForAsync();
        Assert.Contains("The code is not right", await summary.InnerTextAsync());
        Assert.Contains("The code is not right", await page.Locator("#code-error").InnerTextAsync());
        Assert.StartsWith("Error:", await page.TitleAsync());

        await page.GetByLabel("Code from the email").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the child's details" }).ClickAsync();
        var details = page.GetByTestId("child-details-list");
        await details.WaitForAsync();
        var shown = await details.InnerTextAsync();
        Assert.Contains("Sample Fictionalchild", shown);
        Assert.Contains("11 February 2018", shown);
        Assert.Empty(problems); // the GOV.UK scripts run under the Content-Security-Policy
        await BrowserFixture.ScreenshotAsync(page, "agency-scoping-after-code");

        // A second browser with the same (forwarded) link sees no child details.
        var forwarded = await browser.NewPageAsync(host.Host.BaseAddress);
        await forwarded.GotoAsync(new Uri(request.LinkStartingWith("/s/")!).PathAndQuery);
        Assert.DoesNotContain("Fictionalchild", await forwarded.ContentAsync());
        await forwarded.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"Your code is (\d{6})")]
    private static partial Regex CodePattern();
}
