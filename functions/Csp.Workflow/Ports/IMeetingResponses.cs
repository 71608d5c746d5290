using Csp.Workflow.Model;

namespace Csp.Workflow.Ports;

/// <summary>
/// Attendees' answers to a meeting, read back from a calendar service that collects them (Microsoft
/// Graph). Calendars that cannot (emailed iCalendar invitations) leave replies to the reply links.
/// </summary>
public interface IMeetingResponses
{
    /// <summary>Each attendee's answer by email address (lower case); empty when the calendar has no such meeting.</summary>
    Task<IReadOnlyDictionary<string, MeetingResponse>> ReadAsync(string meetingKey, CancellationToken cancellation);
}
