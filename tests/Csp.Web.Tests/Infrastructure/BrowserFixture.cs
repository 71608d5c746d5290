using Microsoft.Playwright;

namespace Csp.Web.Tests.Infrastructure;

/// <summary>
/// Headless Chromium from the system (/usr/bin/chromium; CI installs it with apt). Playwright's own
/// browser download is never used.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>axe-core's WCAG 2.2 A/AA check of every page the pages from <see cref="NewPageAsync"/> load.</summary>
    public AccessibilityCheck Accessibility { get; private set; } = default!;

    /// <summary>Where screenshots go: TestResults/screenshots under the test output folder.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotFolder);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        Accessibility = new AccessibilityCheck(Browser);
    }

    /// <param name="javaScript">False: a browser with scripts off, as some users have it.</param>
    /// <param name="headers">Sent with every request (the development sign-in header, say).</param>
    public async Task<IPage> NewPageAsync(Uri baseAddress, bool javaScript = true, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            JavaScriptEnabled = javaScript,
            ExtraHTTPHeaders = headers,
        });
        var page = await context.NewPageAsync();
        Accessibility.Watch(page, baseAddress);
        page.SetDefaultTimeout(30_000); // Generous: CI machines are shared and slow at times.
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        try { await Accessibility.AssertNoViolationsAsync(); } // whatever a test left unasserted
        finally { await Accessibility.DisposeAsync(); }
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
