using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.AnnualReports;

/// <summary>
/// Builds an <see cref="AnnualReport"/> from the incident read model. Read-only: it loads each
/// incident once and changes nothing. Deadlines come from <see cref="DeadlineAssessor"/>, the same
/// assessment the incident page shows.
/// </summary>
public sealed class AnnualReportBuilder(IIncidentRecords records, WorkflowServices services, TimeProvider time)
{
    private readonly DeadlineAssessor _deadlines = new(services.Calendar);

    public DateOnly Today => services.Calendar.LocalDate(time.GetUtcNow());

    public async Task<AnnualReport> BuildAsync(ReportPeriod period, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(period);
        var today = Today;
        var incidents = new List<IncidentLine>();
        var deadlines = new List<DeadlineLine>();
        var decisions = new List<DecisionLine>();
        var notifications = new List<NotificationLine>();
        var publications = new List<PublicationLine>();
        var actions = new List<ActionLine>();
        var toDecision = new List<NotificationToDecision>();

        var ids = new List<string>();
        await foreach (var row in records.ListCasesAsync(cancellation).ConfigureAwait(false)) ids.Add(row.Case.IncidentId);
        foreach (var id in ids)
        {
            if (await records.LoadAsync(id, cancellation).ConfigureAwait(false) is not { } record) continue;
            var c = record.Case;
            var incident = c.Incident;
            var closedOn = incident.History.LastOrDefault(h => h.To == IncidentStage.Closed)?.On;
            var listed = incident.ReceivedOn <= period.To && !(closedOn < period.From);
            if (listed) incidents.Add(Line(c, closedOn));

            deadlines.AddRange(Deadlines(c, IncidentDocuments.Agencies(record), record.Meeting, DeadlineAssessor.Revised(record.Audit), period, today));
            decisions.AddRange(record.Audit
                .Where(a => a.Kind == AuditKinds.Decision)
                .Select(a => new DecisionLine(c.Reference, Local(a.At), a.Who, a.What, a.Why))
                .Where(d => period.Contains(DateOnly.FromDateTime(d.RecordedAt))));
            notifications.AddRange(Notifications(c).Where(n => period.Contains(n.SentOn)));
            if (incident.Publication is { } published && period.Contains(published.PublishedOn))
            {
                publications.Add(new PublicationLine(c.Reference, published.PublishedOn, published.Form, published.PublishedBy, c.PublishedUrl,
                    incident.PrePublicationNotice?.SentOn,
                    services.Calendar.Deadlines.PublicationAvailableUntil(published.PublishedOn).Due));
            }
            if (listed) actions.AddRange(c.Recommendations.Select(r => Action(c, r, today)));
            if (incident is { NationalPanelNotification: { } notified, Decision: { } decision } && period.Contains(decision.DecidedOn))
                toDecision.Add(new NotificationToDecision(c.Reference, notified.SentOn, decision.DecidedOn,
                    services.Calendar.Deadlines.WorkingDaysTaken(notified.SentOn, decision.DecidedOn)));
        }

        return new AnnualReport(period, today, services.Partnership.Name,
            incidents.OrderBy(i => i.ReceivedOn).ThenBy(i => i.Reference, StringComparer.Ordinal).ToList(),
            deadlines.OrderBy(d => d.Due).ThenBy(d => d.Reference, StringComparer.Ordinal).ThenBy(d => KindOrder(d.Kind)).ToList(),
            decisions.OrderBy(d => d.RecordedAt).ThenBy(d => d.Reference, StringComparer.Ordinal).ToList(),
            notifications.OrderBy(n => n.SentOn).ThenBy(n => n.Reference, StringComparer.Ordinal).ToList(),
            publications.OrderBy(p => p.PublishedOn).ThenBy(p => p.Reference, StringComparer.Ordinal).ToList(),
            actions.OrderBy(a => a.Reference, StringComparer.Ordinal).ThenBy(a => a.RecommendationId.Length).ThenBy(a => a.RecommendationId, StringComparer.Ordinal).ToList(),
            toDecision.OrderBy(t => t.DecidedOn).ThenBy(t => t.Reference, StringComparer.Ordinal).ToList());
    }

    /// <summary>The statutory deadlines in the order the process meets them (the assessor's labels are in that order).</summary>
    public static int KindOrder(string kind)
    {
        var index = DeadlineAssessor.Labels.Keys.ToList().IndexOf(kind);
        return index < 0 ? int.MaxValue : index;
    }

