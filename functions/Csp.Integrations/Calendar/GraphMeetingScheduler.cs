using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.Events.Item.Cancel;

namespace Csp.Integrations.Calendar;

/// <summary>
/// The Rapid Review meeting as an event in the business unit's Microsoft 365 calendar, through
/// Microsoft Graph: every panel member and deputy an attendee (Graph sends the invitations, the
/// updates and the cancellation), a Teams link when configured. The event carries the meeting key
/// in an extended property, so each change finds its event by the key: a retried creation finds
/// the one it made, and a meeting booked again after a cancellation gets a new event.
/// Attendees' answers are read back (<see cref="IMeetingResponses"/>) for the quorum check.
/// </summary>
public sealed class GraphMeetingScheduler(GraphServiceClient graph, IOptions<CalendarOptions> options) : IMeetingScheduler, IMeetingResponses
{
    /// <summary>The extended property that holds the meeting key (a fixed property set of this product).</summary>
    public const string MeetingKeyProperty = "String {5b7f3c0e-8a0d-4a4e-9c8e-2f6d7f0c4a13} Name CspMeetingKey";

    private readonly GraphCalendarOptions _options = options.Value.Graph;

    public async Task<MeetingReference> CreateAsync(MeetingRequest meeting, string idempotencyKey, CancellationToken cancellation)
    {
        var existing = await FindAsync(meeting.MeetingKey, cancellation);
        var saved = existing is null ? await PostAsync(meeting, 0, cancellation) : existing;
        return new MeetingReference(saved.Id!, saved.ICalUId ?? "");
    }

    public async Task UpdateAsync(MeetingReference reference, MeetingRequest meeting, int sequence, string idempotencyKey, CancellationToken cancellation)
    {
        var existing = await FindAsync(meeting.MeetingKey, cancellation);
        if (existing is null)
        {
            // Booked again after a cancellation: a new event for the same meeting key.
            await PostAsync(meeting, sequence, cancellation);
            return;
        }
        await User.Events[existing.Id].PatchAsync(ToEvent(meeting), cancellationToken: cancellation);
    }

    public async Task CancelAsync(MeetingReference reference, MeetingRequest meeting, int sequence, string reason, string idempotencyKey, CancellationToken cancellation)
    {
        var existing = await FindAsync(meeting.MeetingKey, cancellation);
        if (existing is null) return; // Cancelled already (a retried activity).
        try
        {
            await User.Events[existing.Id].Cancel.PostAsync(new CancelPostRequestBody { Comment = reason }, cancellationToken: cancellation);
        }
        catch (ODataError error) when (error.ResponseStatusCode == (int)HttpStatusCode.NotFound)
        {
            // Gone between the lookup and the cancel: the outcome wanted.
        }
    }

    public async Task<IReadOnlyDictionary<string, MeetingResponse>> ReadAsync(string meetingKey, CancellationToken cancellation)
    {
        var existing = await FindAsync(meetingKey, cancellation);
        var answers = new Dictionary<string, MeetingResponse>(StringComparer.Ordinal);
        foreach (var attendee in existing?.Attendees ?? [])
        {
            if (attendee.EmailAddress?.Address is not { Length: > 0 } address) continue;
            answers[address.ToLowerInvariant()] = attendee.Status?.Response switch
            {
                ResponseType.Accepted => MeetingResponse.Accepted,
                ResponseType.TentativelyAccepted => MeetingResponse.Tentative,
                ResponseType.Declined => MeetingResponse.Declined,
                _ => MeetingResponse.NeedsAction,
            };
        }
        return answers;
    }

    private Microsoft.Graph.Users.Item.UserItemRequestBuilder User => graph.Users[_options.CalendarUser];

    private async Task<Event?> FindAsync(string meetingKey, CancellationToken cancellation)
    {
        var page = await User.Events.GetAsync(r =>
        {
            r.QueryParameters.Filter = $"singleValueExtendedProperties/Any(ep: ep/id eq '{MeetingKeyProperty}' and ep/value eq '{meetingKey.Replace("'", "''", StringComparison.Ordinal)}')";
            r.QueryParameters.Select = ["id", "iCalUId", "isCancelled", "attendees", "start", "end"];
        }, cancellation);
        return page?.Value?.FirstOrDefault(e => e.IsCancelled != true);
    }

    private async Task<Event> PostAsync(MeetingRequest meeting, int sequence, CancellationToken cancellation)
    {
        var ev = ToEvent(meeting);
        // Graph refuses a second event with the same transaction id: a retried creation is not a second meeting.
        ev.TransactionId = TransactionId(meeting.MeetingKey, sequence);
        ev.SingleValueExtendedProperties = [new SingleValueLegacyExtendedProperty { Id = MeetingKeyProperty, Value = meeting.MeetingKey }];
        ev.ResponseRequested = true;
        ev.AllowNewTimeProposals = false;
        if (_options.TeamsMeetings)
        {
            ev.IsOnlineMeeting = true;
            ev.OnlineMeetingProvider = OnlineMeetingProviderType.TeamsForBusiness;
        }
        return await User.Events.PostAsync(ev, cancellationToken: cancellation)
            ?? throw new InvalidOperationException("Microsoft Graph returned no event.");
    }

    private static Event ToEvent(MeetingRequest meeting)
    {
        var zoneId = string.IsNullOrEmpty(meeting.TimeZone) ? "Europe/London" : meeting.TimeZone;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var graphZone = TimeZoneInfo.TryConvertIanaIdToWindowsId(zoneId, out var windows) ? windows : zoneId;
        return new Event
        {
            Subject = meeting.Subject,
            Body = new ItemBody { ContentType = BodyType.Text, Content = meeting.Body },
            Start = new DateTimeTimeZone { DateTime = Local(meeting.StartsAt, zone), TimeZone = graphZone },
            End = new DateTimeTimeZone { DateTime = Local(meeting.EndsAt, zone), TimeZone = graphZone },
            Location = meeting.Location is { Length: > 0 } location ? new Location { DisplayName = location } : null,
            Attendees = meeting.Attendees.Select(a => new Attendee
            {
                EmailAddress = new Microsoft.Graph.Models.EmailAddress { Address = a.Email, Name = a.Name },
                Type = a.Required ? AttendeeType.Required : AttendeeType.Optional,
            }).ToList(),
        };
    }

    private static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    internal static string TransactionId(string meetingKey, int sequence) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{meetingKey}#{sequence}"))[..16]).ToString();
}
