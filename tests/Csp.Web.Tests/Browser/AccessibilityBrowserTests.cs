using Csp.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Csp.Web.Tests.Browser;

/// <summary>
/// The accessibility statement every public-sector service publishes, linked from each page's footer,
/// and a referral and an approval made with the keyboard alone (Tab, Enter, Space and the arrow keys
/// in radio groups), the focus visible at every step. axe-core checks each page these tests load.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityBrowserTests(LocalHostFixture host, BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every page this test loaded had no WCAG 2.2 A/AA violation (axe-core).</summary>
    public Task DisposeAsync() => browser.Accessibility.AssertNoViolationsAsync();

    [Fact]
    public async Task EveryPagesFooter_LinksToTheAccessibilityStatement()
    {
        var page = await browser.NewPageAsync(host.Host.BaseAddress);
        await page.GotoAsync("/sign-in");
        await page.Locator("footer").GetByRole(AriaRole.Link, new() { Name = "Accessibility statement" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/accessibility");
        Assert.StartsWith("Accessibility statement for", await page.Locator("h1").InnerTextAsync());
        var text = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Enforcement procedure", text);
        Assert.Contains("Web Content Accessibility Guidelines version 2.2", text);
        Assert.Contains("business.unit@partnership.example", text); // whom to tell about a problem
        await BrowserFixture.ScreenshotAsync(page, "accessibility-statement");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task KeyboardOnly_AReferralThenItsAcceptanceThenTheChairsApproval_WithTheFocusVisible()
    {
        var today = await host.Client.TodayAsync();
        var page = await browser.NewPageAsync(host.Host.BaseAddress);

        // Sign in with the keyboard.
        await page.GotoAsync("/sign-in");
        await TypeInto(page, "[name='name']", "Kim Keyboard");
        await ChooseRadio(page, "role", "business-unit");
        await TabTo(page, "button[type='submit']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/");

        // The referral form, field by field, in the order Tab reaches them.
        await page.GotoAsync("/referrals/new");
        await TypeInto(page, "[name='child.firstName']", "Keyboardchild");
        await TypeInto(page, "[name='child.lastName']", "Fictional");
        await TypeDate(page, "child.dateOfBirth", new DateOnly(2016, 3, 9));
        await ChooseRadio(page, "child.gender", "Female");
        await TypeInto(page, "[name='child.ethnicity']", "Not known");
        await TypeInto(page, "[name='child.homeLocalAuthority']", "Exampleton (fictional)");
        await ChooseRadio(page, "child.lookedAfter", "false");
        await ChooseRadio(page, "child.careLeaver", "false");
        await TypeDate(page, "incident.dateOfIncident", today.AddDays(-2));
        await TypeDate(page, "incident.dateLocalAuthorityAware", today.AddDays(-1));
        await TypeInto(page, "[name='incident.whatHappened']", "FICTIONAL. Keyboard test incident.");
        await ChooseRadio(page, "incident.outcome", "SeriousHarm");
        await ChooseRadio(page, "incident.abuseOrNeglect", "Suspected");
        await ChooseRadio(page, "incident.location", "InArea");
        await TypeInto(page, "[name='involvedAgencies[0].name']", "Exampleton Children's Social Care");
        await ChooseOption(page, "[name='involvedAgencies[0].agencyType']", "ChildrensSocialCare");
        await TypeInto(page, "[name='involvedAgencies[0].contactEmail']", "csc@exampleton.example");
        await TypeInto(page, "[name='involvedAgencies[1].name']", "Exampleshire Police");
        await ChooseOption(page, "[name='involvedAgencies[1].agencyType']", "Police");
        await TypeInto(page, "[name='involvedAgencies[1].contactEmail']", "ppu@police.example");
        await TypeInto(page, "[name='referrer.name']", "Kim Keyboard");
        await TypeInto(page, "[name='referrer.role']", "Social worker");
        await TypeInto(page, "[name='referrer.agency']", "Exampleton Council");
        await TypeInto(page, "[name='referrer.email']", "kim@council.example");
        await TypeInto(page, "[name='signOff.name']", "Jo Manager");
        await TypeInto(page, "[name='signOff.role']", "Service manager");
        await TypeInto(page, "[name='signOff.email']", "jo@council.example");
        await TypeDate(page, "signOff.dateSignedOff", today.AddDays(-1));
        await TypeInto(page, "[name='referrerRationale']", "FICTIONAL. Two agencies involved.");
        var criterion = await page.GetByLabel("Concerns about two or more agencies working together").GetAttributeAsync("id");
        await TabTo(page, "#" + criterion);
        await page.Keyboard.PressAsync("Space");
        Assert.True(await page.Locator("#" + criterion).IsCheckedAsync());
        await TabTo(page, "[data-testid='submit-referral']");
        await page.Keyboard.PressAsync("Enter");

        await page.Locator(".govuk-panel--confirmation").WaitForAsync();
        var id = await page.GetByTestId("incident-id").InnerTextAsync();
        await TabTo(page, "a:text-is('View the incident')");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByTestId("incident-reference").WaitForAsync();
        Assert.Equal(id, await page.GetByTestId("incident-reference").InnerTextAsync());

        // The business unit accepts it: the action's button pressed with Space.
        await host.Client.WaitForActionAsync(id, "pass-referral-qa");
        await page.ReloadAsync();
        await TypeInto(page, "[data-action='pass-referral-qa'] textarea[name='notes']", "Complete and signed off.");
        await TabTo(page, "[data-action='pass-referral-qa'] button");
        await page.Keyboard.PressAsync("Space");
        await page.GetByTestId("notice").WaitForAsync();
        Assert.Contains("Accept the referral", await page.GetByTestId("notice").InnerTextAsync());

        // The chair signs in, opens the email from the mailbox and approves, all from the keyboard.
        await host.Client.WaitForMailAsync(m => m.Subject.Contains(id) && m.Subject.Contains("Decision needed"));
        await page.GotoAsync("/sign-in");
        await TabTo(page, "select[name='person']");
        await page.Keyboard.TypeAsync("Dr Chris Chair");
        Assert.Equal("panel.chair@partnership.example", await page.Locator("select[name='person']").InputValueAsync());
        await ChooseRadio(page, "role", "chair");
        await TabTo(page, "button[type='submit']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/");
        await page.GotoAsync("/dev/mailbox");
        await TabTo(page, $"a:text-is('[{id}] Decision needed: does this referral go to a Rapid Review?')");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByTestId("subject").WaitForAsync();
        await TabTo(page, "[data-testid='links'] a[href^='/a/']");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByTestId("step-title").WaitForAsync();
        await ChooseRadio(page, "outcome", "RapidReview");
        await TypeInto(page, "textarea[name='rationale']", "Serious harm with abuse suspected: notifiable.");
        await TabTo(page, "[data-testid='submit-link']");
        await BrowserFixture.ScreenshotAsync(page, "keyboard-approval-focus");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Decision recorded" }).WaitForAsync();
        Assert.Equal("Scoping", (await host.Client.WaitForStageAsync(id, "Scoping")).GetProperty("stage").GetString());
        await page.Context.CloseAsync();
    }

    // ---- The keyboard: Tab until the element has the focus, which must then be visible. ----

    private const int MostTabs = 300;

    private static async Task TabTo(IPage page, string selector)
    {
        var target = page.Locator(selector);
        await target.First.WaitForAsync();
        for (var i = 0; i < MostTabs; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAllAsync<bool>("(all) => all.includes(document.activeElement)"))
            {
                var problem = await page.EvaluateAsync<string>(FocusVisibleScript);
                Assert.True(problem.Length == 0, $"{selector}: {problem}");
                return;
            }
        }
        Assert.Fail($"Tab never reached {selector}.");
    }

    // The GOV.UK focus style: a yellow outline or box shadow on the element, or on the label's box for radios and checkboxes.
    private const string FocusVisibleScript = """
        () => {
          const e = document.activeElement;
          if (!e || e === document.body) return 'nothing has the focus';
          if (!e.matches(':focus-visible')) return 'the focus is not visible (:focus-visible)';
          const shown = s => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && s.outlineColor !== 'rgba(0, 0, 0, 0)') || (s.boxShadow && s.boxShadow !== 'none');
          if (shown(getComputedStyle(e))) return '';
          const label = e.labels && e.labels[0];
          if (label && (shown(getComputedStyle(label, '::before')) || shown(getComputedStyle(label, '::after')))) return '';
          return 'no focus style on ' + e.outerHTML.slice(0, 160);
        }
        """;

    private static async Task TypeInto(IPage page, string selector, string text)
    {
        await TabTo(page, selector);
        await page.Keyboard.TypeAsync(text);
    }

    private static async Task TypeDate(IPage page, string name, DateOnly date)
    {
        await TypeInto(page, $"[name='{name}-day']", date.Day.ToString());
        await TypeInto(page, $"[name='{name}-month']", date.Month.ToString());
        await TypeInto(page, $"[name='{name}-year']", date.Year.ToString());
    }

    /// <summary>Tab into the group, arrow keys to the choice, Space to choose it.</summary>
    private static async Task ChooseRadio(IPage page, string name, string value)
    {
        await TabTo(page, $"input[type='radio'][name='{name}']");
        for (var i = 0; i < 20 && await page.EvaluateAsync<string>("() => document.activeElement.value") != value; i++)
            await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Space");
        Assert.True(await page.Locator($"input[name='{name}'][value='{value}']").IsCheckedAsync(), $"{name} = {value}");
        Assert.Equal("", await page.EvaluateAsync<string>(FocusVisibleScript));
    }

    /// <summary>A closed select on the keyboard: the arrow keys move through its options.</summary>
    private static async Task ChooseOption(IPage page, string selector, string value)
    {
        await TabTo(page, selector);
        var select = page.Locator(selector);
        for (var i = 0; i < 40 && await select.InputValueAsync() != value; i++)
            await page.Keyboard.PressAsync("ArrowDown");
        Assert.Equal(value, await select.InputValueAsync());
    }
}
