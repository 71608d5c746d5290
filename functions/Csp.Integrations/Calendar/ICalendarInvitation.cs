using Csp.Workflow.Ports;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Csp.Integrations.Calendar;

/// <summary>
/// RFC 5545 iCalendar invitations for RFC 5546 (iTIP) scheduling, written with Ical.Net:
/// METHOD:REQUEST for a new or changed meeting and METHOD:CANCEL for a cancellation, one UID for the
/// meeting's life and a SEQUENCE that goes up with each change, so calendar clients update or
/// remove the same event. Times are local to the meeting's time zone (Europe/London), with its
/// VTIMEZONE, so a meeting stays at its hour across the clock change.
/// </summary>
public static class ICalendarInvitation
{
    public const string Request = "REQUEST";
    public const string Cancel = "CANCEL";
    private const string ProductId = "-//Child Safeguarding Practice Reviews//Workflow//EN";

    public static string Uid(MeetingRequest meeting) => $"{meeting.MeetingKey}@csp.local";

    public static string Write(MeetingRequest meeting, string method, int sequence, DateTimeOffset stamp, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var zoneId = string.IsNullOrEmpty(meeting.TimeZone) ? "Europe/London" : meeting.TimeZone;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var calendar = new Ical.Net.Calendar
        {
            ProductId = ProductId,
            Method = method == Cancel ? CalendarMethods.Cancel : CalendarMethods.Request,
            Scale = CalendarScales.Gregorian,
        };
        calendar.AddTimeZone(zoneId);
        var cancelled = method == Cancel;
        var calendarEvent = new CalendarEvent
        {
            Uid = Uid(meeting),
            Sequence = sequence,
            DtStamp = new CalDateTime(stamp.UtcDateTime, CalDateTime.UtcTzId),
            DtStart = Local(meeting.StartsAt, zone, zoneId),
            DtEnd = Local(meeting.EndsAt, zone, zoneId),
            Summary = meeting.Subject,
            Description = reason is null ? meeting.Body : meeting.Body + " Cancelled: " + reason,
            Status = cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            Transparency = TransparencyType.Opaque,
            Organizer = new Organizer("mailto:" + meeting.Organizer.Email) { CommonName = meeting.Organizer.Name },
        };
        if (meeting.Location is { Length: > 0 } location) calendarEvent.Location = location;
        foreach (var a in meeting.Attendees)
        {
            calendarEvent.Attendees.Add(new Attendee("mailto:" + a.Email)
            {
                CommonName = a.Name,
                Role = a.Required ? ParticipationRole.RequiredParticipant : ParticipationRole.OptionalParticipant,
                ParticipationStatus = EventParticipationStatus.NeedsAction,
                Rsvp = !cancelled,
            });
        }
        calendar.Events.Add(calendarEvent);
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    private static CalDateTime Local(DateTimeOffset at, TimeZoneInfo zone, string zoneId)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
        return new CalDateTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zoneId);
    }
}
