using System.Text.Json.Nodes;
using Azure.Core;
using Csp.Integrations.Calendar;
using Csp.Testing.Fakes;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;
using Csp.Workflow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Csp.Workflow.Tests.Integrations;

/// <summary>The Rapid Review meeting through the real Microsoft Graph client to a fake Graph on loopback.</summary>
public sealed class GraphCalendarTests
{
    private const string Token = "graph-test-token";
    private const string CalendarUser = "business.unit@exampleshire.example";

    private static async Task<(WorkflowScenario Scenario, FixedTokenCredential Credential)> StartAsync(FakeGraph fake, bool teams = false)
    {
        var credential = new FixedTokenCredential(Token);
        var scenario = await WorkflowScenario.StartAsync(overrides: new Dictionary<string, string?>
        {
            ["Csp:Calendar:Provider"] = "Graph",
            ["Csp:Calendar:Graph:BaseUrl"] = fake.ApiBase.ToString(),
            ["Csp:Calendar:Graph:CalendarUser"] = CalendarUser,
            ["Csp:Calendar:Graph:TeamsMeetings"] = teams ? "true" : "false",
        }, configure: services => services.AddSingleton<TokenCredential>(credential));
        return (scenario, credential);
    }

    [Fact]
    public async Task Meeting_ScheduledRescheduledCancelledAndBookedAgain_OneGraphEventPerBookingWithEveryMember()
    {
        await using var fake = await FakeGraph.StartAsync();
        var (s, credential) = await StartAsync(fake, teams: true);
        await using var _ = s;
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);
        await s.ScheduleMeetingAsync(id, new DateOnly(2025, 3, 20));

        var created = Assert.Single(fake.Requests, r => r.Method == "POST" && r.Path == $"/v1.0/users/{CalendarUser}/events");
        Assert.Equal("Bearer " + Token, created.Header("Authorization"));
        Assert.Equal($"{fake.ApiBase.Scheme}://{fake.ApiBase.Authority}/.default", Assert.Single(credential.Scopes));
        var ev = JsonNode.Parse(created.Body)!;
        Assert.Equal("Rapid Review meeting: CSP-2025-0001", (string?)ev["subject"]);
        Assert.Equal("2025-03-20T10:00:00", (string?)ev["start"]!["dateTime"]);
        Assert.Equal("GMT Standard Time", (string?)ev["start"]!["timeZone"]);
        Assert.Equal("2025-03-20T12:00:00", (string?)ev["end"]!["dateTime"]);
        Assert.True((bool?)ev["isOnlineMeeting"]);
        Assert.Equal("teamsForBusiness", (string?)ev["onlineMeetingProvider"]);
        Assert.False(string.IsNullOrEmpty((string?)ev["transactionId"]));
        var attendees = ev["attendees"]!.AsArray().Select(a => ((string)a!["emailAddress"]!["address"]!, (string)a["type"]!)).ToList();
        Assert.Contains(("police.member@police.example", "required"), attendees);
        Assert.Contains(("police.deputy@police.example", "optional"), attendees);
        Assert.Contains(("education.member@exampleshire.example", "required"), attendees);
        Assert.Contains(("panel.chair@exampleshire.example", "required"), attendees);
        Assert.Equal(9, attendees.Count); // four members, four deputies, the chair
        // No child data in the event, and no iCalendar emails: Graph sends the invitations.
        Assert.DoesNotContain("Robin", created.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Testchild", created.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(await s.MailAsync(id), m => m.Attachments.Any(a => a.FileName == "invite.ics"));

        await s.ActAsync(id, ActionNames.RescheduleMeeting, new { startsAt = "2025-03-21T14:00", durationMinutes = 90, location = "Room 1", reason = "Chair unavailable." });
        var eventId = (string)Assert.Single(fake.Events)["id"]!;
        var patch = JsonNode.Parse(Assert.Single(fake.Requests, r => r.Method == "PATCH").Body)!;
        Assert.Equal("2025-03-21T14:00:00", (string?)patch["start"]!["dateTime"]);
        Assert.Equal("Room 1", (string?)patch["location"]!["displayName"]);
        Assert.Single(fake.Requests, r => r.Method == "PATCH" && r.Path.EndsWith("/events/" + eventId, StringComparison.Ordinal));

        await s.ActAsync(id, ActionNames.CancelMeeting, new { reason = "Police lead ill; will rebook." });
        var cancel = Assert.Single(fake.Requests, r => r.Path.EndsWith($"/events/{eventId}/cancel", StringComparison.Ordinal));
        Assert.Contains("Police lead ill", cancel.Body, StringComparison.Ordinal);
        Assert.True((bool?)Assert.Single(fake.Events)["isCancelled"]);

        await s.ScheduleMeetingAsync(id, new DateOnly(2025, 3, 24));
        Assert.Equal(2, fake.Events.Count);
        var rebooked = Assert.Single(fake.Events, e => (bool?)e["isCancelled"] == false);
        Assert.Equal("2025-03-24T10:00:00", (string?)rebooked["start"]!["dateTime"]);
    }

