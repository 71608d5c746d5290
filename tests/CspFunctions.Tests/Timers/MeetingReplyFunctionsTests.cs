using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Workflow.Actions;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;
using CspFunctions.Tests.Infrastructure;
using CspFunctions.Timers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace CspFunctions.Tests.Timers;

/// <summary>
/// The timer that brings attendees' calendar answers into the process: an answer the calendar
/// service reports is raised on the meeting's orchestration through the timer's own durable client.
/// </summary>
public sealed class MeetingReplyFunctionsTests
{
    private const string IncidentId = "CSP-2025-0042";
    private const string PoliceMember = "police.member@police.example";

    [Fact]
    public async Task ReadMeetingReplies_AttendeeAcceptedInTheCalendar_RaisesTheReplyOnTheMeetingThroughTheTimersClient()
    {
        var calendar = new Mock<IMeetingResponses>();
        calendar.Setup(c => c.ReadAsync("meeting-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<string, MeetingResponse> { [PoliceMember] = MeetingResponse.Accepted });
        await using var app = FunctionsApp.Create(new Dictionary<string, string?>
        {
            ["Csp:Calendar:Provider"] = "Graph",
            ["Csp:Calendar:Graph:CalendarUser"] = "business.unit@exampleshire.example",
        }, services => services.AddSingleton(calendar.Object));
        await RecordScheduledMeetingAsync(app.Services.GetRequiredService<IIncidentRecords>());

        await Timer(app).ReadMeetingReplies(new TimerInfo(), app.Client.Object, CancellationToken.None);

        app.Client.Verify(c => c.RaiseEventAsync(IncidentId + ":meeting", Events.Meeting,
            It.Is<object?>(o => IsAcceptance(o)),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task ReadMeetingReplies_CalendarByEmailedInvitations_ReadsNothingAndRaisesNothing()
    {
        await using var app = FunctionsApp.Create();
        await RecordScheduledMeetingAsync(app.Services.GetRequiredService<IIncidentRecords>());

        await Timer(app).ReadMeetingReplies(new TimerInfo(), app.Client.Object, CancellationToken.None);

        app.Client.Verify(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private static bool IsAcceptance(object? payload) =>
        payload is StepSubmission { Action: ActionNames.RespondToMeeting, Subject: "m1" } s && s.Text("response") == nameof(MeetingResponse.Accepted);

    private static MeetingReplyFunctions Timer(FunctionsApp app) =>
        new(app.Services, app.Durable, NullLogger<MeetingReplyFunctions>.Instance);

    /// <summary>An incident at scoping with its Rapid Review meeting scheduled and the police member's reply awaited.</summary>
    private static async Task RecordScheduledMeetingAsync(IIncidentRecords records)
    {
        var incident = Incident.Open(IncidentId, new ReferralBuilder().Build(), new DateOnly(2025, 3, 5))
            .PassQualityAssurance("Business manager", new DateOnly(2025, 3, 5))
            .TriageReferral(new ReferralTriageDecision(ReferralTriageOutcome.RapidReview, "Panel chair", new DateOnly(2025, 3, 6), "Suspected neglect."))
            .RecordNationalPanelNotification("LA designated officer", new DateOnly(2025, 3, 7), "NP-0001")
            .StartScoping("Business manager", new DateOnly(2025, 3, 10), ["Exampleshire Police"]);
        var meeting = new RapidReviewMeeting
        {
            MeetingId = "meeting-1",
            StartsAt = new DateTimeOffset(2025, 3, 20, 10, 0, 0, TimeSpan.Zero),
            EndsAt = new DateTimeOffset(2025, 3, 20, 12, 0, 0, TimeSpan.Zero),
            Status = MeetingStatus.Scheduled,
            Invitees = [new MeetingInvitee("m1", "Pat Police", PoliceMember, AgencyType.Police, false, MeetingResponse.NeedsAction)],
        };
        var now = DateTimeOffset.UtcNow;
        await records.CreateAsync(new ProgressRecord(IncidentId, now, new IncidentCase { IncidentId = IncidentId, Reference = IncidentId, Incident = incident }),
            CancellationToken.None);
        await records.SaveMeetingAsync(IncidentId, meeting, CancellationToken.None);
        await records.OpenStepAsync(new AwaitedStep(IncidentId, "meeting-reply-1-m1", IncidentId + ":meeting", Events.Meeting, [ActionNames.RespondToMeeting],
            "Reply to the Rapid Review invitation", Subject: "m1", SubjectLabel: "Pat Police"), CancellationToken.None);
    }
}
