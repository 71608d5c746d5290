using Csp.Integrations.Calendar;
using Csp.Workflow.Actions;
using Csp.Workflow.Tests.Support;

namespace Csp.Workflow.Tests.Integrations;

public sealed class ICalendarInvitationTests
{
    [Fact]
    public async Task Meeting_ScheduledRescheduledCancelled_SendsRequestsAndACancel_WithOneUidAndRisingSequence()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);
        await s.ScheduleMeetingAsync(id, new DateOnly(2025, 3, 20));
        await s.ActAsync(id, ActionNames.RescheduleMeeting, new { startsAt = "2025-03-21T14:00", durationMinutes = 90, location = "Room 1", reason = "Chair unavailable." });
        await s.ActAsync(id, ActionNames.CancelMeeting, new { reason = "Police lead ill; will rebook." });

        var invites = (await s.MailAsync(id, "police.member@police.example"))
            .Where(m => m.Attachments.Any(a => a.FileName == "invite.ics"))
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .Select(m => System.Text.Encoding.UTF8.GetString(m.Attachments.Single().Content))
            .ToList();
        Assert.Equal(3, invites.Count);
        var parsed = invites.Select(Ical.Net.Calendar.Load).ToList();
        Assert.Equal(["REQUEST", "REQUEST", "CANCEL"], parsed.Select(c => c!.Method));
        var events = parsed.Select(c => Assert.Single(c!.Events)).ToList();
        Assert.Equal([0, 1, 2], events.Select(e => e.Sequence));
        Assert.Single(events.Select(e => e.Uid).Distinct());
        Assert.Equal(["CONFIRMED", "CONFIRMED", "CANCELLED"], events.Select(e => e.Status));
        // Europe/London local times with the zone's definition: 10:00 GMT on 20 March, 14:00 on 21 March.
        Assert.All(parsed, c => Assert.Equal("Europe/London", Assert.Single(c!.TimeZones).TzId));
        Assert.All(events, e => Assert.Equal("Europe/London", e.DtStart!.TzId));
        Assert.Equal(new DateTime(2025, 3, 20, 10, 0, 0), events[0].DtStart!.Value);
        Assert.Equal(new DateTime(2025, 3, 21, 14, 0, 0), events[1].DtStart!.Value);
        Assert.Equal(new DateTime(2025, 3, 21, 15, 30, 0), events[1].DtEnd!.Value);
        Assert.Contains(events[0].Attendees, a => a.Value?.ToString() == "mailto:police.member@police.example" && a.Role == "REQ-PARTICIPANT");
        Assert.Contains(events[0].Attendees, a => a.Value?.ToString() == "mailto:police.deputy@police.example" && a.Role == "OPT-PARTICIPANT");
        Assert.All(invites, i => Assert.All(i.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75)));
        Assert.DoesNotContain(invites, i => i.Contains("Robin", StringComparison.Ordinal) || i.Contains("Testchild", StringComparison.Ordinal));
        // Cancelled: the meeting must be scheduled again.
        Assert.True(await s.CanAsync(id, ActionNames.ScheduleMeeting));
    }

    [Fact]
    public async Task Quorum_EveryPoliceInviteeDeclines_WarnsTheBusinessManager()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);
        await s.ScheduleMeetingAsync(id, new DateOnly(2025, 3, 20));
        await s.ActAsync(id, ActionNames.RespondToMeeting, new { attendee = "Ellis Police (police.member@police.example)", response = "Declined" });
        Assert.DoesNotContain(await s.MailAsync(id, WorkflowScenario.BusinessManagerEmail), m => m.Subject.Contains("quorum", StringComparison.OrdinalIgnoreCase));
        var byLink = await s.ActByLinkAsync(id, "police.deputy@police.example", new { response = "Declined" });
        Assert.Empty(byLink.Errors);
        var warning = Assert.Single(await s.MailAsync(id, WorkflowScenario.BusinessManagerEmail), m => m.Subject.Contains("quorum at risk", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("police", warning.TextBody, StringComparison.OrdinalIgnoreCase);
        var view = await s.ViewAsync(id);
        Assert.Contains("Police", view.Meeting!.QuorumMissing);
    }

    [Fact]
    public void Write_TextWithSeparatorsAndLongLines_ParsesBackUnchanged()
    {
        var meeting = Meeting("Rapid Review; CSP-1, part 2", new string('x', 200), DateTimeOffset.Parse("2025-03-20T10:00:00Z"), "Room 1, Town Hall");
        var ics = ICalendarInvitation.Write(meeting, ICalendarInvitation.Request, 3, DateTimeOffset.Parse("2025-03-01T00:00:00Z"));

        Assert.Contains("SUMMARY:Rapid Review\\; CSP-1\\, part 2", ics, StringComparison.Ordinal);
        Assert.All(ics.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75));
        var e = Assert.Single(Ical.Net.Calendar.Load(ics)!.Events);
        Assert.Equal("Rapid Review; CSP-1, part 2", e.Summary);
        Assert.Equal(new string('x', 200), e.Description);
        Assert.Equal("Room 1, Town Hall", e.Location);
        Assert.Equal(3, e.Sequence);
        Assert.Equal("A, B", Assert.Single(e.Attendees).CommonName);
        Assert.Equal("mailto:bu@example.org", e.Organizer!.Value!.ToString());
    }

    [Fact]
    public void Write_SummerMeeting_KeepsUkLocalHourInBritishSummerTime()
    {
        // 09:00 UTC on 18 June is 10:00 in London (BST).
        var ics = ICalendarInvitation.Write(Meeting("Rapid Review", "Body", DateTimeOffset.Parse("2025-06-18T09:00:00Z"), null),
            ICalendarInvitation.Request, 0, DateTimeOffset.Parse("2025-06-01T00:00:00Z"));

        Assert.Contains("DTSTART;TZID=Europe/London:20250618T100000", ics, StringComparison.Ordinal);
        var e = Assert.Single(Ical.Net.Calendar.Load(ics)!.Events);
        Assert.Equal(new DateTime(2025, 6, 18, 9, 0, 0, DateTimeKind.Utc), e.DtStart!.AsUtc);
    }

    [Fact]
    public void Write_Cancel_IsACancelWithoutReplyRequests()
    {
        var ics = ICalendarInvitation.Write(Meeting("Rapid Review", "Body", DateTimeOffset.Parse("2025-03-20T10:00:00Z"), null),
            ICalendarInvitation.Cancel, 2, DateTimeOffset.Parse("2025-03-10T00:00:00Z"), "Chair unavailable.");

        var calendar = Ical.Net.Calendar.Load(ics)!;
        Assert.Equal("CANCEL", calendar.Method);
        var e = Assert.Single(calendar.Events);
        Assert.Equal("CANCELLED", e.Status);
        Assert.Equal(2, e.Sequence);
        Assert.EndsWith("Cancelled: Chair unavailable.", e.Description, StringComparison.Ordinal);
        Assert.False(Assert.Single(e.Attendees).Rsvp);
    }

    private static Csp.Workflow.Ports.MeetingRequest Meeting(string subject, string body, DateTimeOffset startsAt, string? location) =>
        new("CSP-1", "CSP-1-rapid-review", subject, body, startsAt, startsAt.AddHours(2), "Europe/London", location,
            new Csp.Workflow.Ports.MeetingAttendee("Business unit", "bu@example.org"), [new Csp.Workflow.Ports.MeetingAttendee("A, B", "a@example.org")]);
}
