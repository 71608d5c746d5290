using System.Net;
using System.Net.Http.Headers;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// A local CSPR paused for parallel proceedings, as the business unit meets it: the page says the pause
/// does not move the 6-month date and that the National Panel is told of a revised timetable; the
/// invitation of practitioners and the family is not offered while paused; when the paused review passes
/// its date the business unit is told and asked for the revised timetable, which goes to the Panel.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PausedReviewJourneyTests(LocalHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    [Fact]
    public async Task PausedLocalCspr_DateStands_InvitationsHeld_PastItsDateTheRevisedTimetableGoesToThePanel()
    {
        var (id, decidedOn) = await IncidentJourneys.ToLocalCsprAsync(_client);
        var today = await _client.TodayAsync();
        var due = decidedOn.AddMonths(6);
        await _client.ActAsync(id, "confirm-cspr-panel", "business-unit", new { on = Iso(today) });
        await _client.ActAsync(id, "commission-lead-reviewer", "business-unit", new { reviewerName = "Sam Reviewer", on = Iso(today) });
        var terms = new ByteArrayContent(CsprJourneyTests.Pdf("terms " + id));
        terms.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        Assert.Equal(HttpStatusCode.Created, (await _client.SendAsync(HttpMethod.Post, $"/api/incidents/{id}/reports/TermsOfReference?fileName=terms.pdf", content: terms)).StatusCode);
        await _client.ActAsync(id, "approve-terms-of-reference", "chair", new { on = Iso(today) });
        await _client.WaitForActionAsync(id, "record-practitioner-and-family-invitations");

        // Paused for the criminal trial: the date stands and the page says so; the invitations wait for the resume.
        await _client.ActAsync(id, "pause-review", "business-unit", new { proceedings = "Criminal", reason = "Criminal trial pending.", from = Iso(today) });
        var paused = await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("paused").GetBoolean(), "the pause");
        Assert.Equal(Iso(due), JourneyClient.Deadline(paused, "LocalCsprCompletion", "due"));
        var basis = JourneyClient.Deadline(paused, "LocalCsprCompletion", "basis");
        Assert.Contains("Paused for criminal proceedings since", basis);
        Assert.Contains("the pause does not move this date", basis);
        Assert.Contains("the National Panel is told of a revised timetable", basis);
        Assert.DoesNotContain(paused.GetProperty("availableActions").EnumerateArray(), a => a.GetProperty("name").GetString() == "record-practitioner-and-family-invitations");
        Assert.DoesNotContain("Invite practitioners and the family", paused.GetProperty("awaitingSummary").GetString() ?? "");
        Assert.Contains(paused.GetProperty("waitingActions").EnumerateArray(), w => w.GetProperty("name").GetString() == "record-practitioner-and-family-invitations"
            && w.GetProperty("reason").GetString()!.Contains("paused for criminal proceedings"));
        Assert.Equal(HttpStatusCode.Conflict, (await _client.TryActAsync(id, "record-practitioner-and-family-invitations", "business-unit", new { on = Iso(today) })).StatusCode);
        var page = WebUtility.HtmlDecode(await (await _client.SendAsync(HttpMethod.Get, "/incidents/" + id)).Content.ReadAsStringAsync());
        Assert.Contains("the pause does not move this date", page);

        // Still paused past the date: the business unit is told and asked for the revised timetable.
        await _client.AdvanceAsync(new { days = due.DayNumber - (await _client.TodayAsync()).DayNumber + 1 });
        // Past the morning of the working day after the date, whatever the time of day the clock reads (a date on a Friday included).
        await _client.AdvanceAsync(new { workingDays = 2 });
        var told = await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Paused past its date: Local CSPR completion", incidentId: id);
        Assert.Contains(told, m => m.To.Contains("business.unit@partnership.example"));
        Assert.Contains("the pause does not move that date", await _client.MessageTextAsync(told[0].Id));
        var overdue = await _client.WaitForActionAsync(id, "record-revised-timetable");
        Assert.Equal("Overdue", JourneyClient.Deadline(overdue, "LocalCsprCompletion"));
        Assert.Contains("the National Panel is to be sent a revised timetable", JourneyClient.Deadline(overdue, "LocalCsprCompletion", "basis"));

        // A date already passed is refused; the revised timetable goes to the Panel and onto the timeline.
        var now = await _client.TodayAsync();
        var past = await _client.TryActAsync(id, "record-revised-timetable", "business-unit", new { expectedBy = Iso(now), timetable = "After the trial." });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, past.StatusCode);
        Assert.Contains("expectedBy", await past.Content.ReadAsStringAsync());
        var expectedBy = now.AddMonths(3);
        await _client.ActAsync(id, "record-revised-timetable", "business-unit", new { expectedBy = Iso(expectedBy), timetable = "Practitioner events follow the trial; the report follows them." });
        var panel = await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Revised timetable for a review paused for parallel proceedings", incidentId: id);
        Assert.Contains("national.panel@panel.example", panel[0].To);
        Assert.DoesNotContain("Fictionalchild", await _client.MessageTextAsync(panel[0].Id));
        var after = await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("timeline").EnumerateArray()
            .Any(t => t.GetProperty("what").GetString()!.Contains("Revised timetable sent to the National Panel")), "the timetable on the timeline");
        Assert.DoesNotContain(after.GetProperty("availableActions").EnumerateArray(), a => a.GetProperty("name").GetString() == "record-revised-timetable");
    }
}
