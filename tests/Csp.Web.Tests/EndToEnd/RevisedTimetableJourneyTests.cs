using System.Net;
using System.Net.Http.Headers;
using Csp.Web.Tests.AnnualReports;
using Csp.Web.Tests.Infrastructure;
using Csp.Workflow.Model;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// A local CSPR paused, resumed and paused again before its 6-month date, still paused when the date
/// passes: the business unit is told and asked for the revised timetable for the National Panel (an
/// earlier pause that ended in time does not use the prompt up); the date the Panel is then told shows
/// beside the statutory due date on the incident's deadlines and in the deadlines export. A review whose
/// watch was started before the watch asked by itself is asked too, by the hourly check of paused reviews.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RevisedTimetableJourneyTests(LocalHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    [Fact]
    public async Task PausedAgainBeforeTheDate_PastItTheBusinessUnitIsAsked_AndTheRevisedDateShowsOnTheDeadlinesAndInTheExport()
    {
        var (id, decidedOn) = await IncidentJourneys.ToLocalCsprAsync(_client);
        var due = decidedOn.AddMonths(6);
        var today = await _client.TodayAsync();
        await _client.ActAsync(id, "confirm-cspr-panel", "business-unit", new { on = Iso(today) });

        // A first pause, ended well before the date.
        await _client.ActAsync(id, "pause-review", "business-unit", new { proceedings = "Coroner", reason = "Inquest opened and adjourned.", from = Iso(today) });
        await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("paused").GetBoolean(), "the first pause");
        await _client.AdvanceAsync(new { workingDays = 5 });
        await _client.ActAsync(id, "resume-review", "business-unit", new { on = Iso(await _client.TodayAsync()) });
        await _client.WaitForAsync(id, "business-unit", v => !v.GetProperty("paused").GetBoolean(), "the resume");

        // Paused again, and still paused when the 6-month date passes.
        await _client.AdvanceAsync(new { workingDays = 5 });
        await _client.ActAsync(id, "pause-review", "business-unit", new { proceedings = "Criminal", reason = "Criminal trial listed.", from = Iso(await _client.TodayAsync()) });
        await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("paused").GetBoolean()
            && v.GetProperty("timeline").EnumerateArray().Count(t => t.GetProperty("what").GetString() == "Reminders for Local CSPR completion paused.") == 2, "the second pause");
        await _client.AdvanceAsync(new { days = due.DayNumber - (await _client.TodayAsync()).DayNumber + 1 });
        // Past the morning of the working day after the date, whatever the time of day the clock reads (a date on a Friday included).
        await _client.AdvanceAsync(new { workingDays = 2 });
        var told = await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Paused past its date: Local CSPR completion", incidentId: id);
        Assert.Contains(told, m => m.To.Contains("business.unit@partnership.example"));
        await _client.WaitForActionAsync(id, "record-revised-timetable");
        var html = WebUtility.HtmlDecode(await (await _client.SendAsync(HttpMethod.Get, "/incidents/" + id)).Content.ReadAsStringAsync());
        Assert.Contains("Send the National Panel the revised timetable", html);

        // The revised timetable: the statutory date stands, and the date the Panel was told shows beside it.
        var expectedBy = (await _client.TodayAsync()).AddMonths(4);
        await _client.ActAsync(id, "record-revised-timetable", "business-unit", new { expectedBy = Iso(expectedBy), timetable = "Practitioner events follow the trial." });
        var after = await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("deadlines").EnumerateArray()
            .Any(d => d.GetProperty("kind").GetString() == "LocalCsprCompletion" && d.GetProperty("revisedExpectedBy").ValueKind == System.Text.Json.JsonValueKind.String), "the revised date on the deadline");
        Assert.Equal(Iso(due), JourneyClient.Deadline(after, "LocalCsprCompletion", "due"));
        Assert.Equal(Iso(expectedBy), JourneyClient.Deadline(after, "LocalCsprCompletion", "revisedExpectedBy"));
        Assert.Contains("has been sent a revised timetable", JourneyClient.Deadline(after, "LocalCsprCompletion", "basis"));

        var page = WebUtility.HtmlDecode(await (await _client.SendAsync(HttpMethod.Get, "/incidents/" + id)).Content.ReadAsStringAsync());
        var row = page[page.IndexOf("data-kind=\"LocalCsprCompletion\"", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("Revised timetable: expected by " + Csp.Domain.DateWords.Prose(expectedBy), row);

        // The deadlines export carries it too.
        var csv = await _client.SendAsync(HttpMethod.Get, $"/reports/annual/csv?from={Iso(due)}&to={Iso(due)}&table=deadlines");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var deadlines = ExportFiles.Records(ExportFiles.ParseCsv(await csv.Content.ReadAsByteArrayAsync()));
        var line = deadlines.Single(d => d["Reference"] == id && d["Deadline"] == "Local CSPR completed");
        Assert.Equal(Iso(expectedBy), line["Revised timetable: expected by"]);
    }

    [Fact]
    public async Task WatchStartedBeforeItAskedByItself_PausedPastTheDate_TheBusinessUnitIsAskedAndThePanelGetsTheTimetable()
    {
        var (id, decidedOn) = await IncidentJourneys.ToLocalCsprAsync(_client);
        var due = decidedOn.AddMonths(6);

        // The completion watch as a review started before the prompt existed has it: one that does not ask by itself.
        var durable = fixture.Host.Services.GetRequiredService<DurableTaskClient>();
        var watchId = DeadlineWatch.IdFor(id, "LocalCsprCompletion");
        var started = await durable.GetInstanceAsync(watchId, getInputsAndOutputs: true);
        Assert.NotNull(started);
        var legacy = started.ReadInputAs<DeadlineWatch>()! with { TellWhenPausedPastDue = false };
        await durable.TerminateInstanceAsync(watchId);
        var until = DateTime.UtcNow + JourneyClient.Patience;
        while ((await durable.GetInstanceAsync(watchId))?.RuntimeStatus != OrchestrationRuntimeStatus.Terminated)
        {
            Assert.True(DateTime.UtcNow < until, "The watch did not stop.");
            await Task.Delay(50);
        }
        await durable.PurgeInstanceAsync(watchId);
        await durable.ScheduleNewOrchestrationInstanceAsync(nameof(Csp.Workflow.Orchestrations.DeadlineWatchOrchestration), legacy, new StartOrchestrationOptions(watchId));

        // Paused before the date and still paused after it.
        var today = await _client.TodayAsync();
        await _client.ActAsync(id, "pause-review", "business-unit", new { proceedings = "Criminal", reason = "Criminal trial pending.", from = Iso(today) });
        await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("timeline").EnumerateArray()
            .Any(t => t.GetProperty("what").GetString() == "Reminders for Local CSPR completion paused."), "the watch paused");
        await _client.AdvanceAsync(new { days = due.DayNumber - (await _client.TodayAsync()).DayNumber + 1 });
        // Past the morning of the working day after the date, whatever the time of day the clock reads (a date on a Friday included).
        await _client.AdvanceAsync(new { workingDays = 2 });

        var told = await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Paused past its date: Local CSPR completion", incidentId: id);
        Assert.Contains(told, m => m.To.Contains("business.unit@partnership.example"));
        await _client.WaitForActionAsync(id, "record-revised-timetable");
        var expectedBy = (await _client.TodayAsync()).AddMonths(3);
        await _client.ActAsync(id, "record-revised-timetable", "business-unit", new { expectedBy = Iso(expectedBy), timetable = "The report follows the trial." });
        var panel = await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Revised timetable for a review paused for parallel proceedings", incidentId: id);
        Assert.Contains("national.panel@panel.example", panel[0].To);
        var after = await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("deadlines").EnumerateArray()
            .Any(d => d.GetProperty("kind").GetString() == "LocalCsprCompletion" && d.GetProperty("revisedExpectedBy").ValueKind == System.Text.Json.JsonValueKind.String), "the revised date on the deadline");
        Assert.Equal(Iso(expectedBy), JourneyClient.Deadline(after, "LocalCsprCompletion", "revisedExpectedBy"));
        Assert.Equal(Iso(due), JourneyClient.Deadline(after, "LocalCsprCompletion", "due"));
    }
}
