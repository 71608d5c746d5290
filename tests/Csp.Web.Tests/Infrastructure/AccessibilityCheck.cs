using System.Collections.Concurrent;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Csp.Web.Tests.Infrastructure;

/// <summary>
/// Every page a browser test loads is checked with axe-core against WCAG 2.2 A and AA. On each load
/// the page's HTML is copied at once (the test goes on clicking); a separate page of the same origin
/// then renders the copy, with the service's own stylesheet, and axe-core checks it. Violations are
/// collected per test page and asserted by <see cref="AssertNoViolationsAsync"/>, which the fixture
/// also runs for whatever is left when the collection finishes.
/// </summary>
public sealed class AccessibilityCheck(IBrowser browser) : IAsyncDisposable
{
    /// <summary>The WCAG 2.0, 2.1 and 2.2 level A and AA rules (axe-core's tags).</summary>
    public static readonly IReadOnlyList<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly ConcurrentDictionary<string, byte> _seen = new();
    private readonly ConcurrentQueue<Task<string?>> _checks = new();
    private readonly Dictionary<string, IPage> _checkers = [];

    /// <summary>How many distinct pages were checked.</summary>
    public int Checked => _seen.Count;

    /// <summary>Checks every page <paramref name="page"/> loads from now on.</summary>
    public void Watch(IPage page, Uri baseAddress)
    {
        page.Load += (_, loaded) =>
        {
            var url = loaded.Url;
            if (!url.StartsWith(baseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)) return;
            // Copy the HTML now (the next click may navigate away); check it in the background.
            var html = loaded.ContentAsync();
            _checks.Enqueue(CheckAsync(url, html, baseAddress));
        };
    }

    private async Task<string?> CheckAsync(string url, Task<string> htmlTask, Uri baseAddress)
    {
        string html;
        try { html = await htmlTask; }
        catch (PlaywrightException) { return null; } // navigated away before the copy: the next page is checked instead
        if (!_seen.TryAdd(Normalise(html), 0)) return null;
        await _one.WaitAsync();
        try
        {
            var checker = await CheckerAsync(baseAddress);
            await checker.SetContentAsync(html);
            var result = await checker.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
            });
            if (result.Violations.Length == 0) return null;
            return new Uri(url).PathAndQuery + ": " + string.Join("; ", result.Violations.Select(v =>
                $"{v.Id} ({v.Impact}) {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}"));
        }
        finally { _one.Release(); }
    }

    // Anti-forgery tokens and nonces differ on every load; the same page otherwise is checked once.
    private static string Normalise(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "(value|nonce|content)=\"[A-Za-z0-9_\\-+/=:]{20,}\"", "$1=\"\"");

    private async Task<IPage> CheckerAsync(Uri baseAddress)
    {
        var key = baseAddress.GetLeftPart(UriPartial.Authority);
        if (_checkers.TryGetValue(key, out var page)) return page;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            BypassCSP = true,
        });
        page = await context.NewPageAsync();
        // A page of the service's own origin (the statement needs no sign-in), so the copy's stylesheet loads as it did.
        await page.GotoAsync("/accessibility");
        _checkers[key] = page;
        return page;
    }

    /// <summary>Waits for the checks so far and fails with every WCAG 2.2 A/AA violation found.</summary>
    public async Task AssertNoViolationsAsync()
    {
        var problems = new List<string>();
        while (_checks.TryDequeue(out var check))
            if (await check is { } problem) problems.Add(problem);
        Assert.True(problems.Count == 0, "WCAG 2.2 A/AA violations found by axe-core:\n" + string.Join("\n", problems));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var page in _checkers.Values) await page.Context.CloseAsync();
    }
}
