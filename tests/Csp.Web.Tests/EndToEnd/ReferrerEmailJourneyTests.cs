using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// The referrer works for any agency and has no account here: every email to them says the same
/// thing, that the business unit (by its address) has what is not in the email, and none sends them
/// to a secure site they cannot sign in to. A returned referral says where and how to send the
/// corrected one.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ReferrerEmailJourneyTests(LocalHostFixture fixture)
{
    private const string Referrer = "alex.examplereferrer@health.example";
    private const string BusinessUnit = "business.unit@partnership.example";
    private readonly JourneyClient _client = fixture.Client;

    [Fact]
    public async Task ReturnedReferral_EmailToTheReferrer_SaysWhereToSendTheCorrectedReferralAndNotToSignIn()
    {
        var today = await _client.TodayAsync();
        var id = await _client.SubmitAsync(JourneyClient.ReferralAwareOn(today));
        await _client.ActAsync(id, "return-referral", "business-unit", new { missingItems = "Add the senior manager's sign-off date." });

        var mail = (await _client.WaitForMailAsync(m => JourneyClient.Address(m.To) == Referrer && m.Subject == $"[{id}] Your referral needs more information")).Single();
        var text = await _client.MessageTextAsync(mail.Id);
        Assert.Contains("Add the senior manager's sign-off date.", text);
        Assert.Contains($"email the corrected referral, signed off by a senior manager, to the business unit at {BusinessUnit}, quoting {id}", text);
        Assert.Contains("you do not need to make a new referral", text);
        Assert.DoesNotContain("secure site", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sign in", text, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(mail.Links);
    }

    [Fact]
    public async Task ReferrerEmails_TriageAndRapidReviewOutcomes_AskTheBusinessUnitForTheRationale_TheSubgroupChairGetsTheCase()
    {
        var id = await IncidentJourneys.ToApprovedDecisionAsync(_client);
        var today = (await _client.TodayAsync()).ToString("yyyy-MM-dd");
        await _client.ActAsync(id, "record-rapid-review-report-submitted", "business-unit", new { sentOn = today, panelReference = "NP-RR-" + id, reportVersion = "2" });

        var triage = (await _client.WaitForMailAsync(m => JourneyClient.Address(m.To) == Referrer && m.Subject == $"[{id}] Outcome of the referral")).Single();
        var outcome = (await _client.WaitForMailAsync(m => JourneyClient.Address(m.To) == Referrer && m.Subject == $"[{id}] Outcome of the Rapid Review")).Single();
        foreach (var mail in new[] { triage, outcome })
        {
            var text = await _client.MessageTextAsync(mail.Id);
            Assert.Contains(BusinessUnit, text);
            Assert.DoesNotContain("secure site", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("sign in", text, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(mail.Links);
        }

        // The same outcome to the subgroup chair, who signs in, links the case.
        var chair = (await _client.WaitForMailAsync(m => JourneyClient.Address(m.To) == "subgroup.chair@partnership.example" && m.Subject == $"[{id}] Outcome of the Rapid Review")).Single();
        Assert.Contains(chair.Links, l => new Uri(l).AbsolutePath == "/incidents/" + id);
        Assert.Contains("The case is on the secure site", await _client.MessageTextAsync(chair.Id));
    }

    [Fact]
    public async Task TriageApprovalPage_AwareTheDayItWasReceived_SaysTheDateOnce_AndTheRationaleHintMatchesTheReferrersEmail()
    {
        var today = await _client.TodayAsync();
        var id = await _client.SubmitAsync(JourneyClient.ReferralAwareOn(today));
        await _client.ActAsync(id, "pass-referral-qa", "business-unit", new { notes = "Complete." });
        var request = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Decision needed: does this referral go to a Rapid Review?")).Single();
        var page = await _client.OpenLinkAsRecipientAsync(request, "/a/");
        var html = System.Net.WebUtility.HtmlDecode(page.Html);

        var received = today.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, System.Text.RegularExpressions.Regex.Escape(received) + "(?! at)"));
        Assert.Contains("The same day the referral was received", html);
        Assert.DoesNotContain("shown to the referrer", html);
        Assert.Contains("The referrer is told the decision and can ask the business unit for the rationale.", html);
    }
}
