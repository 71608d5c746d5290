using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using Csp.Workflow.Actions;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Application;

/// <summary>
/// The business unit's submissions to statutory bodies on an incident, as tasks: the National Panel
/// notification, the Rapid Review report to the Panel, the final CSPR report to the Panel and the
/// Secretary of State. Those bodies have no accounts here, so the product tells staff what to send
/// and where, and keeps the record of what went.
/// </summary>
public static class SubmissionTasks
{
    public static IReadOnlyList<SubmissionTaskView> For(IncidentRecord record, IReadOnlyList<DeadlineView> deadlines,
        IReadOnlyList<AvailableAction> actions, IReadOnlyList<ReportVersionView> reports, PartnershipOptions partnership)
    {
        var c = record.Case;
        var incident = c.Incident;
        var tasks = new List<SubmissionTaskView>();
        var rapidReviewRoute = incident.Triage?.Outcome == ReferralTriageOutcome.RapidReview || incident.NationalPanelNotification is not null;
        if (!rapidReviewRoute || incident.Stage == IncidentStage.ReferralQa && incident.NationalPanelNotification is null) return tasks;
        var system = partnership.Notifications.NationalPanelOnlineSystem;
        string? Offered(string action) => actions.Any(a => a.Name == action) ? action : null;
        DeadlineView? Deadline(string kind) => deadlines.FirstOrDefault(d => d.Kind == kind);
        ReportVersionView? Current(ReportKind kind) => reports.Where(r => r.Kind == kind.ToString()).MaxBy(r => r.Version);

        // The notification: the Panel's own online form, no document.
        {
            var n = incident.NationalPanelNotification;
            var action = Offered(ActionNames.RecordNationalPanelNotification);
            tasks.Add(new SubmissionTaskView(SubmissionKinds.NationalPanelNotification, "Notify the National Panel",
                "The notification of the serious incident", "The Child Safeguarding Practice Review Panel",
                "The Panel's online notification system", system, null,
                "No document to attach: the Panel's online form asks for the incident's details, which are in the referral. The local authority designated officer usually makes it and was emailed a link to record it.",
                Deadline(DeadlineKinds.NationalPanelNotification),
                n is not null ? SubmissionTaskState.Done : SubmissionTaskState.ToDo,
                null,
                n is null ? null : new SubmissionRecordView(n.SentOn, n.SentBy, n.Reference, null, null), action));
        }

        // The Rapid Review report, once the Rapid Review stage has been reached.
        if (incident.Stage is not (IncidentStage.Notification or IncidentStage.Scoping) || incident.RapidReviewReportSent is not null)
        {
            var sent = incident.RapidReviewReportSent;
            var recorded = sent is null ? null : c.Submissions.LastOrDefault(s => s.Kind == SubmissionKinds.RapidReviewReport);
            var action = Offered(ActionNames.RecordRapidReviewReportSubmitted);
            // What to send is the approved version, not whatever was uploaded since.
            var document = incident.RapidReviewReportApprovedVersion is { } approved
                ? reports.FirstOrDefault(r => r.Kind == nameof(ReportKind.RapidReviewReport) && r.Version == approved) ?? Current(ReportKind.RapidReviewReport)
                : Current(ReportKind.RapidReviewReport);
            var waiting = sent is not null || incident.RapidReviewReportApproval is not null ? null
                : incident.NationalPanelNotification is null ? "Waiting for the National Panel notification to be recorded, then the Rapid Review decision."
                : incident.Decision is null ? "Waiting for the Rapid Review decision to be recorded."
                : incident.RapidReviewReportReadyVersion is not { } ready ? "Waiting for the completed Rapid Review report to be uploaded and marked ready for approval."
                : $"Waiting for the approval of the decision and report (version {ready.ToString(System.Globalization.CultureInfo.InvariantCulture)}).";
            tasks.Add(new SubmissionTaskView(SubmissionKinds.RapidReviewReport, "Send the Rapid Review report to the National Panel",
                "The approved Rapid Review report", "The Child Safeguarding Practice Review Panel",
                "The Panel's online system", system, document,
                document is null ? "No version uploaded yet: upload the Rapid Review report under Reports." : null,
                Deadline(DeadlineKinds.RapidReviewDecision),
                sent is not null ? SubmissionTaskState.Done : waiting is null ? SubmissionTaskState.ToDo : SubmissionTaskState.Waiting,
                waiting,
                sent is null ? null : new SubmissionRecordView(sent.On, recorded?.By ?? sent.By, recorded?.Reference, recorded?.Version, recorded?.FileName), action));
        }

        // The final CSPR report, once a local CSPR is under way.
        if (incident.Decision?.Outcome == RapidReviewOutcome.LocalCspr && incident.Stage is IncidentStage.LocalCspr or IncidentStage.Publication or IncidentStage.ActionPlan or IncidentStage.Closed)
        {
            var notice = incident.PrePublicationNotice;
            var recorded = notice is null ? null : c.Submissions.LastOrDefault(s => s.Kind == SubmissionKinds.FinalReport);
            var action = Offered(ActionNames.RecordFinalReportSubmitted);
            var document = Current(ReportKind.FinalCsprReport);
            tasks.Add(new SubmissionTaskView(SubmissionKinds.FinalReport, "Send the final report to the National Panel and the Secretary of State",
                "The final CSPR report as signed off by the board", "The Child Safeguarding Practice Review Panel and the Secretary of State (Ofsted and DfE are told by email when you record it)",
                $"The Panel's online system, and the Secretary of State (Department for Education) by secure email to {partnership.Notifications.SecretaryOfState}", system,
                document, document is null ? "No version uploaded yet: upload the final CSPR report under Reports." : null,
                Deadline(DeadlineKinds.PrePublicationNotice),
                notice is not null ? SubmissionTaskState.Done : FinalWaiting(incident) is null ? SubmissionTaskState.ToDo : SubmissionTaskState.Waiting,
                notice is not null ? null : FinalWaiting(incident),
                notice is null ? null : new SubmissionRecordView(notice.SentOn, recorded?.By ?? notice.SentBy, recorded?.Reference ?? notice.Reference, recorded?.Version, recorded?.FileName), action));
        }
        return tasks;
    }

    /// <summary>What the final report's submission waits for, or null when it can go now.</summary>
    private static string? FinalWaiting(Incident incident) =>
        incident.Stage == IncidentStage.LocalCspr ? "Waiting for the board's sign-off and the planned publication date."
        : incident.IsPaused ? "Waiting for the review to resume after the parallel proceedings."
        : null;
}
