using System.Globalization;
using Csp.Domain;
using Csp.Domain.Timescales;
using Microsoft.DurableTask;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Orchestrations;

/// <summary>The meeting as it was held, for its minutes.</summary>
public sealed record MinutesInput(string IncidentId, string Reference, RapidReviewMeeting Meeting);

/// <summary>
/// The Rapid Review meeting's minutes, from the day it is held: the business unit uploads them and
/// circulates them to those who attended within <see cref="StatutoryTimescales.RapidReviewMinutesCalendarDays"/>
/// days (the partnership's terms of reference), reminded before and escalated after like any other step.
/// Runs beside the stages (instance <c>{incidentId}:minutes</c>), since the decision does not wait for
/// the minutes. Those who attended get an email that names the incident by its reference and points to
/// the secure site: the minutes themselves are never attached.
/// </summary>
public sealed class RapidReviewMinutesOrchestration(WorkflowServices services) : TaskOrchestrator<MinutesInput, RapidReviewMeeting>
{
    public static string InstanceId(string incidentId) => $"{incidentId}:minutes";

    public override async Task<RapidReviewMeeting> RunAsync(TaskOrchestrationContext context, MinutesInput input)
    {
        var flow = new Flow(context, services, input.IncidentId, input.Reference, "Rapid Review minutes");
        var meeting = input.Meeting;
        var heldOn = meeting.HeldOn ?? flow.Today;
        var due = flow.Calendar.Deadlines.RapidReviewMinutes(heldOn).Due;
        var days = flow.Calendar.Timescales.RapidReviewMinutesCalendarDays;
        flow.SetNextDeadline(DeadlineKinds.RapidReviewMinutes, due);

        var watchId = flow.WatchId(DeadlineKinds.RapidReviewMinutes);
        await flow.StartWatch(flow.DayWatch(watchId, DeadlineKinds.RapidReviewMinutes, null, "Rapid Review minutes to those who attended", due,
            [flow.BusinessUnit], [flow.BusinessManager], ActionNames.CirculateRapidReviewMinutes));
        var step = flow.Step("minutes:circulate", Events.Minutes, "Upload the Rapid Review minutes and circulate them to those who attended",
            [ActionNames.CirculateRapidReviewMinutes], due);
        await flow.Open(step);
        await flow.Send(flow.Notice("minutes:request", [flow.BusinessUnit], "Rapid Review minutes due",
            $"The Rapid Review meeting for {input.Reference} was held on {DateWords.Prose(heldOn)}. Its minutes go to those who attended by {DateWords.Prose(due)}, {TimescaleWords.CalendarDays(days)} after the meeting.",
            "Upload them under Reports on the incident's page on the secure site, then circulate them from there."));

        var s = await flow.Next(Events.Minutes, x => x.StepId == step.StepId);
        var version = int.TryParse(s.Text(ActionCatalogue.ReportVersionField), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 1;
        await flow.Close(step.StepId);
        await flow.StopWatch(watchId);
        var attendees = Attendees(flow, meeting);
        await flow.Send(flow.Notice($"minutes:circulated:{version}", attendees, "Rapid Review minutes",
            $"The minutes of the Rapid Review meeting for {input.Reference}, held on {DateWords.Prose(heldOn)}, are on the secure site.",
            "Please read them there: they are not attached to this email."));
        meeting = meeting with { MinutesCirculatedOn = flow.Today, MinutesVersion = version };
        await flow.RecordMeeting(meeting, flow.Audit(s.By,
            $"Rapid Review minutes (version {version}) circulated to {attendees.Count} people who attended the meeting.", null, null, AuditKinds.Notification));
        return meeting;
    }

    /// <summary>The panel chair and everyone who accepted the invitation (everyone invited when no reply was recorded).</summary>
    internal static List<EmailAddress> Attendees(Flow flow, RapidReviewMeeting meeting)
    {
        var accepted = meeting.Invitees.Where(i => i.Response == MeetingResponse.Accepted).ToList();
        var people = (accepted.Count > 0 ? accepted : meeting.Invitees.Where(i => i.Response != MeetingResponse.Declined).ToList())
            .Select(i => new EmailAddress(i.Email, i.Name));
        return new[] { flow.PanelChair }.Concat(people).DistinctBy(p => p.Address.ToLowerInvariant()).ToList();
    }
}
