using System.Net;
using System.Text.Json;
using Csp.Domain.Calendar;
using Csp.Web.Tests.AnnualReports;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// The scoping rows of the incident's deadlines as the business unit reads them: the returns row
/// counts every agency asked (those added after the referral included) and is met only when each has
/// returned or been waived, late if any was, on the page, the dashboard and the annual report alike;
/// the scoping pack's date (a week before the meeting) shows as soon as the meeting is booked.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ScopingDeadlineJourneyTests(LocalHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    [Fact]
    public async Task AgencyAddedTheSameDay_Outstanding_RowOverdueNotMet_ThenMetLateOnceItReturns()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(_client);
        var asked = await _client.TodayAsync();
        await _client.ActAsync(id, "add-scoping-agency", "business-unit",
            new { name = "Exampleton Housing Association", agencyType = "Other", contactEmail = "safeguarding@housing.example.org" });
        var housing = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Rapid Review scoping request" && m.To.Contains("housing.example.org")))[0];
        await IncidentJourneys.ReturnAndAcceptAllAsync(_client, id, requests);
        var returnsDue = WorkingDayCalendar.EnglandAndWales.AddWorkingDays(asked, 5);

        // Every agency first asked has returned, the one added the same day has not: not met.
        await _client.AdvanceAsync(new { workingDays = 7 });
        var view = await _client.GetAsync(id);
        Assert.Equal("Overdue", JourneyClient.Deadline(view, "ScopingReturns"));
        Assert.Equal(Iso(returnsDue), JourneyClient.Deadline(view, "ScopingReturns", "due"));
        Assert.Contains("The row counts every agency asked (5), those added after the referral included", JourneyClient.Deadline(view, "ScopingReturns", "basis"));
        var page = WebUtility.HtmlDecode(await (await _client.SendAsync(HttpMethod.Get, "/incidents/" + id)).Content.ReadAsStringAsync());
        Assert.Matches("data-kind=\"ScopingReturns\"[\\s\\S]*?Overdue", page);
        var row = await DashboardRowAsync(id);
        Assert.Equal("ScopingReturns", row.GetProperty("nextDeadline").GetProperty("kind").GetString());
        Assert.Equal("Red", row.GetProperty("rag").GetString());

        // It returns late: the row is met late, on that day, here and in the annual report.
        // Chased with a new link each time (only the newest works): the first escalation is the last chase until the clock moves.
        await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("timeline").EnumerateArray()
            .Any(t => t.GetProperty("what").GetString() is { } what && what.StartsWith("Escalated (1)", StringComparison.Ordinal) && what.Contains("Housing", StringComparison.Ordinal)), "the housing association's first escalation");
        var chase = (await _client.MailboxAsync()).Where(m => m.To.Contains("housing.example.org") && m.Subject.Contains(id) && m.LinkStartingWith("/s/") is not null)
            .OrderByDescending(m => m.SentAt).First();
        await IncidentJourneys.ReturnAndAcceptAllAsync(_client, id, [chase]);
        var returnedOn = await _client.TodayAsync();
        var met = await _client.WaitForAsync(id, "business-unit", v => JourneyClient.Deadline(v, "ScopingReturns") != "Overdue", "the last return");
        Assert.Equal("MetLate", JourneyClient.Deadline(met, "ScopingReturns"));
        Assert.Equal(Iso(returnedOn), JourneyClient.Deadline(met, "ScopingReturns", "metOn"));

        var csv = await _client.SendAsync(HttpMethod.Get, $"/reports/annual/csv?from={Iso(asked.AddDays(-1))}&to={Iso(returnedOn)}&table=deadlines");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var deadlines = ExportFiles.Records(ExportFiles.ParseCsv(await csv.Content.ReadAsByteArrayAsync()));
        var scoping = deadlines.Single(d => d["Reference"] == id && d["Deadline"] == "Scoping returns from agencies");
        Assert.Equal("Met late", scoping["Status"]);
    }

    [Fact]
    public async Task MeetingBooked_ScopingPackDateShownWhileItRuns()
    {
        var (id, _) = await IncidentJourneys.ToScopingAsync(_client);
        var meetingDay = WorkingDayCalendar.EnglandAndWales.AddWorkingDays(await _client.TodayAsync(), 12);
        await _client.ActAsync(id, "schedule-rapid-review-meeting", "business-unit", new { startsAt = Iso(meetingDay) + "T10:00", durationMinutes = 60, location = "Online" });

        var view = await _client.WaitForAsync(id, "business-unit",
            v => v.GetProperty("deadlines").EnumerateArray().Any(d => d.GetProperty("kind").GetString() == "ScopingPackCirculation"), "the pack's deadline");
        Assert.Equal("Due", JourneyClient.Deadline(view, "ScopingPackCirculation"));
        Assert.Equal(Iso(meetingDay.AddDays(-7)), JourneyClient.Deadline(view, "ScopingPackCirculation", "due"));
        var page = WebUtility.HtmlDecode(await (await _client.SendAsync(HttpMethod.Get, "/incidents/" + id)).Content.ReadAsStringAsync());
        Assert.Contains("Scoping pack to panel members", page);
        Assert.Contains("7 calendar days before the Rapid Review meeting", page);
    }

    private async Task<JsonElement> DashboardRowAsync(string id)
    {
        var list = await (await _client.SendAsync(HttpMethod.Get, "/api/incidents?pageSize=200")).ReadJsonAsync();
        return list.GetProperty("incidents").EnumerateArray().Single(i => i.GetProperty("incidentId").GetString() == id);
    }
}
