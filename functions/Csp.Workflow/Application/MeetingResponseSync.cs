using System.Text.Json;
using Csp.Domain.Incidents;
using Csp.Workflow.Actions;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Application;

/// <summary>
/// Brings attendees' answers from the calendar service into the process: for each scheduled Rapid
/// Review meeting, an answer that differs from the one recorded is submitted as that attendee's
/// reply, exactly as a reply link would, so the quorum check (children's social care, education,
/// police, health) works from what people really said in their calendars.
/// </summary>
public sealed class MeetingResponseSync(IIncidentRecords records, IMeetingResponses responses, IIncidentService incidents)
{
    /// <summary>Who the replies are recorded as on the incident's timeline.</summary>
    public static readonly StaffUser Calendar = new("Calendar", StaffRoles.BusinessUnit);

    /// <summary>Reads every scheduled meeting's answers once; returns the replies submitted.</summary>
    public async Task<int> SyncAsync(CancellationToken cancellation)
    {
        var submitted = 0;
        var incidentIds = new List<string>();
        await foreach (var row in records.ListCasesAsync(cancellation))
            if (row.Case.Stage is IncidentStage.Scoping or IncidentStage.RapidReview) incidentIds.Add(row.Case.IncidentId);
        foreach (var incidentId in incidentIds)
        {
            var record = await records.LoadAsync(incidentId, cancellation);
            if (record?.Meeting is not { Status: MeetingStatus.Scheduled } meeting) continue;
            var answers = await responses.ReadAsync(meeting.MeetingId, cancellation);
            if (answers.Count == 0) continue;
            foreach (var invitee in meeting.Invitees)
            {
                if (!answers.TryGetValue(invitee.Email.ToLowerInvariant(), out var answer)
                    || answer == MeetingResponse.NeedsAction || answer == invitee.Response) continue;
                var step = record.OpenSteps.FirstOrDefault(s => s.Subject == invitee.Key && s.Actions.Contains(ActionNames.RespondToMeeting));
                if (step?.SubjectLabel is null) continue;
                var fields = JsonSerializer.SerializeToElement(new Dictionary<string, string>
                {
                    [ActionCatalogue.Attendee] = step.SubjectLabel,
                    ["response"] = answer.ToString(),
                });
                try
                {
                    await incidents.PerformActionAsync(incidentId, ActionNames.RespondToMeeting, fields, Calendar, cancellation);
                    submitted++;
                }
                catch (ActionNotAvailableException)
                {
                    // The meeting moved on since it was read: the next pass sees the new state.
                }
            }
        }
        return submitted;
    }
}
