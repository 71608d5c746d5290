using Csp.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Csp.Web.Tests.Browser;

/// <summary>The GOV.UK layout in a real browser: styles and scripts load under the Content-Security-Policy.</summary>
public sealed class LayoutBrowserTests(DevelopmentHostFixture host, BrowserFixture browser)
    : IClassFixture<DevelopmentHostFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task SignInPage_LoadsGovukFrontendWithoutConsoleErrors_AndSignsIn()
    {
        var page = await browser.NewPageAsync(host.Host.BaseAddress);
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") problems.Add(message.Text); };
        page.PageError += (_, error) => problems.Add(error);

        await page.GotoAsync("/sign-in");
        await page.WaitForFunctionAsync("document.body.classList.contains('govuk-frontend-supported')");
        var font = await page.EvalOnSelectorAsync<string>("h1", "e => getComputedStyle(e).fontFamily");
        await BrowserFixture.ScreenshotAsync(page, "sign-in");

        await page.GetByLabel("Your name").FillAsync("Browser Chair");
        await page.GetByLabel("Chair: decides on Rapid Reviews and approves decisions").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Uri(host.Host.BaseAddress, "/").ToString());

        Assert.Contains("GDS Transport", font);
        Assert.Equal("Browser Chair (chair)", await page.GetByTestId("signed-in-user").InnerTextAsync());
        Assert.Empty(problems);
        await page.Context.CloseAsync();
    }
}
