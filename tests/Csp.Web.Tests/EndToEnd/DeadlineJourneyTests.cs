using System.Net;
using System.Text.Json;
using Csp.Domain.Calendar;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// Deadlines that tell the truth: a duty done shows met (or waived) with its date and stops making
/// the incident red; the dashboard shows each incident's next open deadline; "waiting for" drops
/// people as they reply; closed incidents have no open deadline and are listed under a Closed filter.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DeadlineJourneyTests(LocalHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    [Fact]
    public async Task ScopingReturns_AcceptedAndWaived_MetNotOverdue_DashboardShowsTheNextOpenDeadline()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(_client);
        await IncidentJourneys.ReturnAndAcceptAllAsync(_client, id, requests.Where(r => !r.To.Contains("school")).ToList());
        await _client.ActAsync(id, "waive-scoping-return", "business-unit", new { agency = "Exampleton Primary School", reason = "No involvement with the family." });
        await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("scoping").EnumerateArray().All(a => a.GetProperty("status").GetString() is "Accepted" or "Waived"), "every return settled");

        // Past the returns' due date: met, not overdue, and not what the dashboard shows next.
        await _client.AdvanceAsync(new { workingDays = 7 });
        var view = await _client.GetAsync(id);
        Assert.Equal("Met", JourneyClient.Deadline(view, "ScopingReturns"));
        Assert.NotNull(view.GetProperty("deadlines").EnumerateArray().Single(d => d.GetProperty("kind").GetString() == "ScopingReturns").GetProperty("metOn").GetString());
        var row = await DashboardRowAsync(id);
        Assert.Equal("RapidReviewDecision", row.GetProperty("nextDeadline").GetProperty("kind").GetString());
        Assert.NotEqual("Red", row.GetProperty("rag").GetString());

        // Waiting for: an invitee who has replied is no longer waited for.
        var today = await _client.TodayAsync();
        await _client.ActAsync(id, "schedule-rapid-review-meeting", "business-unit",
            new { startsAt = Iso(WorkingDayCalendar.EnglandAndWales.AddWorkingDays(today, 2)) + "T10:00", durationMinutes = 60, location = "Online" });
        var invitation = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Please reply to the Rapid Review invitation" && m.To.Contains("police.panel@")))[0];
        const string member = "Reply to the Rapid Review invitation: Detective chief inspector, public protection;";
        await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("awaitingSummary").GetString()?.Contains(member) == true, "the invitations");
        var page = await _client.OpenLinkAsRecipientAsync(invitation, "/a/");
        var (status, _) = await JourneyClient.SubmitLinkAsync(page, [("response", "Accepted")]);
        Assert.Equal(HttpStatusCode.OK, status);
        var after = await _client.WaitForAsync(id, "business-unit",
            v => v.GetProperty("meeting").GetProperty("invitees").EnumerateArray().Any(i => i.GetProperty("response").GetString() == "Accepted"), "the reply");
        Assert.DoesNotContain(member, after.GetProperty("awaitingSummary").GetString());
        Assert.Contains("Deputy: Detective chief inspector", after.GetProperty("awaitingSummary").GetString());
    }

    [Fact]
    public async Task ClosedIncident_NoOpenDeadline_ListedUnderTheClosedFilter()
    {
        var today = await _client.TodayAsync();
        // Not notifiable (no abuse or neglect suspected): the chair may decide on no further review.
        var referral = JourneyClient.ReferralAwareOn(today.AddDays(-30));
        referral["incident"]!["abuseOrNeglect"] = "No";
        var id = await _client.SubmitAsync(referral);
        await _client.ActAsync(id, "pass-referral-qa", "business-unit", new { notes = "Complete." });
        await _client.ActAsync(id, "triage-referral", "chair", new { outcome = "NoFurtherReview", rationale = "Does not meet the criteria." });
        var closed = await _client.WaitForStageAsync(id, "Closed");
        Assert.DoesNotContain(closed.GetProperty("deadlines").EnumerateArray(), d => d.GetProperty("state").GetString() is "Overdue" or "Due");

        var listed = await (await _client.SendAsync(HttpMethod.Get, "/api/incidents?stage=Closed&pageSize=200")).ReadJsonAsync();
        var row = listed.GetProperty("incidents").EnumerateArray().Single(i => i.GetProperty("incidentId").GetString() == id);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("nextDeadline").ValueKind);

        var html = WebUtility.HtmlDecode(await (await _client.SendAsync(HttpMethod.Get, "/?stage=Closed")).Content.ReadAsStringAsync());
        Assert.Contains("<h1 class=\"govuk-heading-l\">Closed incidents</h1>", html);
        Assert.Contains(id, html);
        Assert.Contains("<option value=\"Closed\" selected", html);
        var open = await (await _client.SendAsync(HttpMethod.Get, "/")).Content.ReadAsStringAsync();
        Assert.DoesNotContain($">{id}<", open);
    }

    private async Task<JsonElement> DashboardRowAsync(string id)
    {
        var list = await (await _client.SendAsync(HttpMethod.Get, "/api/incidents?pageSize=200")).ReadJsonAsync();
        return list.GetProperty("incidents").EnumerateArray().Single(i => i.GetProperty("incidentId").GetString() == id);
    }
}
