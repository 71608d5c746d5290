using System.Net;
using System.Text.RegularExpressions;
using Csp.Web.Development;
using Csp.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// The child's details on an agency's scoping link, against the real host, workflow and Azurite: a
/// forwarded link shows the reference, the date due and what to do; the child's name and date of
/// birth, and the agency's earlier answers, only after a one-time code emailed to the address the
/// request went to is entered in that browser.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class ScopingLinkCodeTests(LocalHostFixture fixture)
{
    private const string ChildName = "Sample Fictionalchild";
    private const string DateOfBirth = "11 February 2018";

    private readonly JourneyClient _client = fixture.Client;

    private sealed record AgencyLink(string IncidentId, JourneyClient.Mail Request, string Url);

    private async Task<(string Id, IReadOnlyList<JourneyClient.Mail> Requests)> ScopingAsync() => await IncidentJourneys.ToScopingAsync(_client);

    private static AgencyLink LinkOf(string id, IReadOnlyList<JourneyClient.Mail> requests, string agencyEmailPart)
    {
        var request = requests.Single(r => r.To.Contains(agencyEmailPart, StringComparison.Ordinal));
        return new AgencyLink(id, request, request.LinkStartingWith("/s/")!);
    }

    private static string CodeSubject(string id) => $"[{id}] Your code for the scoping request";

    private static string Text(string html) => WebUtility.HtmlDecode(html);

    /// <summary>Posts one of the page's forms (with the page's anti-forgery token) below the link's own address.</summary>
    private static Task<HttpResponseMessage> PostAsync(JourneyClient.LinkForm page, string below, params (string Name, string Value)[] fields) =>
        page.Browser.PostAsync(page.Url + below, TestData.Form(page.Html, fields));

    private async Task<IReadOnlyList<JourneyClient.Mail>> CodeMailsAsync(string id) =>
        (await _client.MailboxAsync()).Where(m => m.Subject == CodeSubject(id)).ToList();

    /// <summary>Asks for a code from the page and reads it from the newest code email to the agency.</summary>
    private async Task<string> RequestCodeAsync(JourneyClient.LinkForm page, string id, int expectedEmails = 1)
    {
        var response = await PostAsync(page, "/code");
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(page.Url + "#child-details", response.Headers.Location?.OriginalString);
        var mails = await _client.WaitForMailAsync(m => m.Subject == CodeSubject(id), expectedEmails);
        var newest = mails.OrderByDescending(m => m.SentAt).First();
        return CodePattern().Match(await _client.MessageTextAsync(newest.Id)).Groups[1].Value;
    }

    private async Task<JourneyClient.LinkForm> ReloadAsync(JourneyClient.LinkForm page)
    {
        var response = await page.Browser.GetAsync(page.Url);
        return page with { Html = await response.Content.ReadAsStringAsync(), Status = response.StatusCode };
    }

    private static string OtherCode(string code) => ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task ScopingLink_WithoutCode_ShowsReferenceDueDateAndWhatToDoButNoChildNameOrDateOfBirth()
    {
        var (id, requests) = await ScopingAsync();
        var link = LinkOf(id, requests, "police");
        var page = await _client.OpenLinkAsync(link.Url);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var html = Text(page.Html);
        Assert.Contains(id, html);
        Assert.Contains("Return it by", html);
        Assert.Contains("Email me a code to see the child's details", html);
        Assert.Contains("name=\"involvement\"", html); // what to do: the form is there
        Assert.DoesNotContain("Fictionalchild", html);
        Assert.DoesNotContain(DateOfBirth, html);
        Assert.DoesNotContain("2018-02-11", html);
        Assert.Empty(await CodeMailsAsync(id)); // opening the link sends nothing
    }

    [Fact]
    public async Task RequestCode_Twice_SendsExactlyOneEmailToTheAgencysAddressWithNoChildData()
    {
        var (id, requests) = await ScopingAsync();
        var link = LinkOf(id, requests, "police");
        var page = await _client.OpenLinkAsync(link.Url);

        // A double click, with an address typed into the post for good measure: one email, to the agency's address.
        var first = await PostAsync(page, "/code", ("email", "someone.else@attacker.example"), ("to", "someone.else@attacker.example"));
        var second = await PostAsync(page, "/code");
        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        // The second within the minute sends nothing, and says so.
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Contains("A code was emailed less than 1 minute ago, so no new one was sent", Text(await second.Content.ReadAsStringAsync()));

        var mails = await CodeMailsAsync(id);
        var mail = Assert.Single(mails);
        Assert.Equal(link.Request.To, mail.To);
        Assert.DoesNotContain(await _client.MailboxAsync(), m => m.To.Contains("attacker", StringComparison.Ordinal));
        Assert.Empty(mail.Links);
        var text = await _client.MessageTextAsync(mail.Id);
        Assert.Matches(CodePattern(), text);
        Assert.Contains(id, text);
        Assert.Contains("15 minutes", text);
        Assert.DoesNotContain("Fictionalchild", text);
        Assert.DoesNotContain("Sample", text);
        Assert.DoesNotContain("2018", text);
        Assert.DoesNotContain(DateOfBirth, text);

        // The page now asks for the code and says where it went; still no child details.
        var waiting = Text((await ReloadAsync(page)).Html);
        Assert.Contains("Code from the email", waiting);
        Assert.Contains(link.Request.To.Split('<').Last().TrimEnd('>'), waiting);
        Assert.DoesNotContain("Fictionalchild", waiting);
    }

    [Fact]
    public async Task CheckCode_Correct_ShowsNameAndDateOfBirthInThatBrowserOnly_CodeWorksOnce()
    {
        var (id, requests) = await ScopingAsync();
        var link = LinkOf(id, requests, "police");
        var page = await _client.OpenLinkAsync(link.Url);
        var code = await RequestCodeAsync(page, id);
        page = await ReloadAsync(page);

        var response = await PostAsync(page, "/code/check", ("code", code[..3] + " " + code[3..]));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("csp-link-code=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=strict", cookie);
        Assert.Contains("path=" + new Uri(link.Url).AbsolutePath.ToLowerInvariant(), cookie);
        Assert.Contains("max-age=", cookie);

        var shown = await ReloadAsync(page);
        Assert.Equal(HttpStatusCode.OK, shown.Status);
        Assert.Contains(ChildName, Text(shown.Html));
        Assert.Contains(DateOfBirth, Text(shown.Html));
        Assert.Contains("no-store", (await page.Browser.GetAsync(page.Url)).Headers.CacheControl?.ToString());

        // The same link forwarded (another browser, no code entered) shows nothing more than before.
        var forwarded = await _client.OpenLinkAsync(link.Url);
        Assert.Equal(HttpStatusCode.OK, forwarded.Status);
        Assert.DoesNotContain("Fictionalchild", Text(forwarded.Html));

        // The code works once: the forwarded browser cannot use it again.
        var again = await PostAsync(forwarded, "/code/check", ("code", code));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var refused = Text(await again.Content.ReadAsStringAsync());
        Assert.Contains("That code has been used already", refused);
        Assert.DoesNotContain("Fictionalchild", refused);
    }

    [Fact]
    public async Task CheckCode_WrongFiveTimes_LocksTheCode_UntilANewOneIsSent()
    {
        var (id, requests) = await ScopingAsync();
        var link = LinkOf(id, requests, "school");
        var page = await _client.OpenLinkAsync(link.Url);
        var code = await RequestCodeAsync(page, id);
        page = await ReloadAsync(page);

        // Not a code at all: said so, and not counted as a try.
        var typo = await PostAsync(page, "/code/check", ("code", "12ab"));
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Contains("Enter the 6-digit code from the email", Text(await typo.Content.ReadAsStringAsync()));

        for (var left = 4; left >= 1; left--)
        {
            var wrong = await PostAsync(page, "/code/check", ("code", OtherCode(code)));
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            var html = Text(await wrong.Content.ReadAsStringAsync());
            Assert.Contains("govuk-error-summary", html);
            Assert.Contains("id=\"code-error\"", html); // the message beside the field
            Assert.Contains($"You can try {left} more time", html);
            Assert.StartsWith("Error:", TitleOf(html));
            Assert.DoesNotContain("Fictionalchild", html);
        }
        var fifth = await PostAsync(page, "/code/check", ("code", OtherCode(code)));
        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.StatusCode);
        Assert.Contains("entered wrongly 5 times", Text(await fifth.Content.ReadAsStringAsync()));

        // Locked: even the right code is refused now, and shows nothing.
        var right = await PostAsync(page, "/code/check", ("code", code));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.DoesNotContain("Fictionalchild", Text((await ReloadAsync(page)).Html));

        // A new code (the lock needs no waiting for the resend minute) opens the details.
        var fresh = await RequestCodeAsync(page, id, expectedEmails: 2);
        page = await ReloadAsync(page);
        Assert.Equal(HttpStatusCode.SeeOther, (await PostAsync(page, "/code/check", ("code", fresh))).StatusCode);
        Assert.Contains(ChildName, Text((await ReloadAsync(page)).Html));
    }

    [Fact]
    public async Task CheckCode_AfterFifteenMinutes_IsRefusedAsExpired()
    {
        var (id, requests) = await ScopingAsync();
        var link = LinkOf(id, requests, "health");
        var page = await _client.OpenLinkAsync(link.Url);
        var code = await RequestCodeAsync(page, id);
        page = await ReloadAsync(page);

        fixture.Host.Services.GetRequiredService<IDevelopmentClock>().Advance(TimeSpan.FromMinutes(16));
        var late = await PostAsync(page, "/code/check", ("code", code));
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        var html = Text(await late.Content.ReadAsStringAsync());
        Assert.Contains("The code has expired", html);
        Assert.DoesNotContain("Fictionalchild", html);
        Assert.DoesNotContain("Fictionalchild", Text((await ReloadAsync(page)).Html));
    }

    [Fact]
    public async Task CodeAndCookie_ForOneLink_DoNotOpenAnother()
    {
        var (id, requests) = await ScopingAsync();
        var police = LinkOf(id, requests, "police");
        var school = LinkOf(id, requests, "school");
        var policePage = await _client.OpenLinkAsync(police.Url);
        var schoolPage = await _client.OpenLinkAsync(school.Url);

        // The police link's code, typed on the school's link (which has no code of its own yet, then one of its own).
        var policeCode = await RequestCodeAsync(policePage, id);
        var onSchool = await PostAsync(schoolPage, "/code/check", ("code", policeCode));
        Assert.Equal(HttpStatusCode.BadRequest, onSchool.StatusCode);
        Assert.Contains("No code has been sent for this link yet", Text(await onSchool.Content.ReadAsStringAsync()));
        var schoolCode = await RequestCodeAsync(schoolPage, id, expectedEmails: 2);
        Assert.Single(await CodeMailsAsync(id), m => m.To == school.Request.To);
        schoolPage = await ReloadAsync(schoolPage);
        if (schoolCode != policeCode)
        {
            var crossed = await PostAsync(schoolPage, "/code/check", ("code", policeCode));
            Assert.Equal(HttpStatusCode.BadRequest, crossed.StatusCode);
            Assert.Contains("The code is not right", Text(await crossed.Content.ReadAsStringAsync()));
        }

        // The police browser's proof, sent with a request for the school's link, shows the school's page without details.
        policePage = await ReloadAsync(policePage);
        var verified = await PostAsync(policePage, "/code/check", ("code", policeCode));
        Assert.Equal(HttpStatusCode.SeeOther, verified.StatusCode);
        var proof = verified.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("csp-link-code=", StringComparison.Ordinal)).Split(';')[0];
        Assert.Contains(ChildName, Text((await ReloadAsync(policePage)).Html));
        using var replay = new HttpRequestMessage(HttpMethod.Get, new Uri(school.Url).PathAndQuery);
        replay.Headers.Add("Cookie", proof);
        using var plain = fixture.Host.Client();
        var other = await plain.SendAsync(replay);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.DoesNotContain("Fictionalchild", Text(await other.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Resubmission_AfterCode_IsPrefilledWithEarlierAnswersAndDocuments_AndShowsTheBusinessUnitsQuestions()
    {
        var (id, requests) = await ScopingAsync();
        var link = LinkOf(id, requests, "police");
        var page = await _client.ProveAsync(await _client.OpenLinkAsync(link.Url), link.Request.To, id);
        var (status, _) = await JourneyClient.SubmitLinkAsync(page,
            [("involvement", "Two call-outs to the family home."), ("learning", "Share call-out logs."), ("completedBy", "DCI Example"), ("completedByRole", "Public protection")],
            [("police-log.pdf", "application/pdf", CsprJourneyTests.Pdf("police " + id))]);
        Assert.Equal(HttpStatusCode.OK, status);
        const string agency = "Exampleshire Police Public Protection Unit";
        await _client.WaitForChoiceAsync(id, "request-scoping-resubmission", "agency", agency);
        await _client.ActAsync(id, "request-scoping-resubmission", "business-unit", new { agency, gaps = "Add the dates of each call-out." });
        var again = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Scoping return: please resubmit"))[0];

        // From the link alone: the business unit's questions, but not the earlier answers.
        var resubmit = await _client.OpenLinkAsync(again.LinkStartingWith("/s/")!);
        var before = Text(resubmit.Html);
        Assert.Contains("What the business unit asks you to add", before);
        Assert.Contains("Add the dates of each call-out.", before);
        Assert.Contains("Your earlier answers fill in the form below once you have entered the code", before);
        Assert.DoesNotContain("Two call-outs to the family home.", before);
        Assert.DoesNotContain("police-log.pdf", before);

        // With the code: the form starts from the earlier answers, and lists the documents sent before.
        var code = await RequestCodeAsync(resubmit, id, expectedEmails: 2); // the first link's code went before
        resubmit = await ReloadAsync(resubmit);
        Assert.Equal(HttpStatusCode.SeeOther, (await PostAsync(resubmit, "/code/check", ("code", code))).StatusCode);
        resubmit = await ReloadAsync(resubmit);
        var after = Text(resubmit.Html);
        Assert.Contains("Add the dates of each call-out.", after);
        Assert.Matches(new Regex("<textarea[^>]*name=\"involvement\"[^>]*>\\s*Two call-outs to the family home.</textarea>"), after);
        Assert.Matches(new Regex("<textarea[^>]*name=\"learning\"[^>]*>\\s*Share call-out logs.</textarea>"), after);
        Assert.Matches(new Regex("name=\"completedBy\"[^>]*value=\"DCI Example\"|value=\"DCI Example\"[^>]*name=\"completedBy\""), after);
        Assert.Contains("police-log.pdf", after);
        Assert.Contains(ChildName, after);

        // Sent again with one answer changed: the staff see the second round with the new answer.
        var (resent, html) = await JourneyClient.SubmitLinkAsync(resubmit,
            [("involvement", "Call-outs on 3 and 9 March."), ("learning", "Share call-out logs."), ("completedBy", "DCI Example"), ("completedByRole", "Public protection")]);
        Assert.True(resent == HttpStatusCode.OK, html);
    }

    [Fact]
    public async Task ScopingReturn_WithoutTheCode_IsRefusedAndRecordsNothing_WithIt_TheReturnNamesTheVerifiedAddress()
    {
        var (id, requests) = await ScopingAsync();
        var link = LinkOf(id, requests, "school");
        (string, string)[] answers = [("involvement", "Attendance concerns."), ("completedBy", "A Forwardee"), ("completedByRole", "Not the school")];

        // A forwarded link: the form is there, but sending it without the code records nothing and says what to do.
        var forwarded = await _client.OpenLinkAsync(link.Url);
        Assert.Contains("data-testid=\"link-proof\"", forwarded.Html);
        Assert.Contains("Nothing is recorded without it", Text(forwarded.Html));
        var (refused, refusedHtml) = await JourneyClient.SubmitLinkAsync(forwarded, answers);
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
        Assert.Contains("Nothing has been recorded. Enter the code we email to dsl@school.example.org", Text(refusedHtml));
        var unchanged = await _client.GetAsync(id);
        Assert.Equal("Requested", unchanged.GetProperty("scoping").EnumerateArray().Single(a => a.GetProperty("agency").GetString() == "Exampleton Primary School").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _client.OpenLinkAsync(link.Url)).Status); // the link still works for the school

        // The school, with the code sent to its address: recorded, naming the address the code went to.
        var proven = await _client.ProveAsync(await _client.OpenLinkAsync(link.Url), link.Request.To, id);
        var (sent, sentHtml) = await JourneyClient.SubmitLinkAsync(proven, [("involvement", "Attendance concerns."), ("completedBy", "A Lead"), ("completedByRole", "DSL")]);
        Assert.True(sent == HttpStatusCode.OK, sentHtml);
        Assert.Contains("Recorded as sent by Exampleton Primary School, code sent to dsl@school.example.org", Text(sentHtml));
        var view = await _client.WaitForAsync(id, "business-unit",
            v => v.GetProperty("timeline").EnumerateArray().Any(t => t.GetProperty("what").GetString()!.StartsWith("Scoping return received from Exampleton Primary School", StringComparison.Ordinal)), "the school's return");
        var entry = view.GetProperty("timeline").EnumerateArray().First(t => t.GetProperty("what").GetString()!.StartsWith("Scoping return received from Exampleton Primary School", StringComparison.Ordinal));
        Assert.Equal("Exampleton Primary School, code sent to dsl@school.example.org", entry.GetProperty("who").GetString());
        Assert.DoesNotContain(view.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("who").GetString()!.Contains("Forwardee", StringComparison.Ordinal));
        // The business unit's email about the return says who sent it, the same way.
        var told = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Scoping return received")).First();
        Assert.Contains("Sent by Exampleton Primary School, code sent to dsl@school.example.org.", await _client.MessageTextAsync(told.Id));
    }

    [Fact]
    public async Task UsedScopingLink_PostedAgainWithNewAnswers_SaysAlreadyUsed_AndChangesNothing()
    {
        var (id, requests) = await ScopingAsync();
        var link = LinkOf(id, requests, "health");
        var page = await _client.ProveAsync(await _client.OpenLinkAsync(link.Url), link.Request.To, id);
        var (first, firstHtml) = await JourneyClient.SubmitLinkAsync(page, [("involvement", "Health visiting, first answer."), ("completedBy", "Nurse"), ("completedByRole", "Named nurse")]);
        Assert.True(first == HttpStatusCode.OK, firstHtml);
        var returned = await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("scoping").EnumerateArray().Any(a => a.GetProperty("status").GetString() == "Returned"), "the return");
        var agencyKey = returned.GetProperty("scoping").EnumerateArray().First(a => a.GetProperty("status").GetString() == "Returned").GetProperty("key").GetString()!;
        var before = await (await _client.SendAsync(HttpMethod.Get, $"/api/incidents/{id}/scoping/{agencyKey}")).Content.ReadAsStringAsync();

        // The same browser (code entered, page still open) sends corrected answers.
        var (second, secondHtml) = await JourneyClient.SubmitLinkAsync(page, [("involvement", "Corrected answer."), ("completedBy", "Nurse"), ("completedByRole", "Named nurse")]);
        Assert.Equal(HttpStatusCode.Gone, second);
        Assert.Equal("This link has already been used", JourneyClient.Heading(secondHtml));
        Assert.DoesNotContain("received", JourneyClient.Heading(secondHtml), StringComparison.OrdinalIgnoreCase);
        var after = await (await _client.SendAsync(HttpMethod.Get, $"/api/incidents/{id}/scoping/{agencyKey}")).Content.ReadAsStringAsync();
        Assert.Equal(before, after);
        Assert.DoesNotContain("Corrected answer.", after);
    }

    private static string TitleOf(string html) => TitlePattern().Match(html).Groups[1].Value.Trim();

    [GeneratedRegex(@"Your code is (\d{6})")]
    private static partial Regex CodePattern();

    [GeneratedRegex("<title>([^<]*)</title>")]
    private static partial Regex TitlePattern();
}
