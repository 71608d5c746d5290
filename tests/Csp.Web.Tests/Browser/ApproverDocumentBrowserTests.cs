using Csp.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Csp.Web.Tests.Browser;

/// <summary>
/// An approver has something to read: the panel chair's link to approve a local CSPR's terms of
/// reference shows the uploaded terms of reference, its version and a download.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ApproverDocumentBrowserTests(LocalHostFixture host, BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every page this test loaded had no WCAG 2.2 A/AA violation (axe-core).</summary>
    public Task DisposeAsync() => browser.Accessibility.AssertNoViolationsAsync();

    [Fact]
    public async Task TermsOfReferenceApproval_ShowsTheDocumentAndVersionToTheChair()
    {
        var client = host.Client;
        var id = await IncidentJourneys.ToApprovedDecisionAsync(client);
        var today = (await client.TodayAsync()).ToString("yyyy-MM-dd");
        await Upload(client, id, "RapidReviewReport", "rapid-review.pdf");
        await client.ActAsync(id, "record-rapid-review-report-submitted", "business-unit", new { sentOn = today, panelReference = "NP-RR-1", reportVersion = "2" });
        await client.ActAsync(id, "record-national-panel-response", "business-unit", new { outcome = "DecisionRatified", receivedOn = today });
        await client.WaitForStageAsync(id, "LocalCspr");
        await client.ActAsync(id, "confirm-cspr-panel", "business-unit", new { on = today });
        await client.ActAsync(id, "commission-lead-reviewer", "business-unit", new { reviewerName = "Sam Reviewer", on = today });
        await Upload(client, id, "TermsOfReference", "terms-of-reference.pdf");
        var request = (await client.WaitForMailAsync(m => m.Subject == $"[{id}] Approval needed: Approve the terms of reference, methodology and timeline"))[0];

        var page = await browser.NewPageAsync(host.Host.BaseAddress);
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Sign in as").SelectOptionAsync(new SelectOptionValue { Label = "Dr Chris Chair, Rapid Review panel chair (panel.chair@partnership.example)" });
        await page.Locator("input[name='role'][value='chair']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/");
        // Once the meeting was held, the replies' quorum warning is gone from its panel.
        await page.GotoAsync("/incidents/" + id);
        var meeting = await page.GetByTestId("meeting").InnerTextAsync();
        Assert.Contains("Held", meeting);
        Assert.DoesNotContain("At risk", meeting);
        Assert.DoesNotContain("Quorum at risk", meeting);
        Assert.Contains("Quorate", meeting);

        await page.GotoAsync(new Uri(request.LinkStartingWith("/a/")!).PathAndQuery);
        var summary = await page.GetByTestId("link-summary").InnerTextAsync();
        Assert.Contains("Terms of reference being approved", summary);
        Assert.Contains("Terms of reference, version 1 (terms-of-reference.pdf)", summary);
        Assert.Equal(1, await page.GetByTestId("summary-download").CountAsync());
        // The decision is a choice that starts on "Approve", never an optional field.
        Assert.True(await page.Locator("input[name='approval'][value='Approve']").IsCheckedAsync());
        Assert.DoesNotContain("Your decision (optional)", await page.Locator("main").InnerTextAsync());
        await ActionResultBrowserTests.WalkShotAsync(page, "point4-terms-of-reference-approval");
        await page.Context.CloseAsync();
    }

    private static async Task Upload(JourneyClient client, string id, string kind, string fileName)
    {
        var pdf = new ByteArrayContent(Csp.Web.Tests.EndToEnd.CsprJourneyTests.Pdf(kind + " " + id));
        pdf.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        var uploaded = await client.SendAsync(HttpMethod.Post, $"/api/incidents/{id}/reports/{kind}?fileName={fileName}", content: pdf);
        Assert.Equal(System.Net.HttpStatusCode.Created, uploaded.StatusCode);
    }
}
