namespace Csp.Workflow.Ports;

/// <summary>
/// Puts a meeting in attendees' calendars. Shaped after Microsoft Graph events (create, update,
/// cancel an event with attendees; <c>transactionId</c> for idempotent creation): the local default
/// emails iCalendar invitations (METHOD:REQUEST / METHOD:CANCEL, stable UID, SEQUENCE per change).
/// </summary>
public interface IMeetingScheduler
{
    Task<MeetingReference> CreateAsync(MeetingRequest meeting, string idempotencyKey, CancellationToken cancellation);

    /// <summary>Sends the changed meeting; <paramref name="sequence"/> is 1 for the first change, 2 for the next...</summary>
    Task UpdateAsync(MeetingReference reference, MeetingRequest meeting, int sequence, string idempotencyKey, CancellationToken cancellation);

    Task CancelAsync(MeetingReference reference, MeetingRequest meeting, int sequence, string reason, string idempotencyKey, CancellationToken cancellation);

    /// <summary>
    /// Adds <paramref name="added"/> (already in <paramref name="meeting"/>'s attendees) to the meeting, unchanged
    /// otherwise: only they need an invitation. By default the meeting is sent as changed.
    /// </summary>
    Task InviteAsync(MeetingReference reference, MeetingRequest meeting, int sequence, IReadOnlyList<MeetingAttendee> added, string idempotencyKey, CancellationToken cancellation) =>
        UpdateAsync(reference, meeting, sequence, idempotencyKey, cancellation);
}

/// <summary>
/// A meeting as the calendar sees it. Subject and body carry the incident reference only.
/// <paramref name="MeetingKey"/> is stable for the meeting's life (the iCalendar UID is made from it).
/// <paramref name="Rearranged"/>: the meeting is arranged again after a cancellation, so it reads as a
/// new invitation though the calendar updates the same event.
/// </summary>
public sealed record MeetingRequest(
    string IncidentId,
    string MeetingKey,
    string Subject,
    string Body,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string TimeZone,
    string? Location,
    MeetingAttendee Organizer,
    IReadOnlyList<MeetingAttendee> Attendees,
    bool Rearranged = false);

/// <summary>An attendee; <paramref name="ResponseUrl"/> is a link to reply where the calendar cannot carry replies back.</summary>
public sealed record MeetingAttendee(string Name, string Email, bool Required = true, string? ResponseUrl = null);

/// <summary>The calendar's handle on the meeting (Graph event id; for iCalendar the UID).</summary>
public sealed record MeetingReference(string MeetingId, string ICalUid);