    private static IncidentLine Line(IncidentCase c, DateOnly? closedOn)
    {
        var i = c.Incident;
        return new IncidentLine(
            c.Reference, i.ReceivedOn, i.Referral.Incident?.DateOfIncident, i.Referral.Incident?.DateLocalAuthorityAware, i.Stage,
            ReviewOutcomes.Of(i), ReviewOutcomes.DecidedBy(i), ReviewOutcomes.DecidedOn(i),
            i.NationalPanelNotification?.SentOn, i.ScopingRequestedOn, i.RapidReviewMeetingOn, i.RapidReviewReportSent?.On,
            (i.PanelResponse ?? c.LatePanelResponse)?.Outcome.ToString(),
            i.FinalReportSignOff?.On ?? i.ReviewCompleted?.On, i.Publication?.PublishedOn, i.ActionPlanAgreedOn, closedOn, i.IsPaused);
    }

    private IEnumerable<DeadlineLine> Deadlines(IncidentCase c, IReadOnlyList<ScopingAgency> agencies, RapidReviewMeeting? meeting, IReadOnlyList<RevisedTimetable> revised,
        ReportPeriod period, DateOnly today)
    {
        foreach (var d in _deadlines.Assess(c, today, agencies, meeting, revised))
        {
            // How long a published report stays available is not a deadline to meet; the publications table shows it.
            if (d.Kind == DeadlineKinds.PublicationAvailableUntil) continue;
            // A deadline belongs to the period it fell due in, or the one it was met in if that came first, so it
            // counts once; one already passed when the referral arrived counts in the period it arrived in.
            var settledEarly = d.MetOn is { } met && met < d.Due ? met : d.Due;
            if (!period.Contains(settledEarly < c.Incident.ReceivedOn ? c.Incident.ReceivedOn : settledEarly)) continue;
            int? late = d.State switch
            {
                DeadlineState.MetLate => services.Calendar.Deadlines.WorkingDaysLate(d.Due, d.MetOn!.Value),
                DeadlineState.Overdue => services.Calendar.Deadlines.WorkingDaysLate(d.Due, today),
                _ => null,
            };
            yield return new DeadlineLine(c.Reference, d.Kind, d.Label, d.Due, d.Basis, d.State, d.MetOn, late) { RevisedExpectedBy = d.RevisedExpectedBy };
        }
    }

    private static IEnumerable<NotificationLine> Notifications(IncidentCase c)
    {
        var i = c.Incident;
        if (i.NationalPanelNotification is { } panel)
            yield return Notice(c, "National Panel notified of the incident", panel);
        if (i.PartnersInformed is { } partners)
            yield return new NotificationLine(c.Reference, "Safeguarding partners told of the incident", partners.On, partners.By, "Safeguarding partners", null);
        if (i.SecretaryOfStateAndOfstedNotification is { } sos)
            yield return Notice(c, "Secretary of State and Ofsted notified", sos);
        if (i.RapidReviewReportSent is { } report)
            yield return new NotificationLine(c.Reference, "Rapid Review report sent to the National Panel", report.On, report.By, "National Panel",
                c.Submissions.LastOrDefault(x => x.Kind == SubmissionKinds.RapidReviewReport)?.Reference); // the Panel's reference recorded with it
        if (i.LocalCsprDecisionNotification is { } cspr)
            yield return Notice(c, "Local CSPR decision notified", cspr);
        else if (c.CsprDecisionNoticeSentOn is { } csprOn)
            yield return new NotificationLine(c.Reference, "Local CSPR decision notified", csprOn, null, "National Panel, Ofsted, DfE", null);
        if (i.PrePublicationNotice is { } notice)
            yield return Notice(c, "Final report sent before publication", notice);
        foreach (var progress in i.ActionPlanReports)
            yield return new NotificationLine(c.Reference, "Action plan report to the executive", progress.On, progress.By, "Executive", null);
    }

    private static NotificationLine Notice(IncidentCase c, string what, NotificationRecord record) =>
        new(c.Reference, what, record.SentOn, record.SentBy, string.Join(", ", record.Recipients), record.Reference);

    private static ActionLine Action(IncidentCase c, Recommendation r, DateOnly today)
    {
        var agreed = c.Incident.ActionPlanAgreedOn;
        var status = r.CompletedOn is not null ? (r.ClosedReason is null ? ActionStatus.Completed : ActionStatus.Closed)
            : agreed is null ? ActionStatus.Draft
            : r.DueOn < today ? ActionStatus.Overdue
            : ActionStatus.Open;
        int? age = status is ActionStatus.Open or ActionStatus.Overdue ? today.DayNumber - agreed!.Value.DayNumber : null;
        return new ActionLine(c.Reference, r.Id, r.Text, r.OwnerName, agreed, r.DueOn, status, r.CompletedOn, r.ClosedReason, r.LastProgressOn, age,
            c.Incident.ActionPlanSignOff?.On);
    }

    private DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, services.Calendar.Zone).DateTime;
}
