using System.Text.Json;
using System.Text.RegularExpressions;
using Csp.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Csp.Web.Tests.Browser;

/// <summary>
/// A link acts only for the person it was sent to, in headless Chromium: a forwarded approval link
/// opened by someone else signed in records nothing and says whose it is; the chair, signed in as
/// themselves, records it in their name; someone without an account responds with the code emailed
/// to the link's address.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class LinkIdentityBrowserTests(LocalHostFixture host, BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every page this test loaded had no WCAG 2.2 A/AA violation (axe-core).</summary>
    public Task DisposeAsync() => browser.Accessibility.AssertNoViolationsAsync();

    private const string Chair = "Dr Chris Chair";
    private const string ChairRecord = "Dr Chris Chair (Rapid Review panel chair), signed in";

    /// <summary>The development sign-in: a name and role, or one of the partnership's people.</summary>
    private async Task<IPage> SignedInAsync(string role, string? name = null, string? person = null)
    {
        var page = await browser.NewPageAsync(host.Host.BaseAddress);
        await page.GotoAsync("/sign-in");
        if (person is not null) await page.GetByLabel("Sign in as").SelectOptionAsync(new SelectOptionValue { Label = person });
        if (name is not null) await page.GetByLabel("Your name").FillAsync(name);
        await page.Locator($"input[name='role'][value='{role}']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/");
        return page;
    }

    private static string Path(string link) => new Uri(link).PathAndQuery;

    private static async Task<string> ProofAsync(IPage page) => Regex.Replace(await page.GetByTestId("link-proof").InnerTextAsync(), @"\s+", " ");

    /// <summary>Chooses Approve on the Rapid Review approval page and sends it.</summary>
    private static async Task<IResponse> ApproveAsync(IPage page, string comments)
    {
        await page.Locator("input[name='approval'][value='Approve']").CheckAsync();
        await page.Locator("textarea[name='comments']").FillAsync(comments);
        return await page.RunAndWaitForResponseAsync(() => page.GetByTestId("submit-link").ClickAsync(), r => r.Request.Method == "POST");
    }

    private static JsonElement? Approval(JsonElement view) =>
        view.GetProperty("rapidReviewDecision") is { ValueKind: JsonValueKind.Object } d && d.GetProperty("approvedBy").ValueKind == JsonValueKind.String ? d : null;

    [Fact]
    public async Task ForwardedApprovalLink_ReadOnlyAndBusinessUnitRecordNothing_TheChairSignedInRecordsItInTheirName()
    {
        var (id, mail) = await IncidentJourneys.ToDecisionApprovalAsync(host.Client);
        var link = Path(mail.LinkStartingWith("/a/")!);

        // Forwarded to a read-only user and to a business-unit officer, each signed in: the page says whose link it is, and sending it records nothing.
        foreach (var (role, name) in new[] { ("read-only", "Sam Reader"), ("business-unit", "Sam Business") })
        {
            var page = await SignedInAsync(role, name);
            await page.GotoAsync(link);
            var proof = await ProofAsync(page);
            Assert.Contains($"This link is for {Chair} (Rapid Review panel chair)", proof);
            Assert.Contains($"You are signed in as {name}, not as {Chair}. Nothing you send here is recorded.", proof);
            var response = await ApproveAsync(page, "Approved by " + name);
            Assert.Equal(403, response.Status);
            var summary = await page.Locator(".govuk-error-summary").InnerTextAsync();
            Assert.Contains($"Nothing has been recorded. This link is for {Chair} (Rapid Review panel chair), and you are signed in as {name}.", summary);
            Assert.Contains("ask the business unit", summary);
            await BrowserFixture.ScreenshotAsync(page, "link-someone-else-" + role);
            await page.Context.CloseAsync();
        }
        var waiting = await host.Client.GetAsync(id, "chair");
        Assert.Null(Approval(waiting));
        Assert.DoesNotContain(waiting.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("who").GetString()!.Contains("Sam", StringComparison.Ordinal));
        Assert.Contains(waiting.GetProperty("availableActions").EnumerateArray(), a => a.GetProperty("name").GetString() == "approve-rapid-review-report");

        // The chair, signed in as themselves (the development sign-in's person list): recorded in the chair's name.
        var chair = await SignedInAsync("chair", person: $"{Chair}, Rapid Review panel chair (panel.chair@partnership.example)");
        await chair.GotoAsync(link);
        Assert.Contains($"You are signed in as {Chair}. You can respond.", await ProofAsync(chair));
        var approved = await ApproveAsync(chair, "Agreed.");
        Assert.Equal(200, approved.Status);
        await chair.GetByRole(AriaRole.Heading, new() { Name = "Decision recorded" }).WaitForAsync();
        Assert.Contains("Recorded as sent by " + ChairRecord, await chair.Locator("main").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(chair, "link-chair-recorded");
        await chair.Context.CloseAsync();

        var view = await host.Client.WaitForAsync(id, "business-unit", v => Approval(v) is not null, "the approval");
        Assert.Equal(ChairRecord, Approval(view)!.Value.GetProperty("approvedBy").GetString());
        Assert.Contains(view.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("who").GetString() == ChairRecord);
        Assert.Contains(view.GetProperty("decisions").EnumerateArray(), d => d.GetProperty("who").GetString() == ChairRecord);
        // The business unit's task email reports who approved.
        var task = (await host.Client.WaitForMailAsync(m => m.Subject == $"[{id}] Task: send the Rapid Review report to the National Panel"))[0];
        Assert.Contains("were approved by " + ChairRecord + ".", await host.Client.MessageTextAsync(task.Id));
    }

    [Fact]
    public async Task ExternalRecipient_WithoutAnAccount_RespondsWithTheCodeSentToTheLinksAddress()
    {
        var today = await host.Client.TodayAsync();
        var id = await host.Client.SubmitAsync(JourneyClient.ReferralAwareOn(today));
        await host.Client.ActAsync(id, "pass-referral-qa", "business-unit", new { notes = "Complete." });
        await host.Client.ActAsync(id, "triage-referral", "chair", new { outcome = "RapidReview", rationale = "Serious harm." });
        // Asked at referral, and again (a new link) once the chair sends it to a Rapid Review.
        var mail = (await host.Client.WaitForMailAsync(m => m.Subject == $"[{id}] Notify the National Panel", count: 2)).MaxBy(m => m.SentAt)!;
        var page = await browser.NewPageAsync(host.Host.BaseAddress);
        await page.GotoAsync(Path(mail.LinkStartingWith("/a/")!));

        // The page says first that a code is needed, and where it goes.
        var proof = await ProofAsync(page);
        Assert.Contains("This link is for Lee Designated-Officer (Local authority designated officer). To respond, ask for a code below: we email it to lado@council.example", proof);
        async Task<IResponse> SendAsync()
        {
            await page.Locator("input[name='sentOn-day']").FillAsync(today.Day.ToString());
            await page.Locator("input[name='sentOn-month']").FillAsync(today.Month.ToString());
            await page.Locator("input[name='sentOn-year']").FillAsync(today.Year.ToString());
            await page.Locator("input[name='panelReference']").FillAsync("NP-" + id);
            return await page.RunAndWaitForResponseAsync(() => page.GetByTestId("submit-link").ClickAsync(), r => r.Request.Method == "POST" && !r.Url.Contains("/code"));
        }

        // Without the code: nothing recorded.
        Assert.Equal(401, (await SendAsync()).Status);
        Assert.Contains("Nothing has been recorded. Enter the code we email to lado@council.example", await page.Locator(".govuk-error-summary").InnerTextAsync());

        // The code from the email to the link's address (the development mailbox), entered on the page.
        await page.GetByTestId("request-code").ClickAsync();
        var codeMail = (await host.Client.WaitForMailAsync(m => m.Subject == $"[{id}] Your code to respond"))[0];
        Assert.Contains("lado@council.example", codeMail.To);
        var code = CodeText().Match(await host.Client.MessageTextAsync(codeMail.Id)).Groups[1].Value;
        await page.GetByLabel("Code from the email").FillAsync(code);
        await page.GetByTestId("check-code").ClickAsync();
        await page.GetByTestId("code-entered").WaitForAsync();
        Assert.Contains("The code sent to lado@council.example was entered in this browser. You can respond.", await ProofAsync(page));

        Assert.Equal(200, (await SendAsync()).Status);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Decision recorded" }).WaitForAsync();
        const string record = "Lee Designated-Officer (Local authority designated officer), code sent to lado@council.example";
        Assert.Contains("Recorded as sent by " + record, await page.Locator("main").InnerTextAsync());
        await page.Context.CloseAsync();
        var view = await host.Client.WaitForAsync(id, "business-unit",
            v => v.GetProperty("timeline").EnumerateArray().Any(t => t.GetProperty("what").GetString()!.StartsWith("National Panel notified", StringComparison.Ordinal)), "the notification");
        Assert.Equal(record, view.GetProperty("timeline").EnumerateArray().First(t => t.GetProperty("what").GetString()!.StartsWith("National Panel notified", StringComparison.Ordinal)).GetProperty("who").GetString());
    }

    [GeneratedRegex(@"Your code is (\d{6})")]
    private static partial Regex CodeText();
}
