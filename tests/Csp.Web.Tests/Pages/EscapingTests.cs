using System.Net;
using System.Text.Json.Nodes;
using Csp.Web.Tests.Infrastructure;
using Csp.Workflow.Application;

namespace Csp.Web.Tests.Pages;

/// <summary>HTML and script typed into any text field come back as text, never as markup.</summary>
public sealed class EscapingTests(DevelopmentHostFixture fixture) : IClassFixture<DevelopmentHostFixture>
{
    public const string Payload = "\"><script>alert('xss')</script><img src=x onerror=alert(1)>";

    private static void AssertEscaped(string html)
    {
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;", html);
    }

    /// <summary>Every free-text field of the sample referral, filled with the payload (still a valid referral).</summary>
    public static JsonObject ReferralWithPayloadEverywhere()
    {
        var referral = TestData.SampleReferral();
        foreach (var path in new[] { "firstName", "lastName", "ethnicity", "homeLocalAuthority" }) referral["child"]![path] = Payload + path;
        referral["incident"]!["whatHappened"] = Payload + "whatHappened";
        foreach (var agency in referral["involvedAgencies"]!.AsArray()) agency!["name"] = Payload + "agency";
        foreach (var path in new[] { "name", "role", "agency" }) referral["referrer"]![path] = Payload + path;
        referral["referrer"]!["phone"] = null;
        foreach (var path in new[] { "name", "role" }) referral["signOff"]![path] = Payload + path;
        referral["referrerRationale"] = Payload + "rationale";
        referral["parallelProceedings"]![0]!["notes"] = Payload + "notes";
        return referral;
    }

    [Fact]
    public async Task IncidentPage_ShowsEveryReferralTextFieldEscaped()
    {
        var client = fixture.Host.Client();
        var accepted = await client.PostAsync("/api/referrals", TestData.Json(ReferralWithPayloadEverywhere()));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.ReadJsonAsync()).GetProperty("incidentId").GetString()!;

        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/incidents/" + id).AsDevUser(Payload, "business-unit"));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertEscaped(html);
        foreach (var field in new[] { "firstName", "lastName", "ethnicity", "homeLocalAuthority", "whatHappened", "agency", "role", "rationale", "notes" })
            Assert.Contains("&lt;img src=x onerror=alert(1)&gt;" + field, html);
    }

    [Fact]
    public async Task ReferralForm_ShowsTypedMarkupEscapedWhenItHasErrors()
    {
        var client = fixture.Host.Client(cookies: true);
        var signIn = await (await client.GetAsync("/sign-in")).Content.ReadAsStringAsync();
        await client.PostAsync("/sign-in", TestData.Form(signIn, ("name", "Robin"), ("role", "business-unit"), ("returnUrl", "/")));
        var form = await (await client.GetAsync("/referrals/new")).Content.ReadAsStringAsync();
        var fields = ReferralFormPageTests.ValidForm()
            .Select(f => f.Item1.Contains("Rows") || f.Item1 == "intent" || f.Item1 == "submissionId" ? f : (f.Item1, Payload + f.Item2))
            .ToArray();

        var response = await client.PostAsync("/referrals/new", TestData.Form(form, fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertEscaped(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignInName_IsShownEscapedInTheHeader()
    {
        var client = fixture.Host.Client(cookies: true);
        var signIn = await (await client.GetAsync("/sign-in")).Content.ReadAsStringAsync();
        var name = "<b onmouseover=alert(1)>Robin</b>";

        await client.PostAsync("/sign-in", TestData.Form(signIn, ("name", name), ("role", "chair"), ("returnUrl", "/")));
        var html = await (await client.GetAsync("/")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("<b onmouseover", html);
        Assert.Contains("&lt;b onmouseover=alert(1)&gt;Robin&lt;/b&gt; (chair)", html);
    }

    [Fact]
    public async Task LinkPage_ShowsStepTextAndFieldLabelsEscaped()
    {
        var token = fixture.Links.Add(LinkKind.Approval, [new ActionField("rationale", Payload, "textarea", true, Hint: Payload)], reference: Payload);

        var html = await (await fixture.Host.Client().GetAsync("/a/" + token)).Content.ReadAsStringAsync();

        AssertEscaped(html);
    }

    [Fact]
    public async Task ActionFormWithErrors_ShowsTypedMarkupEscaped()
    {
        var client = fixture.Host.Client(cookies: true);
        var id = (await (await client.PostAsync("/api/referrals", TestData.Json(TestData.SampleReferralJson))).ReadJsonAsync()).GetProperty("incidentId").GetString()!;
        var signIn = await (await client.GetAsync("/sign-in")).Content.ReadAsStringAsync();
        await client.PostAsync("/sign-in", TestData.Form(signIn, ("name", "Robin"), ("role", "business-unit"), ("returnUrl", "/")));
        var page = await (await client.GetAsync("/incidents/" + id)).Content.ReadAsStringAsync();

        var response = await client.PostAsync($"/incidents/{id}/actions/record-notification", TestData.Form(page, ("notes", Payload), ("panelReference", Payload)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertEscaped(await response.Content.ReadAsStringAsync());
    }
}
