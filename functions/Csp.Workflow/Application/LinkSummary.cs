using System.Globalization;
using Csp.Domain;
using Csp.Domain.Criteria;
using Csp.Workflow.Actions;
using Csp.Workflow.Configuration;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Application;

/// <summary>
/// What a person reached by an emailed link is asked to decide, so they can decide it there: the
/// Rapid Review decision with its tests and rationale, the meeting's date and time, the referral's
/// nature (never the child's name, date of birth or address), and the date the step is due.
/// </summary>
public static class LinkSummary
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static IReadOnlyList<LinkSummaryRow> For(string action, string stepId, IncidentRecord record, WorkflowServices services)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(services);
        var rows = new List<LinkSummaryRow>();
        var incident = record.Case.Incident;
        switch (action)
        {
            case ActionNames.TriageReferral:
                rows.Add(new("Referral received", Date(incident.ReceivedOn)));
                if (incident.Referral.Incident is { } details)
                {
                    if (details.Outcome is { } outcome) rows.Add(new("What happened to the child", Sentence(CaseTransitions.Words(outcome))));
                    if (details.AbuseOrNeglect is { } abuse) rows.Add(new("Abuse or neglect", Sentence(CaseTransitions.Words(abuse))));
                    // The same day as the referral (as often) is said once, not as a second identical date.
                    if (details.DateLocalAuthorityAware is { } aware)
                        rows.Add(new("Local authority aware", aware == incident.ReceivedOn ? "The same day the referral was received" : Date(aware)));
                }
                if (incident.Referral.Incident is { AbuseOrNeglect: not null, Outcome: not null, Location: not null } tested
                    && NotifiableIncidentCriteria.Evaluate(tested) is { Met: true } notifiable)
                    rows.Add(new("Notifiable incident", notifiable.Reason + " It goes to a Rapid Review: the National Panel notification and the Rapid Review cannot be set aside at triage."));
                if (incident.Referral.Child is { LookedAfter: true })
                    rows.Add(new("Looked after", "Yes: the child was looked after by the local authority"));
                else if (incident.Referral.Child is { CareLeaver: true })
                    rows.Add(new("Care leaver", "Yes: the young person was a care leaver"));
                if (incident.SecretaryOfStateAndOfstedNotification is { } sos)
                    rows.Add(new("Secretary of State and Ofsted", $"Told of the death on {Date(sos.SentOn)}, whatever you decide"));
                if (incident.Referral.CriteriaReferrerThinksApply.Count > 0)
                    rows.Add(new("Criteria the referrer thinks apply", string.Join("\n", incident.Referral.CriteriaReferrerThinksApply.Select(CsprCriteria.Describe))));
                break;
            case ActionNames.ApproveRapidReviewReport when incident.Decision is { } decision:
                rows.Add(new("Decision", Sentence(CaseTransitions.Words(decision.Outcome))));
                if (incident.CriteriaAssessment is { } assessment)
                {
                    rows.Add(new("Test 1: criteria met", assessment.CriteriaMet.Count == 0 ? "None" : string.Join("\n", assessment.CriteriaMet.Select(CsprCriteria.Describe))));
                    rows.Add(new("Test 2: a CSPR is the most appropriate response", assessment.CsprMostAppropriateResponse ? "Yes" : "No"));
                }
                rows.Add(new("Rationale", decision.Rationale));
                rows.Add(new("Decided", $"{Date(decision.DecidedOn)} by {decision.DecidedBy}"));
                rows.Add(ReportBeingApproved(record, services));
                if (incident.NationalPanelNotification is { } notified)
                    rows.Add(new("Must reach the National Panel by", Date(services.Calendar.Deadlines.RapidReviewDecision(notified.SentOn).Due)));
                break;
            case ActionNames.RespondToMeeting when (record.Meeting ?? record.Case.Meeting) is { } meeting:
                var starts = TimeZoneInfo.ConvertTime(meeting.StartsAt, services.Calendar.Zone);
                var ends = TimeZoneInfo.ConvertTime(meeting.EndsAt, services.Calendar.Zone);
                rows.Add(new("When", DateWords.ProseSpan(starts.DateTime, ends.DateTime)));
                if (meeting.Location is { } location) rows.Add(new("Where", location));
                break;
            // The approvers of a local CSPR read what they approve: the document and its version, or the plan itself.
            case ActionNames.ApproveTermsOfReference:
                rows.Add(DocumentBeingApproved(record, services, Model.ReportKind.TermsOfReference, "Terms of reference being approved"));
                break;
            case ActionNames.ApproveFinalReportSubgroup or ActionNames.SignOffFinalReport:
                rows.Add(DocumentBeingApproved(record, services, Model.ReportKind.FinalCsprReport, "Final report being approved"));
                break;
            case ActionNames.SignOffActionPlan:
                rows.Add(new("Action plan being signed off", record.Case.Recommendations.Count == 0 ? "No recommendations have been added."
                    : string.Join("\n", record.Case.Recommendations.Select(r =>
                        $"{r.Id}: {r.Text} (owner {r.OwnerName}, due {Date(r.DueOn)}; {(r.CompletedOn is { } done ? "completed " + Date(done) : r.LastProgress is { } p ? "progress: " + p : "no progress reported yet")})"))));
                break;
            case ActionNames.ReportRecommendationProgress:
                // The owner reports on what the recommendation asks, so it is there to read.
                var subject = record.OpenSteps.FirstOrDefault(s => s.StepId == stepId)?.Subject;
                if (record.Case.Recommendations.FirstOrDefault(r => r.Id == subject) is { } recommendation)
                {
                    rows.Add(new("Recommendation " + recommendation.Id, recommendation.Text));
                    rows.Add(new("Owner", recommendation.OwnerName));
                    if (recommendation.LastProgress is { } progress)
                        rows.Add(new("Progress reported so far", (recommendation.LastProgressOn is { } on ? Date(on) + ": " : "") + progress));
                }
                break;
            case ActionNames.SubmitScopingReturn:
                var step = record.OpenSteps.FirstOrDefault(s => s.StepId == stepId);
                if (step?.DueOn is { } returnBy) rows.Add(new("Return it by", "The end of " + DateWords.Prose(returnBy)));
                if (IncidentDocuments.Agencies(record).FirstOrDefault(a => a.Key == step?.Subject) is { Round: > 1, Gaps: { } gaps })
                    rows.Add(new("What the business unit asks you to add", gaps));
                var contact = services.Partnership.BusinessUnitOrManager;
                rows.Add(new("Questions about this request", $"{contact.Name} ({contact.Email}), {services.Partnership.Name}"));
                return rows;
        }
        if (record.OpenSteps.FirstOrDefault(s => s.StepId == stepId)?.DueOn is { } due) rows.Add(new("Due", Date(due)));
        return rows;
    }

    /// <summary>The Rapid Review report version the approver is approving: the latest, with who uploaded it and when.</summary>
    public static LinkSummaryRow ReportBeingApproved(IncidentRecord record, WorkflowServices services)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(services);
        var latest = IncidentDocuments.Reports(record).LastOrDefault(r => r.Kind == nameof(Model.ReportKind.RapidReviewReport));
        if (latest is null)
            return new("Report being approved", "No Rapid Review report has been uploaded yet: ask the business unit to upload it before you approve.");
        var when = DateWords.ProseAt(TimeZoneInfo.ConvertTime(latest.UploadedAt, services.Calendar.Zone).DateTime);
        var version = latest.Version.ToString(CultureInfo.InvariantCulture);
        var who = latest.Drafted ? $"drafted from the case record on {when}" : $"uploaded by {latest.UploadedBy} on {when}";
        return new("Report being approved", $"Version {version} ({latest.FileName}), {who}.",
            new IncidentDocumentLink(record.Case.IncidentId, latest.Document, $"Download version {version} (sign-in needed)"));
    }

    /// <summary>The latest version of a document an approver is asked to approve, with a download; or what to ask for when there is none.</summary>
    public static LinkSummaryRow DocumentBeingApproved(IncidentRecord record, WorkflowServices services, Model.ReportKind kind, string label)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(services);
        var name = Model.ReportKinds.Label(kind);
        var latest = IncidentDocuments.Reports(record).LastOrDefault(r => r.Kind == kind.ToString());
        if (latest is null)
            return new(label, $"No {name.ToLowerInvariant()} has been uploaded yet: ask the business unit to upload it before you approve.");
        var when = DateWords.ProseAt(TimeZoneInfo.ConvertTime(latest.UploadedAt, services.Calendar.Zone).DateTime);
        var version = latest.Version.ToString(CultureInfo.InvariantCulture);
        var source = latest.Drafted ? $"drafted from the case record on {when}" : $"uploaded by {latest.UploadedBy} on {when}";
        return new(label, $"{name}, version {version} ({latest.FileName}), {source}.",
            new IncidentDocumentLink(record.Case.IncidentId, latest.Document, $"Download version {version} (sign-in needed)"));
    }

    private static string Sentence(string words) => words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];

    private static string Date(DateOnly date) => Documents.DocumentWords.Date(date);
}
