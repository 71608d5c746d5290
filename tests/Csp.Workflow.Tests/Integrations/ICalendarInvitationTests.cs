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
        Assert.Contains("METHOD:REQUEST", invites[0], StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:0", invites[0], StringComparison.Ordinal);
        Assert.Contains("DTSTART:20250320T100000Z", invites[0], StringComparison.Ordinal);
        Assert.Contains("METHOD:REQUEST", invites[1], StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:1", invites[1], StringComparison.Ordinal);
        Assert.Contains("DTSTART:20250321T140000Z", invites[1], StringComparison.Ordinal);
        Assert.Contains("METHOD:CANCEL", invites[2], StringComparison.Ordinal);
        Assert.Contains("STATUS:CANCELLED", invites[2], StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:2", invites[2], StringComparison.Ordinal);
        var uids = invites.Select(i => i.Split("\r\n").Single(l => l.StartsWith("UID:", StringComparison.Ordinal))).Distinct().ToList();
        Assert.Single(uids);
        Assert.All(invites, i => Assert.All(i.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75)));
        Assert.DoesNotContain(invites, i => i.Contains("Robin", StringComparison.Ordinal));
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
    public void Write_EscapesTextAndFoldsLongLines()
    {
        var meeting = new Csp.Workflow.Ports.MeetingRequest("CSP-1", "CSP-1-rapid-review", "Rapid Review; CSP-1, part 2",
            new string('x', 200), DateTimeOffset.Parse("2025-03-20T10:00:00Z"), DateTimeOffset.Parse("2025-03-20T12:00:00Z"), "Europe/London", "Room 1, Town Hall",
            new Csp.Workflow.Ports.MeetingAttendee("Business unit", "bu@example.org"), [new Csp.Workflow.Ports.MeetingAttendee("A, B", "a@example.org")]);
        var ics = ICalendarInvitation.Write(meeting, ICalendarInvitation.Request, 3, DateTimeOffset.Parse("2025-03-01T00:00:00Z"));
        Assert.Contains("SUMMARY:Rapid Review\\; CSP-1\\, part 2", ics, StringComparison.Ordinal);
        Assert.Contains("LOCATION:Room 1\\, Town Hall", ics, StringComparison.Ordinal);
        Assert.Contains("ATTENDEE;CN=\"A, B\";ROLE=REQ-PARTICIPANT", ics, StringComparison.Ordinal);
        Assert.Contains("\r\n x", ics, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", ics, StringComparison.Ordinal);
    }
}