    [Fact]
    public async Task CreateAsync_GraphThrottlesThenFails_RetriesHonouringRetryAfterAndMakesOneEvent()
    {
        await using var fake = await FakeGraph.StartAsync();
        var (s, _) = await StartAsync(fake);
        await using var __ = s;
        var scheduler = s.Host.Services.GetRequiredService<IMeetingScheduler>();
        var meeting = new MeetingRequest("CSP-1", "CSP-1-rapid-review", "Rapid Review meeting: CSP-1", "Body", DateTimeOffset.Parse("2025-06-18T09:00:00Z"),
            DateTimeOffset.Parse("2025-06-18T11:00:00Z"), "Europe/London", null, new MeetingAttendee("Business unit", CalendarUser), [new MeetingAttendee("A", "a@example.org")]);
        fake.Enqueue(FakeGraph.TooManyRequests(retryAfterSeconds: 1), new FakeReply(503, """{"error":{"code":"serviceNotAvailable","message":"try later"}}"""));

        await scheduler.CreateAsync(meeting, "k", CancellationToken.None);

        Assert.Single(fake.Events);
        var requests = fake.Requests;
        // The throttled call, again after the second Retry-After asked for, again after the 503, then the rest.
        Assert.True(requests.Count >= 3);
        Assert.Equal((requests[0].Method, requests[0].Path, requests[0].Query), (requests[1].Method, requests[1].Path, requests[1].Query));
        Assert.Equal((requests[0].Method, requests[0].Path, requests[0].Query), (requests[2].Method, requests[2].Path, requests[2].Query));
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(900), $"Retried after {(requests[1].At - requests[0].At).TotalMilliseconds} ms; Retry-After asked for 1 s.");
    }

    [Fact]
    public async Task CreateAsync_RunTwice_MakesOneEvent()
    {
        await using var fake = await FakeGraph.StartAsync();
        var (s, _) = await StartAsync(fake);
        await using var __ = s;
        var scheduler = s.Host.Services.GetRequiredService<IMeetingScheduler>();
        var meeting = new MeetingRequest("CSP-1", "CSP-1-rapid-review", "Rapid Review meeting: CSP-1", "Body", DateTimeOffset.Parse("2025-06-18T09:00:00Z"),
            DateTimeOffset.Parse("2025-06-18T11:00:00Z"), "Europe/London", null, new MeetingAttendee("Business unit", CalendarUser), [new MeetingAttendee("A", "a@example.org")]);

        var first = await scheduler.CreateAsync(meeting, "k", CancellationToken.None);
        var second = await scheduler.CreateAsync(meeting, "k", CancellationToken.None);

        Assert.Equal(first, second);
        var ev = Assert.Single(fake.Events);
        // 09:00 UTC in June is 10:00 in London.
        Assert.Equal("2025-06-18T10:00:00", (string?)ev["start"]!["dateTime"]);
    }

    [Fact]
    public async Task Sync_PoliceMemberAndDeputyDeclineInOutlook_RepliesRecordedAndQuorumWarningSent()
    {
        await using var fake = await FakeGraph.StartAsync();
        var (s, _) = await StartAsync(fake);
        await using var __ = s;
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);
        await s.ScheduleMeetingAsync(id, new DateOnly(2025, 3, 20));
        var eventId = (string)Assert.Single(fake.Events)["id"]!;
        fake.Answer(eventId, "police.member@police.example", "declined");
        fake.Answer(eventId, "police.deputy@police.example", "declined");
        fake.Answer(eventId, "education.member@exampleshire.example", "accepted");
        fake.Answer(eventId, "health.member@icb.example", "tentativelyAccepted");
        var sync = s.Host.Services.GetRequiredService<MeetingResponseSync>();

        var submitted = await sync.SyncAsync(CancellationToken.None);
        await s.SettleAsync();
        var again = await sync.SyncAsync(CancellationToken.None);
        await s.SettleAsync();

        Assert.Equal(4, submitted);
        Assert.Equal(0, again);
        var meeting = (await s.ViewAsync(id)).Meeting!;
        Assert.Contains("Police", meeting.QuorumMissing);
        var warning = Assert.Single(await s.MailAsync(id, WorkflowScenario.BusinessManagerEmail), m => m.Subject.Contains("quorum at risk", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("police", warning.TextBody, StringComparison.OrdinalIgnoreCase);
        var record = await s.Host.Records.LoadAsync(id, CancellationToken.None);
        var responses = record!.Meeting!.Invitees.ToDictionary(i => i.Email, i => i.Response);
        Assert.Equal(MeetingResponse.Declined, responses["police.member@police.example"]);
        Assert.Equal(MeetingResponse.Accepted, responses["education.member@exampleshire.example"]);
        Assert.Equal(MeetingResponse.Tentative, responses["health.member@icb.example"]);
        Assert.Equal(MeetingResponse.NeedsAction, responses["csc.member@exampleshire.example"]);
        Assert.Contains((await s.ViewAsync(id)).Timeline, t => t.Who == MeetingResponseSync.Calendar.Name && t.What.Contains("replied", StringComparison.Ordinal));
    }
}
