using System.Globalization;
using System.Text;
using Csp.Workflow.Ports;

namespace Csp.Integrations.Calendar;

/// <summary>
/// Writes RFC 5545 iCalendar invitations for RFC 5546 (iTIP) scheduling: METHOD:REQUEST for a new
/// or changed meeting and METHOD:CANCEL for a cancellation, one UID for the meeting's life and a
/// SEQUENCE that goes up with each change, so calendar clients update or remove the same event.
/// Times are written in UTC; lines are CRLF and folded at 75 octets; text is escaped.
/// </summary>
public static class ICalendarInvitation
{
    public const string Request = "REQUEST";
    public const string Cancel = "CANCEL";

    public static string Uid(MeetingRequest meeting) => $"{meeting.MeetingKey}@csp.local";

    public static string Write(MeetingRequest meeting, string method, int sequence, DateTimeOffset stamp, string? reason = null)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "PRODID:-//Child Safeguarding Practice Reviews//Workflow//EN",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:" + method,
            "BEGIN:VEVENT",
            "UID:" + Uid(meeting),
            "SEQUENCE:" + sequence.ToString(CultureInfo.InvariantCulture),
            "DTSTAMP:" + Utc(stamp),
            "DTSTART:" + Utc(meeting.StartsAt),
            "DTEND:" + Utc(meeting.EndsAt),
            "SUMMARY:" + Text(meeting.Subject),
            "DESCRIPTION:" + Text(reason is null ? meeting.Body : meeting.Body + " Cancelled: " + reason),
            "STATUS:" + (method == Cancel ? "CANCELLED" : "CONFIRMED"),
            "TRANSP:OPAQUE",
            $"ORGANIZER;CN={Param(meeting.Organizer.Name)}:mailto:{meeting.Organizer.Email}",
        };
        if (meeting.Location is { Length: > 0 } location) lines.Add("LOCATION:" + Text(location));
        foreach (var a in meeting.Attendees)
        {
            var role = a.Required ? "REQ-PARTICIPANT" : "OPT-PARTICIPANT";
            lines.Add($"ATTENDEE;CN={Param(a.Name)};ROLE={role};PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{a.Email}");
        }
        lines.Add("END:VEVENT");
        lines.Add("END:VCALENDAR");
        var sb = new StringBuilder();
        foreach (var line in lines) Fold(sb, line);
        return sb.ToString();
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>TEXT escaping (RFC 5545 3.3.11).</summary>
    public static string Text(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Param(string value) =>
        value.IndexOfAny([':', ';', ',']) >= 0 ? "\"" + value.Replace("\"", "'", StringComparison.Ordinal) + "\"" : value;

    /// <summary>Folds a content line at 75 octets (UTF-8), never inside a character (RFC 5545 3.1).</summary>
    private static void Fold(StringBuilder sb, string line)
    {
        var bytes = 0;
        var limit = 75;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (bytes + size > limit)
            {
                sb.Append("\r\n ");
                bytes = 1;
                limit = 75;
            }
            sb.Append(rune.ToString());
            bytes += size;
        }
        sb.Append("\r\n");
    }
}
