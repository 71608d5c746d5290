using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;

namespace Csp.Workflow.Application;

/// <summary>
/// What the dashboard lists of one incident, small enough that a store can keep it beside the case
/// and list a decade of incidents without reading a case: the stage, when it was received and its
/// next open statutory deadline. Which deadlines are open, and their dates, change only when the
/// incident does (an event, a return, a decision); the day only decides whether the next one is due
/// or overdue, which <see cref="IncidentIndexer.Deadline"/> and <see cref="IncidentIndexer.Rag"/> work out when it is shown.
/// </summary>
/// <param name="AtRisk">What puts the incident at risk besides its dates (a Rapid Review meeting that cannot be quorate on the replies); null when nothing.</param>
public sealed record IncidentIndexEntry(
    string IncidentId, string Reference, IncidentStage Stage, bool Paused, DateOnly ReceivedOn, IndexedDeadline? NextDeadline, DateTimeOffset UpdatedAt,
    string? AtRisk = null);

/// <summary>The earliest open deadline of an incident, without its state (which depends on the day).</summary>
public sealed record IndexedDeadline(string Kind, string Label, DateOnly Due, string Basis);

/// <summary>Makes an incident's <see cref="IncidentIndexEntry"/> from its case and its live agency rows, and reads one back against a day.</summary>
public sealed class IncidentIndexer(WorkflowCalendar calendar)
{
    private readonly DeadlineAssessor _deadlines = new(calendar);

    /// <param name="liveAgencies">The agencies' own rows, newer than the case's copy while scoping runs.</param>
    /// <param name="meeting">The Rapid Review meeting as last recorded (its row is newer than the case's copy).</param>
    public IncidentIndexEntry Entry(IncidentCase c, IReadOnlyList<ScopingAgency>? liveAgencies, DateTimeOffset updatedAt, RapidReviewMeeting? meeting = null)
    {
        ArgumentNullException.ThrowIfNull(c);
        // While scoping runs each agency's own row is newer than the case's: settled returns count as settled.
        IReadOnlyList<ScopingAgency>? agencies = c.Stage == IncidentStage.Scoping && liveAgencies is { Count: > 0 }
            ? c.Agencies.Select(a => liveAgencies.FirstOrDefault(r => r.Key == a.Key) ?? a)
                .Concat(liveAgencies.Where(r => c.Agencies.All(a => a.Key != r.Key))).ToList()
            : null;
        // Any day gives the same open deadlines and dates: only due or overdue differs.
        var next = _deadlines.Next(c, c.Incident.ReceivedOn, agencies);
        return new IncidentIndexEntry(c.IncidentId, c.Reference, c.Stage, c.Incident.IsPaused, c.Incident.ReceivedOn,
            next is null ? null : new IndexedDeadline(next.Kind, next.Label, next.Due, next.Basis), updatedAt, AtRisk(c, meeting ?? c.Meeting));
    }

    /// <summary>A scheduled Rapid Review meeting that one of the quorum agencies can no longer attend: everyone invited from it declined.</summary>
    private static string? AtRisk(IncidentCase c, RapidReviewMeeting? meeting) =>
        c.Stage == IncidentStage.Scoping && meeting is { Status: MeetingStatus.Scheduled }
            && Csp.Domain.Incidents.MeetingQuorum.Lost(Orchestrations.RapidReviewMeetingOrchestration.Answers(meeting)) is { Count: > 0 } lost
            ? $"Rapid Review quorum at risk: {Csp.Domain.Incidents.MeetingQuorum.List(lost)} cannot attend"
            : null;

    /// <summary>The next deadline as shown on <paramref name="today"/>: due, or overdue once its day has passed.</summary>
    public static DeadlineView? Deadline(IndexedDeadline? next, DateOnly today) =>
        next is null ? null : new DeadlineView(next.Kind, next.Label, next.Due, next.Basis, today > next.Due ? DeadlineState.Overdue : DeadlineState.Due, null);

    /// <summary>
    /// The dashboard's status, asked of the domain's rule (<see cref="DeadlineCalculator.Rag"/>): red when an
    /// open deadline has passed (the earliest open one is the first to pass), amber when the next falls
    /// within the configured working days (<see cref="StatutoryTimescales.AmberWithinWorkingDays"/>), else green.
    /// </summary>
    public RagStatus Rag(IndexedDeadline? next, DateOnly today, string? atRisk = null) =>
        calendar.Deadlines.Rag(today, next is not null && today > next.Due, next?.Due, atRisk is not null);

    /// <summary>The dashboard line for <paramref name="today"/>.</summary>
    public IncidentSummary Summary(IncidentIndexEntry e, DateOnly today) =>
        new(e.IncidentId, e.Reference, e.Stage, e.Paused, e.ReceivedOn, Deadline(e.NextDeadline, today), Rag(e.NextDeadline, today, e.AtRisk), e.UpdatedAt) { AtRisk = e.AtRisk };
}
