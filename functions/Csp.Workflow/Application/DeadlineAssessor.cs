using System.Globalization;
using Csp.Domain;
using Csp.Domain.Calendar;
using Csp.Domain.Criteria;
using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;

namespace Csp.Workflow.Application;

/// <summary>
/// An incident's statutory deadlines and where each stands on a given day: the due date and basis
/// from the domain's <see cref="DeadlineCalculator"/>, the date each was met from the case, and the
/// state (met, met late, due, overdue) against today. Pure, so orchestrations use it too.
/// </summary>
public sealed class DeadlineAssessor(WorkflowCalendar calendar)
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [DeadlineKinds.NationalPanelNotification] = "National Panel notified",
        [DeadlineKinds.PartnersInformed] = "Safeguarding partners told",
        [DeadlineKinds.ScopingReturns] = "Scoping returns from agencies",
        [DeadlineKinds.ScopingPackCirculation] = "Scoping pack to panel members",
        [DeadlineKinds.RapidReviewDecision] = "Rapid Review decided and sent to the National Panel",
        [DeadlineKinds.RapidReviewMinutes] = "Rapid Review minutes to those who attended",
        [DeadlineKinds.LocalCsprCompletion] = "Local CSPR completed",
        [DeadlineKinds.OtherLearningReviewCompletion] = "Other learning review completed",
        [DeadlineKinds.GovernanceResponse] = "Governance responses to the final draft",
        [DeadlineKinds.PrePublicationNotice] = "Final report to the National Panel and Secretary of State before publication",
        [DeadlineKinds.PublicationAvailableUntil] = "Published report available for a year",
        [DeadlineKinds.ActionPlanReport] = "First action plan report to the executive",
    };

    public static string Label(string kind) => Labels.TryGetValue(kind, out var label) ? label : kind;

    /// <param name="agencies">The live agency rows where known (they change before the case row does).</param>
    /// <param name="meeting">The live meeting row where known (the meeting and its minutes write it, not the case).</param>
    /// <param name="revised">Revised timetables sent to the National Panel for reviews paused past their dates (<see cref="Revised"/>), oldest first.</param>
    public IReadOnlyList<DeadlineView> Assess(IncidentCase c, DateOnly today, IReadOnlyList<ScopingAgency>? agencies = null, RapidReviewMeeting? meeting = null,
        IReadOnlyList<RevisedTimetable>? revised = null)
    {
        var incident = c.Incident;
        meeting ??= c.Meeting;
        if (incident.KeyDates() is not { } dates) return [];
        IReadOnlyList<StatutoryDeadline> deadlines;
        try
        {
            deadlines = calendar.Deadlines.Calculate(dates);
        }
        catch (DomainException)
        {
            return [];
        }
        var rapidReviewRoute = incident.Triage?.Outcome == ReferralTriageOutcome.RapidReview
            || (incident.Triage is null && incident.Referral.Incident is { } details && IsNotifiable(details));
        var views = new List<DeadlineView>();
        foreach (var d in deadlines)
        {
            if (!rapidReviewRoute && d.Kind is DeadlineKinds.NationalPanelNotification or DeadlineKinds.PartnersInformed
                    or DeadlineKinds.ScopingReturns or DeadlineKinds.ScopingPackCirculation or DeadlineKinds.RapidReviewDecision or DeadlineKinds.RapidReviewMinutes)
                continue;
            if (d.Kind == DeadlineKinds.ScopingReturns)
            {
                if (ScopingReturns(c, d, today, agencies) is { } returns) views.Add(returns);
                continue;
            }
            var recorded = c.DeadlineOutcomes.FirstOrDefault(o => o.Kind == d.Kind && o.Subject is null);
            var due = recorded?.Due ?? d.Due;
            var basis = d.Basis;
            // The pack's due date was fixed from the meeting as scheduled; its basis must name the same meeting day.
            if (recorded is not null && recorded.Due != d.Due && d.Kind == DeadlineKinds.ScopingPackCirculation)
                basis = calendar.Deadlines.ScopingPackCirculation(recorded.Due.AddDays(calendar.Timescales.ScopingPackBeforeMeetingCalendarDays)).Basis;
            // Otherwise the dates it runs from moved after it resolved (a publication re-planned after a late notice, say):
            // the recorded due date stands, and the basis must not name another.
            else if (recorded is not null && recorded.Due != d.Due)
                basis = MovedBasis(incident, recorded, d);
            // What the live record shows counts too: a return waived after its stage recorded the outcome still settles it.
            var metOn = recorded?.MetOn ?? MetOn(c, d.Kind, agencies);
            if (d.Kind == DeadlineKinds.PublicationAvailableUntil)
            {
                // It runs from publication for its whole period, whatever stage the incident has reached (closed included).
                if (incident.Publication is null) continue;
                metOn = today >= d.Due ? d.Due : null;
                views.Add(new DeadlineView(d.Kind, Label(d.Kind), due, basis, State(due, metOn, today), metOn));
                continue;
            }
            if (d.Kind == DeadlineKinds.RapidReviewMinutes) metOn = meeting?.MinutesCirculatedOn;
            // A pause for parallel proceedings does not move a review's completion date: the basis says so, with the
            // date the National Panel was last told in a revised timetable, which stands beside the due date.
            var revisedExpectedBy = d.Kind is DeadlineKinds.LocalCsprCompletion or DeadlineKinds.OtherLearningReviewCompletion && metOn is null
                ? revised?.LastOrDefault(r => r.Kind == d.Kind)?.ExpectedBy : null;
            if (d.Kind is DeadlineKinds.LocalCsprCompletion or DeadlineKinds.OtherLearningReviewCompletion && metOn is null
                && PausedReviewDeadline.Note(incident.Pauses, due, today, revisedExpectedBy) is { } paused)
                basis += paused;
            if (metOn is null && (recorded is not null || incident.Stage == IncidentStage.Closed))
            {
                // Its stage is over without it: a missed deadline stays on the record but is no longer open.
                if (incident.Stage == IncidentStage.Closed && recorded is null && due >= ClosedOn(incident)) continue;
                views.Add(new DeadlineView(d.Kind, Label(d.Kind), due, basis, DeadlineState.Missed, null));
                continue;
            }
            views.Add(new DeadlineView(d.Kind, Label(d.Kind), due, basis, State(due, metOn, today), metOn) { RevisedExpectedBy = revisedExpectedBy });
        }
        // While the meeting is scheduled (not yet held), the pack's date runs from the day it is booked for.
        if (rapidReviewRoute && dates.RapidReviewMeeting is null && meeting is { Status: MeetingStatus.Scheduled } scheduled
            && views.All(v => v.Kind != DeadlineKinds.ScopingPackCirculation) && incident.Stage != IncidentStage.Closed)
        {
            var pack = calendar.Deadlines.ScopingPackCirculation(calendar.LocalDate(scheduled.StartsAt));
            var at = views.FindIndex(v => v.Kind == DeadlineKinds.RapidReviewDecision);
            views.Insert(at < 0 ? views.Count : at, new DeadlineView(pack.Kind, Label(pack.Kind), pack.Due,
                pack.Basis + " The meeting is booked, not yet held: the date moves with it.",
                State(pack.Due, c.ScopingPackCirculatedOn, today), c.ScopingPackCirculatedOn));
        }
        // A learning review chosen at triage (no Rapid Review decision) runs from the chair's decision.
        if (incident.Triage is { Outcome: ReferralTriageOutcome.OtherLearningReview } triage && incident.Decision is null)
        {
            var deadline = calendar.Deadlines.OtherLearningReviewCompletionFromTriage(triage.DecidedOn);
            var metOn = incident.ReviewCompleted?.On;
            views.Add(new DeadlineView(DeadlineKinds.OtherLearningReviewCompletion, Label(DeadlineKinds.OtherLearningReviewCompletion), deadline.Due,
                deadline.Basis, State(deadline.Due, metOn, today), metOn));
        }
        return views;
    }

    /// <summary>The revised timetables recorded on an incident's audit trail, oldest first.</summary>
    public static IReadOnlyList<RevisedTimetable> Revised(IEnumerable<AuditEntry> audit) =>
        audit.Where(a => a.Revised is not null).OrderBy(a => a.At).Select(a => a.Revised!).ToList();

    /// <summary>The earliest deadline not yet met, for the dashboard and the custom status.</summary>
    public DeadlineView? Next(IncidentCase c, DateOnly today, IReadOnlyList<ScopingAgency>? agencies = null, RapidReviewMeeting? meeting = null) =>
        Assess(c, today, agencies, meeting).Where(d => d.State is DeadlineState.Due or DeadlineState.Overdue && d.Kind != DeadlineKinds.PublicationAvailableUntil)
            .OrderBy(d => d.Due).FirstOrDefault();

    /// <summary>
    /// The basis of a settled deadline whose trigger moved afterwards: the date it had stands. For the notice before
    /// publication, that is because the notice itself moved the planned publication date (a late notice, say).
    /// </summary>
    private string MovedBasis(Incident incident, DeadlineOutcome recorded, StatutoryDeadline now)
    {
        var notice = TimescaleWords.WorkingDays(calendar.Timescales.PrePublicationNoticeWorkingDays);
        if (now.Kind == DeadlineKinds.PrePublicationNotice && incident.PrePublicationNotice is { } sent && incident.PlannedPublicationOn is { } planned)
            return $"Due {DateWords.Prose(recorded.Due)}: {notice} before publication as it was planned then. The report went on {DateWords.Prose(sent.SentOn)}"
                + (sent.SentOn > recorded.Due ? ", late" : "")
                + $", so the planned publication date is now {DateWords.Prose(planned)}, at least {notice} after it was sent.";
        return $"Due {DateWords.Prose(recorded.Due)}: the date it had when it was done. The dates it runs from have changed since; counted from them today it would be due {DateWords.Prose(now.Due)}.";
    }

    private static DeadlineState State(DateOnly due, DateOnly? metOn, DateOnly today) =>
        metOn is { } m ? (m <= due ? DeadlineState.Met : DeadlineState.MetLate) : (today > due ? DeadlineState.Overdue : DeadlineState.Due);

    private static DateOnly? MetOn(IncidentCase c, string kind, IReadOnlyList<ScopingAgency>? liveAgencies)
    {
        var i = c.Incident;
        switch (kind)
        {
            case DeadlineKinds.NationalPanelNotification: return i.NationalPanelNotification?.SentOn;
            case DeadlineKinds.PartnersInformed: return i.PartnersInformed?.On;
            case DeadlineKinds.ScopingPackCirculation: return c.ScopingPackCirculatedOn;
            case DeadlineKinds.RapidReviewDecision: return i.RapidReviewReportSent?.On;
            case DeadlineKinds.LocalCsprCompletion: return i.FinalReportSignOff?.On;
            case DeadlineKinds.OtherLearningReviewCompletion: return i.ReviewCompleted?.On;
            case DeadlineKinds.GovernanceResponse: return c.GovernanceResponsesConfirmedOn;
            case DeadlineKinds.PrePublicationNotice: return i.PrePublicationNotice?.SentOn;
            case DeadlineKinds.ActionPlanReport: return i.ActionPlanReports.FirstOrDefault()?.On;
            default: return null;
        }
    }

    /// <summary>
    /// The scoping returns as one row over every agency asked (agencies added later included), by the domain's
    /// rule (<see cref="ScopingReturnsStatus"/>): open until each has returned or been waived, late if any was.
    /// </summary>
    private DeadlineView? ScopingReturns(IncidentCase c, StatutoryDeadline d, DateOnly today, IReadOnlyList<ScopingAgency>? liveAgencies)
    {
        var all = AllAgencies(c, liveAgencies);
        var recorded = c.DeadlineOutcomes.FirstOrDefault(o => o.Kind == d.Kind && o.Subject is null);
        if (ScopingReturnsStatus.Of(all.Select(a => Dates(a, calendar.Deadlines)).ToList()) is not { } status)
            return recorded is null ? new DeadlineView(d.Kind, Label(d.Kind), d.Due, d.Basis, State(d.Due, null, today), null) : null;
        var basis = d.Basis;
        if (status.Due != d.Due && all.FirstOrDefault(a => calendar.Deadlines.ScopingReturns(a.RequestedOn).Due == status.Due) is { } agency)
            basis = calendar.Deadlines.ScopingReturns(agency.RequestedOn).Basis;
        if (all.Any(a => a.AddedDuringScoping || c.Incident.ScopingReturns.All(r => !string.Equals(r.Agency, a.Name, StringComparison.OrdinalIgnoreCase))))
            basis += $" The row counts every agency asked ({all.Count}), those added after the referral included, each by its own due date.";
        if (status.SettledOn is { } settled)
        {
            var state = status.AllWaived ? DeadlineState.Waived : status.Late ? DeadlineState.MetLate : DeadlineState.Met;
            return new DeadlineView(d.Kind, Label(d.Kind), status.Due, basis, state, settled);
        }
        // The meeting went ahead (or the incident closed) with returns outstanding: missed, no longer open.
        if (recorded is not null || c.Incident.Stage == IncidentStage.Closed)
            return new DeadlineView(d.Kind, Label(d.Kind), status.Due, basis, DeadlineState.Missed, null);
        return new DeadlineView(d.Kind, Label(d.Kind), status.Due, basis, State(status.Due, null, today), null);
    }

    /// <summary>Every agency asked, with the live row of each where there is one.</summary>
    private static List<ScopingAgency> AllAgencies(IncidentCase c, IReadOnlyList<ScopingAgency>? liveAgencies) =>
        liveAgencies is { Count: > 0 }
            ? c.Agencies.Select(a => liveAgencies.FirstOrDefault(r => r.Key == a.Key) ?? a)
                .Concat(liveAgencies.Where(r => c.Agencies.All(a => a.Key != r.Key))).ToList()
            : c.Agencies.ToList();

    /// <summary>An agency's return against its statutory date (from when it was asked: a resubmission's own date is local procedure).</summary>
    internal static AgencyReturnDates Dates(ScopingAgency a, DeadlineCalculator deadlines) =>
        new(deadlines.ScopingReturns(a.RequestedOn).Due, a.FirstReturnedOn, a.Status == AgencyScopingStatus.Waived ? a.WaivedOn : null);

    private static DateOnly ClosedOn(Incident incident) =>
        incident.History.LastOrDefault(h => h.To == IncidentStage.Closed)?.On ?? DateOnly.MaxValue;

    private static bool IsNotifiable(Csp.Domain.Referrals.ReferralIncident details)
    {
        try
        {
            return NotifiableIncidentCriteria.Evaluate(details).Met;
        }
        catch (DomainException)
        {
            return false;
        }
    }
}
