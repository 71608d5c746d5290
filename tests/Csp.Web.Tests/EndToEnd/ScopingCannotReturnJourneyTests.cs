using System.Net;
using System.Text.Json;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// Over HTTP on the real host, as an agency and the business unit use it: an agency that cannot return
/// its scoping template says why on its link's page (a POST, with field errors, once); the reason is
/// recorded on the incident for the business unit, which is emailed without it; the agency's reminders
/// and escalations stop; the business unit asks again, and the agency gets a new link.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ScopingCannotReturnJourneyTests(LocalHostFixture fixture)
{
    private const string School = "Exampleton Primary School";
    private const string Reason = "Sample Fictionalchild was never on our roll: we hold no records to return.";
    private readonly JourneyClient _client = fixture.Client;

    [Fact]
    public async Task CannotReturn_ReasonRecordedForTheBusinessUnit_RemindersStop_AskedAgainWithANewLink()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(_client);
        var school = requests.Single(r => r.To.Contains("school", StringComparison.Ordinal));
        var police = requests.Single(r => r.To.Contains("police", StringComparison.Ordinal));
        var page = await _client.OpenLinkAsRecipientAsync(school, "/s/");

        // The page offers the second form, posted to its own address.
        var html = WebUtility.HtmlDecode(page.Html);
        Assert.Contains("We cannot return the scoping template", html);
        Assert.Contains($"action=\"{page.Url}/cannot-return\"", html);
        var form = new JourneyClient.LinkForm(page.Browser, page.Url + "/cannot-return", page.Html, page.Status);

        // A GET of that address does nothing.
        Assert.NotEqual(HttpStatusCode.OK, (await page.Browser.GetAsync(form.Url)).StatusCode);

        // No reason, or one too long: the field says what is wrong, and nothing is recorded.
        var (blankStatus, blankHtml) = await JourneyClient.SubmitLinkAsync(form, [("reason", "  ")]);
        Assert.Equal(HttpStatusCode.BadRequest, blankStatus);
        Assert.Contains("govuk-error-summary", blankHtml);
        Assert.Contains("href=\"#cannot-return-reason\"", blankHtml);
        Assert.Contains("Enter why your agency cannot return it", WebUtility.HtmlDecode(blankHtml));
        var (longStatus, longHtml) = await JourneyClient.SubmitLinkAsync(form, [("reason", new string('x', 2001))]);
        Assert.Equal(HttpStatusCode.BadRequest, longStatus);
        Assert.Contains("Why your agency cannot return it must be 2,000 characters or fewer", WebUtility.HtmlDecode(longHtml));
        Assert.Equal("Requested", Agency(await _client.GetAsync(id)).GetProperty("status").GetString());

        // The reason sent; a second post records nothing more.
        var (status, sent) = await JourneyClient.SubmitLinkAsync(form, [("reason", Reason)]);
        Assert.True(status == HttpStatusCode.OK, sent);
        Assert.Equal("Your reason has been sent", JourneyClient.Heading(sent));
        Assert.Contains("You will get no more reminders about this request", WebUtility.HtmlDecode(sent));
        var (againStatus, again) = await JourneyClient.SubmitLinkAsync(form, [("reason", "Sent twice.")]);
        Assert.Equal(HttpStatusCode.Gone, againStatus);
        Assert.Equal("This link has already been used", JourneyClient.Heading(again));

        // The business unit sees the reason on the incident (its timeline and its page) and is emailed without it.
        var view = await _client.WaitForAsync(id, "business-unit", v => Agency(v).GetProperty("status").GetString() == "CannotReturn", "the agency's reason");
        var entries = view.GetProperty("timeline").EnumerateArray().Where(t => t.GetProperty("what").GetString() == $"{School} says it cannot return its scoping template.").ToList();
        Assert.Equal(Reason, Assert.Single(entries).GetProperty("why").GetString());
        var incidentPage = WebUtility.HtmlDecode(await (await _client.SendAsync(HttpMethod.Get, "/incidents/" + id)).Content.ReadAsStringAsync());
        Assert.Contains("The agency says it cannot return the template: " + Reason, incidentPage);
        var told = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] An agency cannot return its scoping template", incidentId: id)).Single();
        var text = await _client.MessageTextAsync(told.Id);
        Assert.Contains($"{School} says it cannot return its scoping template for {id}", text);
        Assert.DoesNotContain("Fictionalchild", text);
        Assert.DoesNotContain("never on our roll", text);

        // Past the due date the other agencies are chased; the school, whose reason is with the business unit, is not.
        await _client.AdvanceAsync(new { workingDays = 7 });
        await _client.WaitForMailAsync(m => m.To == police.To && m.Subject.StartsWith($"[{id}] Overdue: Scoping return from", StringComparison.Ordinal), incidentId: id);
        var mail = await _client.MailboxAsync(id);
        Assert.DoesNotContain(mail, m => m.SentAt > told.SentAt && (m.To == school.To || m.Subject.Contains(School, StringComparison.Ordinal)));
        Assert.Equal("CannotReturn", Agency(await _client.GetAsync(id)).GetProperty("status").GetString());

        // The business unit asks again: the school gets a new link that works, and the business unit's words.
        await _client.WaitForChoiceAsync(id, "chase-scoping-return", "agency", School);
        await _client.ActAsync(id, "chase-scoping-return", "business-unit", new { agency = School, message = "Please check the admissions records for the last two years." });
        var asked = (await _client.WaitForMailAsync(m => m.To == school.To && m.Subject == $"[{id}] Rapid Review scoping request: the business unit still needs your return", incidentId: id)).Single();
        Assert.Contains("Please check the admissions records for the last two years.", await _client.MessageTextAsync(asked.Id));
        var newLink = await _client.OpenLinkAsRecipientAsync(asked, "/s/");
        Assert.Equal(HttpStatusCode.OK, newLink.Status);
        Assert.Equal("Requested", Agency(await _client.GetAsync(id)).GetProperty("status").GetString());
    }

    private static JsonElement Agency(JsonElement view) =>
        view.GetProperty("scoping").EnumerateArray().Single(a => a.GetProperty("agency").GetString() == School);
}
