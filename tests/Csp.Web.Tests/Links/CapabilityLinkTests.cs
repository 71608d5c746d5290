using System.Net;
using Csp.Web.Tests.Infrastructure;
using Csp.Workflow.Application;

namespace Csp.Web.Tests.Links;

/// <summary>
/// The web side of capability links (token store faked): GET never redeems, POST needs the page's
/// anti-forgery token, a token works only on its own kind of link, and every state gets a clear page.
/// The real token store is exercised end to end in the workflow tests.
/// </summary>
public sealed class CapabilityLinkTests(DevelopmentHostFixture fixture) : IClassFixture<DevelopmentHostFixture>
{
    private static readonly ActionField[] ApprovalFields =
    [
        new("decision", "Decision", "select", true, ["Approve", "ReturnForChanges"]),
        new("rationale", "Rationale", "textarea", true),
    ];

    [Fact]
    public async Task Get_ShowsTheStepAndForm_AndRedeemsNothingHoweverOftenFetched()
    {
        var token = fixture.Links.Add(LinkKind.Approval, ApprovalFields);
        var client = fixture.Host.Client();

        for (var i = 0; i < 3; i++)
        {
            var response = await client.GetAsync("/a/" + token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("Approve the Rapid Review decision", html);
            Assert.Contains("name=\"rationale\"", html);
        }
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/a/" + token));

        Assert.DoesNotContain(fixture.Links.Redeemed, r => r.Token == token);
        Assert.False(fixture.Links.Tokens[token].Used);
        Assert.NotEqual(HttpStatusCode.InternalServerError, head.StatusCode);
    }

    [Fact]
    public async Task LinkResponses_CarryNoStoreNoReferrerAndNoindex()
    {
        var token = fixture.Links.Add(LinkKind.ScopingReturn, [new ActionField("summary", "Summary", "textarea", true)]);

        foreach (var path in new[] { "/a/" + token, "/s/" + token, "/s/" + FakeCapabilityLinks.NewToken(), "/a/short" })
        {
            var response = await fixture.Host.Client().GetAsync(path);
            Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("noindex", response.Headers.GetValues("X-Robots-Tag").Single());
        }
    }

    [Fact]
    public async Task Post_WithTheFormToken_RecordsOnce_AndTheSecondUseChangesNothing()
    {
        var token = fixture.Links.Add(LinkKind.Approval, ApprovalFields);
        var client = fixture.Host.Client(cookies: true);
        var page = await (await client.GetAsync("/a/" + token)).Content.ReadAsStringAsync();

        var first = await client.PostAsync("/a/" + token, TestData.Form(page, ("decision", "Approve"), ("rationale", "Criteria met.")));
        var second = await client.PostAsync("/a/" + token, TestData.Form(page, ("decision", "ReturnForChanges"), ("rationale", "Replayed.")));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("Decision recorded", await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Gone, second.StatusCode);
        Assert.Contains("already been used", await second.Content.ReadAsStringAsync());
        var redeemed = Assert.Single(fixture.Links.Redeemed, r => r.Token == token);
        Assert.Equal("Approve", redeemed.Submission.GetProperty("decision").GetString());
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_IsRefusedAndRecordsNothing()
    {
        var token = fixture.Links.Add(LinkKind.Approval, ApprovalFields);
        var client = fixture.Host.Client(cookies: true);
        await client.GetAsync("/a/" + token);

        var response = await client.PostAsync("/a/" + token, new FormUrlEncodedContent([new("decision", "Approve"), new("rationale", "Forged.")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This form has expired", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(fixture.Links.Redeemed, r => r.Token == token);
    }

    [Fact]
    public async Task Post_FormTokenFromAnotherBrowser_IsRefused()
    {
        var token = fixture.Links.Add(LinkKind.Approval, ApprovalFields);
        var page = await (await fixture.Host.Client(cookies: true).GetAsync("/a/" + token)).Content.ReadAsStringAsync();
        var attacker = fixture.Host.Client(cookies: true);

        var response = await attacker.PostAsync("/a/" + token, TestData.Form(page, ("decision", "Approve"), ("rationale", "Forged.")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(fixture.Links.Redeemed, r => r.Token == token);
    }

    [Fact]
    public async Task Post_MissingFields_ShowsTheErrorSummaryAndRecordsNothing()
    {
        var token = fixture.Links.Add(LinkKind.Approval, ApprovalFields);
        var client = fixture.Host.Client(cookies: true);
        var page = await (await client.GetAsync("/a/" + token)).Content.ReadAsStringAsync();

        var response = await client.PostAsync("/a/" + token, TestData.Form(page, ("decision", "Maybe")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("govuk-error-summary", html);
        Assert.Contains("href=\"#decision\">Select decision from the list", html);
        Assert.Contains("href=\"#rationale\">Enter rationale", html);
        Assert.DoesNotContain(fixture.Links.Redeemed, r => r.Token == token);
    }

    [Fact]
    public async Task ScopingToken_OnTheApprovalAddress_IsNotValid()
    {
        var token = fixture.Links.Add(LinkKind.ScopingReturn, [new ActionField("summary", "Summary", "textarea", true)]);
        var client = fixture.Host.Client(cookies: true);
        var page = await (await client.GetAsync("/s/" + token)).Content.ReadAsStringAsync();

        var get = await client.GetAsync("/a/" + token);
        var post = await client.PostAsync("/a/" + token, TestData.Form(page, ("summary", "x")));

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.DoesNotContain(fixture.Links.Redeemed, r => r.Token == token);
    }

    [Fact]
    public async Task Post_OnlyTheLinksOwnFieldsReachTheWorkflow()
    {
        var token = fixture.Links.Add(LinkKind.Approval, ApprovalFields);
        var client = fixture.Host.Client(cookies: true);
        var page = await (await client.GetAsync("/a/" + token)).Content.ReadAsStringAsync();

        await client.PostAsync("/a/" + token, TestData.Form(page, ("decision", "Approve"), ("rationale", "ok"), ("incidentId", "another-incident"), ("step", "other")));

        var redeemed = Assert.Single(fixture.Links.Redeemed, r => r.Token == token);
        Assert.False(redeemed.Submission.TryGetProperty("incidentId", out _));
        Assert.False(redeemed.Submission.TryGetProperty("step", out _));
    }

    [Theory]
    [InlineData(LinkState.Expired, HttpStatusCode.Gone, "This link has expired")]
    [InlineData(LinkState.Used, HttpStatusCode.Gone, "This link has already been used")]
    [InlineData(LinkState.StepClosed, HttpStatusCode.Conflict, "This step is finished")]
    public async Task Get_TokenNotUsable_ShowsAClearPage(LinkState state, HttpStatusCode status, string heading)
    {
        var token = fixture.Links.Add(LinkKind.Approval, ApprovalFields, state);

        var response = await fixture.Host.Client().GetAsync("/a/" + token);

        Assert.Equal(status, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(heading, html);
        Assert.DoesNotContain("<form method=\"post\" action=\"/a/", html);
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]    // well-formed, unknown
    [InlineData("short")]                                          // malformed: not even looked up
    [InlineData("has.dots.and%2Fslashes-0123456789")]
    public async Task Get_TamperedOrUnknownToken_IsNotValid(string token)
    {
        var lookups = fixture.Links.Lookups;

        var response = await fixture.Host.Client().GetAsync("/a/" + token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("This link is not valid", await response.Content.ReadAsStringAsync());
        if (token.Length < 16 || token.Contains('.')) Assert.Equal(lookups, fixture.Links.Lookups);
    }
}
