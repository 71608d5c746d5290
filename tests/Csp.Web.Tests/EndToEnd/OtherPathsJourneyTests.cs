using System.Net;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// Statutory duties that hold off the main route, on the real host: a notifiable incident cannot be
/// closed at triage (the National Panel notification and the Rapid Review stay).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OtherPathsJourneyTests(LocalHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;

    [Fact]
    public async Task NotifiableIncident_TriagedToNoFurtherReview_IsRefusedWithTheReason_AndKeepsTheNotificationDeadline()
    {
        var today = await _client.TodayAsync();
        var id = await _client.SubmitAsync(JourneyClient.ReferralAwareOn(today.AddDays(-1)));
        await _client.ActAsync(id, "pass-referral-qa", "business-unit", new { notes = "Complete." });
        await _client.WaitForActionAsync(id, "triage-referral", "chair");
        var request = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Decision needed: does this referral go to a Rapid Review?"))[0];
        var page = await _client.OpenLinkAsRecipientAsync(request, "/a/");
        Assert.Contains("cannot be set aside at triage", WebUtility.HtmlDecode(page.Html));

        foreach (var outcome in new[] { "NoFurtherReview", "OtherLearningReview" })
        {
            var refused = await _client.TryActAsync(id, "triage-referral", "chair", new { outcome, rationale = "No learning for the partnership." });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var problem = await refused.ReadJsonAsync();
            Assert.Contains("must notify the National Panel", problem.GetProperty("detail").GetString());
            Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "outcome");
        }

        var view = await _client.GetAsync(id);
        Assert.Equal("ReferralQa", view.GetProperty("stage").GetString());
        Assert.Contains(view.GetProperty("deadlines").EnumerateArray(), d => d.GetProperty("kind").GetString() == "NationalPanelNotification");

        await _client.ActAsync(id, "triage-referral", "chair", new { outcome = "RapidReview", rationale = "Notifiable: a Rapid Review follows." });
        await _client.WaitForStageAsync(id, "Scoping");
    }

    [Fact]
    public async Task ReturnedReferral_TheResubmitFormRepeatsWhatQualityAssuranceAskedFor_AndHasTheReferralsFields()
    {
        var today = await _client.TodayAsync();
        var id = await _client.SubmitAsync(JourneyClient.ReferralAwareOn(today.AddDays(-1)));
        await _client.ActAsync(id, "return-referral", "business-unit", new { missingItems = "Add the senior manager's sign-off date and the school's contact." });
        await _client.WaitForActionAsync(id, "resubmit-referral");

        var page = await _client.SendAsync(HttpMethod.Get, $"/incidents/{id}/resubmit");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("asking for: Add the senior manager's sign-off date and the school's contact.", html);
        Assert.Contains("name=\"child.firstName\"", html);
        Assert.Contains("Resubmit the referral", html);

        // Meanwhile the National Panel notification, which does not wait for the referral, can still be recorded.
        var view = await _client.GetAsync(id);
        Assert.Contains(view.GetProperty("availableActions").EnumerateArray(), a => a.GetProperty("name").GetString() == "record-notification-delay");
    }
}
