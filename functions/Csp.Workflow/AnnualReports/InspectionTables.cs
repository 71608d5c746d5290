using Csp.Workflow.Application;

namespace Csp.Workflow.AnnualReports;

/// <summary>
/// The annual report as the tables of the inspection export, one per kind of record, in the order
/// an inspector reads them. Names are the CSV files' (and the <c>table</c> parameter's) names.
/// </summary>
public static class InspectionTables
{
    public const string Incidents = "incidents";
    public const string Deadlines = "deadlines";
    public const string Decisions = "decisions";
    public const string Notifications = "notifications";
    public const string Publications = "reviews-published";
    public const string Actions = "action-plans";

    public static readonly IReadOnlyList<string> Names = [Incidents, Deadlines, Decisions, Notifications, Publications, Actions];

    public static IReadOnlyList<ReportTable> From(AnnualReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return [IncidentTable(report), DeadlineTable(report), DecisionTable(report), NotificationTable(report), PublicationTable(report), ActionTable(report)];
    }

    private static ReportColumn Text(string header) => new(header, ReportColumnType.Text);
    private static ReportColumn Date(string header) => new(header, ReportColumnType.Date);
    private static ReportColumn Number(string header) => new(header, ReportColumnType.Number);

    private static ReportTable IncidentTable(AnnualReport report) => new(Incidents, "Incidents",
        "Every incident received by the end of the period and not closed before its start, with its key dates.",
        [
            Text("Reference"), Date("Referral received"), Date("Incident date"), Date("Local authority aware"), Text("Stage now"), Text("Outcome"),
            Text("Decided by"), Date("Decided on"), Date("National Panel notified"), Date("Scoping requested"), Date("Rapid Review meeting"),
            Date("Rapid Review report sent"), Text("National Panel response"), Date("Review completed"), Date("Published"),
            Date("Action plan agreed"), Date("Closed"), Text("Paused now"),
        ],
        report.Incidents.Select(i => Row(i.Reference, i.ReceivedOn, i.IncidentOn, i.LocalAuthorityAwareOn, Words(i.Stage.ToString()), ReviewOutcomes.Label(i.Outcome),
            i.DecidedBy, i.DecidedOn, i.NationalPanelNotifiedOn, i.ScopingRequestedOn, i.RapidReviewMeetingOn, i.RapidReviewReportSentOn,
            i.PanelResponse is null ? null : Words(i.PanelResponse), i.ReviewCompletedOn, i.PublishedOn, i.ActionPlanAgreedOn, i.ClosedOn, i.Paused ? "Yes" : "No")).ToList());

    private static ReportTable DeadlineTable(AnnualReport report) => new(Deadlines, "Deadlines",
        $"Each statutory deadline that fell due in the period, or was met in it before it fell due, with its basis and whether and when it was met, as at {report.AsOf:yyyy-MM-dd}; " +
        "for a review paused past its date, the date the revised timetable sent to the National Panel expects it to be completed by.",
        [Text("Reference"), Text("Deadline"), Date("Due"), Text("Status"), Date("Met or waived on"), Number("Working days late"), Text("Basis"), Date("Revised timetable: expected by")],
        report.Deadlines.Select(d => Row(d.Reference, d.Deadline, d.Due, AnnualReportFigures.StateLabel(d.State), d.MetOn, d.WorkingDaysLate, d.Basis, d.RevisedExpectedBy)).ToList());

    private static ReportTable DecisionTable(AnnualReport report) => new(Decisions, "Decisions",
        "Every decision recorded in the period: who made it, when (UK time) and why.",
        [Text("Reference"), new ReportColumn("Recorded at", ReportColumnType.DateTime), Text("Who"), Text("Decision"), Text("Rationale")],
        report.Decisions.Select(d => Row(d.Reference, d.RecordedAt, d.Who, d.Decision, d.Rationale)).ToList());

    private static ReportTable NotificationTable(AnnualReport report) => new(Notifications, "Notifications",
        "Every statutory notification and report sent in the period, with its recipients.",
        [Text("Reference"), Text("Notification"), Date("Sent on"), Text("Sent by"), Text("Recipients"), Text("Recipient's reference")],
        report.Notifications.Select(n => Row(n.Reference, n.Notification, n.SentOn, n.SentBy, n.Recipients, n.RecipientReference)).ToList());

    private static ReportTable PublicationTable(AnnualReport report) => new(Publications, "Reviews published",
        "Every review published in the period.",
        [Text("Reference"), Date("Published on"), Text("What was published"), Text("Published by"), Text("Address"), Date("Notice sent before publication"), Date("Available until at least")],
        report.Publications.Select(p => Row(p.Reference, p.PublishedOn,
            p.Form == Domain.Incidents.PublicationForm.FullReport ? "The report" : "Information about the improvements",
            p.PublishedBy, p.Url, p.NoticeSentOn, p.AvailableUntil)).ToList());

    private static ReportTable ActionTable(AnnualReport report) => new(Actions, "Action plans",
        $"Every recommendation of the incidents listed, with its status as at {report.AsOf:yyyy-MM-dd}.",
        [
            Text("Reference"), Text("Recommendation"), Text("Text"), Text("Owner"), Date("Plan agreed"), Date("Due"), Text("Status"),
            Date("Completed or closed on"), Text("Reason closed"), Date("Last progress"), Number("Days open since agreed"), Date("Plan signed off"),
        ],
        report.Actions.Select(a => Row(a.Reference, a.RecommendationId, a.Recommendation, a.Owner, a.PlanAgreedOn, a.DueOn, ActionLabel(a.Status),
            a.CompletedOn, a.ClosedReason, a.LastProgressOn, a.AgeDays, a.PlanSignedOffOn)).ToList());

    public static string ActionLabel(ActionStatus status) => status switch
    {
        ActionStatus.Draft => "Draft: plan not agreed",
        ActionStatus.Open => "Open",
        ActionStatus.Overdue => "Open, past its due date",
        ActionStatus.Completed => "Completed",
        _ => "Closed without completion",
    };

    private static IReadOnlyList<object?> Row(params object?[] cells) => cells;

    /// <summary>An identifier in plain words: "LocalCspr" as "Local CSPR", "DecisionRatified" as "Decision ratified".</summary>
    private static string Words(string pascal)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(pascal, "(?<=[a-z])(?=[A-Z])", " ");
        text = text.Length == 0 ? text : text[0] + text[1..].ToLowerInvariant();
        return text.Replace("cspr", "CSPR", StringComparison.Ordinal).Replace("Cspr", "CSPR", StringComparison.Ordinal).Replace(" qa", " QA", StringComparison.Ordinal);
    }
}
