using System.Text;
using Csp.Workflow.Ports;

namespace Csp.Integrations.Calendar;

/// <summary>
/// The local calendar: no calendar service, just iCalendar invitations emailed to each attendee as
/// <c>invite.ics</c> (text/calendar; method=REQUEST or CANCEL). Each email is deduplicated per
/// meeting change and attendee, so a retried activity never sends the same invitation twice.
/// </summary>
public sealed class IcsMeetingScheduler(IEmailSender email, TimeProvider time) : IMeetingScheduler
{
    public async Task<MeetingReference> CreateAsync(MeetingRequest meeting, string idempotencyKey, CancellationToken cancellation)
    {
        await SendAsync(meeting, ICalendarInvitation.Request, 0, null, cancellation);
        return new MeetingReference(ICalendarInvitation.Uid(meeting), ICalendarInvitation.Uid(meeting));
    }

    public Task UpdateAsync(MeetingReference reference, MeetingRequest meeting, int sequence, string idempotencyKey, CancellationToken cancellation) =>
        SendAsync(meeting, ICalendarInvitation.Request, sequence, null, cancellation);

    public Task CancelAsync(MeetingReference reference, MeetingRequest meeting, int sequence, string reason, string idempotencyKey, CancellationToken cancellation) =>
        SendAsync(meeting, ICalendarInvitation.Cancel, sequence, reason, cancellation);

    /// <summary>Only the attendees added get the invitation (the others' calendars already hold the meeting, unchanged).</summary>
    public Task InviteAsync(MeetingReference reference, MeetingRequest meeting, int sequence, IReadOnlyList<MeetingAttendee> added, string idempotencyKey, CancellationToken cancellation) =>
        SendAsync(meeting, ICalendarInvitation.Request, sequence, null, cancellation, added);

    private async Task SendAsync(MeetingRequest meeting, string method, int sequence, string? reason, CancellationToken cancellation, IReadOnlyList<MeetingAttendee>? only = null)
    {
        var ics = ICalendarInvitation.Write(meeting, method, sequence, time.GetUtcNow(), reason);
        var attachment = new EmailAttachment("invite.ics", $"text/calendar; method={method}; charset=UTF-8", Encoding.UTF8.GetBytes(ics), "attachment");
        var subject = method == ICalendarInvitation.Cancel ? "Cancelled: " + meeting.Subject
            : sequence == 0 || meeting.Rearranged || only is not null ? "Invitation: " + meeting.Subject
            : "Updated invitation: " + meeting.Subject;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrEmpty(meeting.TimeZone) ? "Europe/London" : meeting.TimeZone);
        var when = Csp.Domain.DateWords.ProseSpan(TimeZoneInfo.ConvertTime(meeting.StartsAt, zone).DateTime, TimeZoneInfo.ConvertTime(meeting.EndsAt, zone).DateTime)
            + (meeting.TimeZone is "Europe/London" or "" ? " (UK time)" : $" ({meeting.TimeZone})");
        var text = method == ICalendarInvitation.Cancel
            ? $"{meeting.Body}\n\nThe meeting on {when} is cancelled. {reason}"
            : $"{meeting.Body}\n\nWhen: {when}\nWhere: {meeting.Location}\n\nThe attached invitation adds it to your calendar.";
        var step = $"meeting:{meeting.MeetingKey}:{sequence}:{method.ToLowerInvariant()}" + (only is null ? "" : ":added");
        foreach (var attendee in only ?? meeting.Attendees)
        {
            var html = "<p>" + System.Net.WebUtility.HtmlEncode(text).Replace("\n", "<br>", StringComparison.Ordinal) + "</p>"
                + (attendee.ResponseUrl is { } url ? $"<p><a href=\"{System.Net.WebUtility.HtmlEncode(url)}\">Reply</a></p>" : "");
            await email.SendAsync(new EmailMessage(new EmailAddress(attendee.Email, attendee.Name), subject,
                text + (attendee.ResponseUrl is { } u ? "\n\nReply: " + u : ""), html, [attachment],
                EmailKeys.For(meeting.IncidentId, step, attendee.Email), meeting.IncidentId, step), cancellation);
        }
    }
}
