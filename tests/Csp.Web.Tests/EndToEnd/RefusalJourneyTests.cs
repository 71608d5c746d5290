using System.Net;
using Csp.Domain.Calendar;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// Actions the process refuses are answered as refused (422 problem details with the reason), never
/// as recorded, and change nothing; dates are checked before acting, with a warning where a date is
/// allowed but leaves the scoping pack short of its week.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RefusalJourneyTests(LocalHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    [Fact]
    public async Task MeetingActions_OutsideTheirDates_Answer422WithTheReasonAndChangeNothing()
    {
        var (id, _) = await IncidentJourneys.ToScopingAsync(_client);
        var today = await _client.TodayAsync();
        var calendar = WorkingDayCalendar.EnglandAndWales;
        var decisionDue = calendar.AddWorkingDays(today, 15);

        // Three working days on is inside the window but before the returns are due: allowed, with a warning.
        var early = calendar.AddWorkingDays(today, 3);
        await _client.WaitForActionAsync(id, "schedule-rapid-review-meeting");
        var scheduled = await _client.TryActAsync(id, "schedule-rapid-review-meeting", "business-unit", new { startsAt = Iso(early) + "T10:00", durationMinutes = 90, location = "Online" });
        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        Assert.Contains("Warning: The scoping pack cannot go to the panel 7 days before this meeting", (await scheduled.ReadJsonAsync()).GetProperty("message").GetString());

        // Moving it past the decision deadline without saying why the Rapid Review is late is refused, with the deadline in the reason.
        await _client.WaitForActionAsync(id, "reschedule-rapid-review-meeting");
        var late = calendar.AddWorkingDays(decisionDue, 1);
        var moved = await _client.TryActAsync(id, "reschedule-rapid-review-meeting", "business-unit",
            new { startsAt = Iso(late) + "T10:00", durationMinutes = 90, location = "Online", reason = "Chair unavailable." });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, moved.StatusCode);
        Assert.Equal("application/problem+json", moved.Content.Headers.ContentType?.MediaType);
        var problem = await moved.ReadJsonAsync();
        Assert.Contains(Csp.Domain.DateWords.Prose(decisionDue), problem.GetProperty("detail").GetString());
        Assert.Equal("lateReason", problem.GetProperty("errors")[0].GetProperty("field").GetString());

        // A meeting cannot be recorded as held before the day it was scheduled for.
        var held = await _client.TryActAsync(id, "record-meeting-held", "business-unit", new { heldOn = Iso(today), representedChildrensSocialCare = true, representedEducation = true, representedPolice = true, representedHealth = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, held.StatusCode);
        Assert.Contains(Csp.Domain.DateWords.Prose(early), (await held.ReadJsonAsync()).GetProperty("detail").GetString());

        var view = await _client.GetAsync(id);
        var meeting = view.GetProperty("meeting");
        Assert.Equal("Scheduled", meeting.GetProperty("status").GetString());
        Assert.Equal(early, DateOnly.FromDateTime(meeting.GetProperty("startsAt").GetDateTimeOffset().Date));
        Assert.DoesNotContain(view.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("what").GetString()!.Contains("moved to"));
    }
}
