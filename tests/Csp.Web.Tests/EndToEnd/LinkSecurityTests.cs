using System.Net;
using System.Text;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>Capability links against the real token store and workflow.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class LinkSecurityTests(LocalHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;

    /// <summary>A new incident waiting for the chair's triage, and the chair's emailed link.</summary>
    private async Task<(string Id, string Link)> AwaitingTriageAsync()
    {
        var id = await _client.SubmitAsync(JourneyClient.ReferralAwareOn(await _client.TodayAsync()));
        await _client.ActAsync(id, "pass-referral-qa", "business-unit", new { });
        var mail = await _client.WaitForMailAsync(m => m.Subject.Contains(id) && m.Subject.Contains("Decision needed"));
        return (id, mail[0].LinkStartingWith("/a/")!);
    }

    /// <summary>A new incident in scoping, and its scoping request emails.</summary>
    private async Task<(string Id, IReadOnlyList<JourneyClient.Mail> Requests)> InScopingAsync()
    {
        var today = await _client.TodayAsync();
        var id = await _client.SubmitAsync(JourneyClient.ReferralAwareOn(today));
        await _client.ActAsync(id, "pass-referral-qa", "business-unit", new { });
        await _client.ActAsync(id, "triage-referral", "chair", new { outcome = "RapidReview", rationale = "Notifiable." });
        await _client.WaitForStageAsync(id, "Scoping");
        await _client.ActAsync(id, "record-national-panel-notification", "business-unit", new { sentOn = today.ToString("yyyy-MM-dd"), panelReference = "NP-" + id });
        return (id, await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Rapid Review scoping request", 4));
    }

    private static string Status(System.Text.Json.JsonElement view, string agencyEmailPart, IReadOnlyList<JourneyClient.Mail> requests)
    {
        var name = requests.Single(r => r.To.Contains(agencyEmailPart)).To.Split('<')[0].Trim();
        return view.GetProperty("scoping").EnumerateArray().Single(a => a.GetProperty("agency").GetString() == name).GetProperty("status").GetString()!;
    }

    [Fact]
    public async Task ApprovalLink_FetchedByGetManyTimes_ChangesNothing()
    {
        var (id, link) = await AwaitingTriageAsync();
        var before = await _client.GetAsync(id, "chair");

        for (var i = 0; i < 5; i++)
        {
            var page = await _client.OpenLinkAsync(link);
            Assert.Equal(HttpStatusCode.OK, page.Status);
        }
        using var head = new HttpClient { BaseAddress = _client.BaseAddress };
        await head.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(link).PathAndQuery));

        // The fetches changed nothing the page shows, and the link still acts once when posted. The
        // workflow handles an incident's events in order, so once the post's answer is recorded,
        // anything a fetch had started would be recorded too: no sleep is needed to see it.
        var unchanged = await _client.GetAsync(id, "chair");
        Assert.Equal(before.GetProperty("timeline").GetArrayLength(), unchanged.GetProperty("timeline").GetArrayLength());
        Assert.Contains(unchanged.GetProperty("availableActions").EnumerateArray(), a => a.GetProperty("name").GetString() == "triage-referral");
        var form = await _client.OpenLinkAsRecipientAsync(link);
        Assert.Contains("name=\"rationale\"", form.Html);
        var (posted, _) = await JourneyClient.SubmitLinkAsync(form, [("outcome", "RapidReview"), ("rationale", "Answered by post.")]);
        Assert.Equal(HttpStatusCode.OK, posted);
        var after = await _client.WaitForStageAsync(id, "Scoping");
        var reasons = after.GetProperty("timeline").EnumerateArray()
            .Select(t => t.GetProperty("why").ValueKind == System.Text.Json.JsonValueKind.String ? t.GetProperty("why").GetString() : null).ToList();
        Assert.Single(reasons, why => why == "Answered by post.");
    }

    [Fact]
    public async Task ApprovalLink_PostedTwice_RecordsOnce()
    {
        var (id, link) = await AwaitingTriageAsync();
        var page = await _client.OpenLinkAsRecipientAsync(link);

        var (first, _) = await JourneyClient.SubmitLinkAsync(page, [("outcome", "RapidReview"), ("rationale", "First answer.")]);
        var (second, secondHtml) = await JourneyClient.SubmitLinkAsync(page, [("outcome", "NoFurtherReview"), ("rationale", "Replayed answer.")]);

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(HttpStatusCode.Gone, second);
        Assert.Equal("This link has already been used", JourneyClient.Heading(secondHtml));
        var view = await _client.WaitForStageAsync(id, "Scoping");
        var timeline = string.Join("\n", view.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("what").GetString() + " " + t.GetProperty("why")));
        Assert.DoesNotContain("Replayed answer", timeline);
    }

    [Fact]
    public async Task TamperedToken_IsNotValid_AndTheRealOneStillWorks()
    {
        var (_, link) = await AwaitingTriageAsync();
        var token = new Uri(link).AbsolutePath[3..];
        var tampered = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

        var page = await _client.OpenLinkAsync(new Uri(new Uri(link), "/a/" + tampered).ToString());
        var truncated = await _client.OpenLinkAsync(new Uri(new Uri(link), "/a/" + token[..20]).ToString());

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("This link is not valid", JourneyClient.Heading(page.Html));
        Assert.Equal(HttpStatusCode.NotFound, truncated.Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.OpenLinkAsync(link)).Status);
    }

    [Fact]
    public async Task ScopingToken_OnlyReachesItsOwnIncidentAndAgency()
    {
        var (a, requestsA) = await InScopingAsync();
        var (b, requestsB) = await InScopingAsync();
        var policeLinkA = requestsA.Single(r => r.To.Contains("police")).LinkStartingWith("/s/")!;

        // The scoping token on the approval address is no approval.
        var asApproval = await _client.OpenLinkAsync(policeLinkA.Replace("/s/", "/a/"));
        Assert.Equal(HttpStatusCode.NotFound, asApproval.Status);

        // Fields naming another incident or agency are ignored: the token decides.
        var page = await _client.OpenLinkAsRecipientAsync(policeLinkA);
        var (status, _) = await JourneyClient.SubmitLinkAsync(page,
            [("involvement", "Police contacts."), ("completedBy", "DCI"), ("completedByRole", "PPU"), ("incidentId", b), ("agency", "Exampleton Primary School")]);
        Assert.Equal(HttpStatusCode.OK, status);

        var viewA = await _client.WaitForAsync(a, "business-unit", v => Status(v, "police", requestsA) == "Returned", "police return on A");
        var viewB = await _client.GetAsync(b);
        Assert.Equal("Requested", Status(viewA, "school", requestsA));
        Assert.All(viewB.GetProperty("scoping").EnumerateArray(), x => Assert.Equal("Requested", x.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task ScopingUpload_NotAPdfHtmlBehindAPdfHeaderOrTooLarge_IsRefusedAndRecordsNothing()
    {
        var (id, requests) = await InScopingAsync();
        var link = requests.Single(r => r.To.Contains("health")).LinkStartingWith("/s/")!;
        (string, string)[] fields = [("involvement", "Health visiting."), ("completedBy", "Nurse"), ("completedByRole", "Named nurse")];

        var proven = await _client.OpenLinkAsRecipientAsync(link);
        var renamed = await JourneyClient.SubmitLinkAsync(proven, fields,
            [("template.pdf", "application/pdf", Encoding.ASCII.GetBytes("MZ\u0090\u0000 this is an executable"))]);
        var htmlBehindPdfHeader = await JourneyClient.SubmitLinkAsync(proven, fields,
            [("page.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-<html><body><script>alert(1)</script></body></html>"))]);
        var markupInPdf = await JourneyClient.SubmitLinkAsync(proven, fields,
            [("page2.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4\n<!DOCTYPE html><script>alert(1)</script>\n%%EOF\n"))]);
        var wrongType = await JourneyClient.SubmitLinkAsync(proven, fields,
            [("template.exe", "application/octet-stream", CsprJourneyTests.Pdf("x"))]);
        var tooLarge = await JourneyClient.SubmitLinkAsync(proven, fields,
            [("huge.pdf", "application/pdf", [.. CsprJourneyTests.Pdf("x"), .. new byte[11 * 1024 * 1024]])]);
        var tooMany = await JourneyClient.SubmitLinkAsync(proven, fields,
            Enumerable.Range(0, 6).Select(i => ($"t{i}.pdf", "application/pdf", CsprJourneyTests.Pdf("x"))));

        Assert.Equal(HttpStatusCode.BadRequest, renamed.Status);
        Assert.Contains("template.pdf is not a PDF document", renamed.Html);
        Assert.Equal(HttpStatusCode.BadRequest, htmlBehindPdfHeader.Status);
        Assert.Contains("page.pdf is not a PDF document", htmlBehindPdfHeader.Html);
        Assert.Equal(HttpStatusCode.BadRequest, markupInPdf.Status);
        Assert.Contains("page2.pdf is not a PDF document", markupInPdf.Html);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.Status);
        Assert.Contains("must be a PDF or Word (.docx) document", wrongType.Html);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.Status);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
        Assert.Contains("no more than 5 documents", tooMany.Html);
        Assert.Equal("Requested", Status(await _client.GetAsync(id), "health", requests));
        Assert.Equal(HttpStatusCode.OK, (await _client.OpenLinkAsync(link)).Status);
    }

    [Fact]
    public async Task LinkPost_NotAFormOrWithoutItsToken_IsRefused()
    {
        var (id, link) = await AwaitingTriageAsync();
        var path = new Uri(link).PathAndQuery;
        using var client = new HttpClient { BaseAddress = _client.BaseAddress };

        var json = await client.PostAsync(path, TestData.Json("""{ "outcome": "RapidReview", "rationale": "x" }"""));
        var noToken = await client.PostAsync(path, new FormUrlEncodedContent([new("outcome", "RapidReview"), new("rationale", "x")]));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Contains(( await _client.GetAsync(id, "chair")).GetProperty("availableActions").EnumerateArray(), a => a.GetProperty("name").GetString() == "triage-referral");
    }

    /// <summary>Moves the shared clock a long way: every test here reads "today" from the clock, so order does not matter.</summary>
    [Fact]
    public async Task ExpiredLink_ShowsTheExpiredPageAndRecordsNothing()
    {
        var (id, link) = await AwaitingTriageAsync();
        var page = await _client.OpenLinkAsync(link);

        await _client.AdvanceAsync(new { days = 120 });
        var later = await _client.OpenLinkAsync(link);
        var (status, html) = await JourneyClient.SubmitLinkAsync(page, [("outcome", "RapidReview"), ("rationale", "Too late.")]);

        Assert.Equal(HttpStatusCode.Gone, later.Status);
        Assert.Equal("This link has expired", JourneyClient.Heading(later.Html));
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("This link has expired", JourneyClient.Heading(html));
        Assert.Equal("ReferralQa", (await _client.GetAsync(id)).GetProperty("stage").GetString());
    }
}
