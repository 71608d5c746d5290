using System.Globalization;
using Csp.Domain;
using Csp.Domain.Criteria;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;

namespace Csp.Workflow.Actions;

/// <summary>What an action did to the case, in words for the audit trail.</summary>
public sealed record Transition(IncidentCase Case, string What, string? Why = null);

/// <summary>
/// The effect of each human action on the case: each reads the submission's fields and calls the
/// one <see cref="Incident"/> method that decides the move (every refusal is the incident's
/// <see cref="DomainException"/>). Only the orchestration applies it (the submission carries the
/// time it was made, which is the "today" of the decision) and records the outcome, which the
/// incident service and the link answer from: nothing runs it a second time.
/// </summary>
public static class CaseTransitions
{
    /// <summary>True for the actions whose effect on the case is defined here.</summary>
    public static bool Handles(string action) => Handlers.ContainsKey(action);

    /// <summary>The action's effect, decided by the incident on the day the submission was made.</summary>
    public static Transition Apply(IncidentCase c, StepSubmission s, WorkflowCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(calendar);
        if (!Handlers.TryGetValue(s.Action, out var handler))
            throw new ArgumentException($"The action '{s.Action}' does not change the case directly.", nameof(s));
        return handler(c, s, calendar.LocalDate(s.SubmittedAt), calendar);
    }

    private delegate Transition Handler(IncidentCase c, StepSubmission s, DateOnly today, WorkflowCalendar calendar);

    private static readonly Dictionary<string, Handler> Handlers = new(StringComparer.OrdinalIgnoreCase)
    {
        [ActionNames.PassReferralQa] = (c, s, today, _) =>
            new(c with { Incident = c.Incident.PassQualityAssurance(s.By, today) }, "Referral passed quality assurance (complete and signed off).", s.Text("notes")),
        [ActionNames.ReturnReferral] = (c, s, today, _) =>
        {
            var items = s.Required("missingItems");
            return new(c with { Incident = c.Incident.ReturnReferralToReferrer(s.By, today, [new FieldError("referral", items)], items) },
                "Referral returned to the referrer for missing information.", items);
        },
        [ActionNames.ResubmitReferral] = (c, s, today, _) =>
            new(c with { Incident = c.Incident.ResubmitReferral(s.Referral, today) }, "Corrected referral resubmitted; quality assurance starts again."),
        [ActionNames.TriageReferral] = (c, s, today, _) =>
        {
            var decision = new ReferralTriageDecision(s.Enum<ReferralTriageOutcome>("outcome"), s.By, today, s.Required("rationale"));
            return new(c with { Incident = c.Incident.TriageReferral(decision) }, $"Chair's decision on the referral: {Words(decision.Outcome)}.", decision.Rationale);
        },
        [ActionNames.RecordNationalPanelNotification] = (c, s, today, _) =>
        {
            var sentOn = s.Date("sentOn");
            var reference = s.Required("panelReference");
            return new(c with { Incident = c.Incident.RecordNationalPanelNotification(s.By, sentOn, reference, today) },
                $"National Panel notified on {Prose(sentOn)} (Panel reference {reference}).");
        },
        [ActionNames.RecordNotificationDelay] = (c, s, today, _) =>
            new(c with { Incident = c.Incident.RecordNotificationDelay(s.Required("reason")) }, "Reason recorded: the National Panel notification has not been made yet.", s.Required("reason")),
        [ActionNames.RecordFamilyTold] = (c, s, today, _) =>
        {
            var notTold = s.Text("notToldReason");
            var on = s.OptionalDate("on");
            var incident = c.Incident.RecordFamilyTold(s.Text("toldBy"), on, notTold, today);
            return notTold is not null
                ? new(c with { Incident = incident }, "The family has not been told the Rapid Review decision and its rationale.", notTold)
                : new(c with { Incident = incident }, $"The family was told the Rapid Review decision and its rationale on {Prose(on!.Value)} by {s.Text("toldBy")}.");
        },
        [ActionNames.RecordRapidReviewDecision] = (c, s, today, _) =>
        {
            var decidedOn = s.Date("decidedOn");
            var criteria = Enum.GetValues<CsprCriterion>().Where(k => s.Flag(ActionCatalogue.CriterionField(k))).ToList();
            var rationale = s.Required("rationale");
            var outcome = s.Enum<RapidReviewOutcome>("outcome");
            var assessment = new CsprCriteriaAssessment(criteria, s.Flag("csprMostAppropriate"), rationale, s.By, decidedOn);
            var incident = c.Incident.RecordCriteriaAssessment(assessment)
                .RecordRapidReviewDecision(new RapidReviewDecision(outcome, s.By, decidedOn, rationale), today);
            var tests = $"criteria met: {(criteria.Count == 0 ? "none" : string.Join(", ", criteria.Select(Words)))}; CSPR most appropriate: {(assessment.CsprMostAppropriateResponse ? "yes" : "no")}";
            return new(c with { Incident = incident }, $"Rapid Review decision: {Words(outcome)} ({tests})." + (incident.NotQuorateNote is { } note ? " " + note : ""), rationale);
        },
        [ActionNames.MarkRapidReviewReportReady] = (c, s, today, _) =>
        {
            var incident = c.Incident.MarkRapidReviewReportReady(s.By, today, Version(s.Text(ActionCatalogue.ReportVersionField)), Version(s.Text(LatestReportVersionField)));
            return new(c with { Incident = incident },
                $"Rapid Review report version {incident.RapidReviewReportReadyVersion!.Value.ToString(CultureInfo.InvariantCulture)} marked complete and ready for approval.", s.Text("notes"));
        },
        [ActionNames.ApproveRapidReviewReport] = (c, s, today, _) =>
        {
            if (string.Equals(s.Required("approval"), "Approve", StringComparison.OrdinalIgnoreCase))
            {
                var incident = c.Incident.ApproveRapidReviewReport(s.By, today, Version(s.Text(ActionCatalogue.ReportVersionField)), Version(s.Text(LatestReportVersionField)));
                return new(c with { Incident = incident },
                    $"Rapid Review decision and report (version {incident.RapidReviewReportApprovedVersion!.Value.ToString(CultureInfo.InvariantCulture)}) approved.", s.Text("comments"));
            }
            return new(c with { Incident = c.Incident.RequestRapidReviewReportChanges(s.By, s.Text("comments"), today, Version(s.Text(ActionCatalogue.ReportVersionField))) },
                "Changes requested to the Rapid Review decision and report.", s.Text("comments"));
        },
        [ActionNames.ReviseRapidReviewDecision] = (c, s, today, _) =>
        {
            var decision = new RapidReviewDecision(s.Enum<RapidReviewOutcome>("outcome"), s.By, today, s.Required("rationale"));
            // Submissions made before the form carried the tests revise the outcome and rationale only.
            var assessment = s.Fields.ContainsKey("csprMostAppropriate")
                ? new CsprCriteriaAssessment(Enum.GetValues<CsprCriterion>().Where(k => s.Flag(ActionCatalogue.CriterionField(k))).ToList(), s.Flag("csprMostAppropriate"), decision.Rationale, s.By, today)
                : null;
            var incident = c.Incident.ReviseRapidReviewDecision(decision, assessment, Version(s.Text(LatestReportVersionField)));
            return new(c with { Incident = incident }, $"Rapid Review decision revised: {Words(decision.Outcome)}.", decision.Rationale);
        },
        [ActionNames.RecordRapidReviewReportSubmitted] = (c, s, today, _) =>
        {
            var sentOn = s.Date("sentOn");
            var version = Version(s.Text(ActionCatalogue.ReportVersionField));
            var incident = c.Incident.RecordRapidReviewReportSent(s.By, sentOn, version, today);
            var submission = Submission(s, SubmissionKinds.RapidReviewReport, ReportKind.RapidReviewReport, sentOn, version!.Value);
            return new(c with { Incident = incident, Submissions = [.. c.Submissions, submission] },
                $"Rapid Review report (version {submission.Version}) sent to the National Panel on {Prose(sentOn)} (Panel reference {submission.Reference}).",
                submission.FileName);
        },
        [ActionNames.RecordNationalPanelResponse] = (c, s, today, _) =>
        {
            var response = new NationalPanelResponse(s.Enum<NationalPanelResponseOutcome>("outcome"), s.Date("receivedOn"), s.Text("notes"));
            return new(c with { Incident = c.Incident.RecordNationalPanelResponse(response, today) }, $"National Panel response recorded: {Words(response.Outcome)}.", response.Notes);
        },
        [ActionNames.ProceedWithDecision] = (c, s, today, _) =>
            new(c with { Incident = c.Incident.ProceedWithDecision(s.By, today) }, "Acting on the Rapid Review decision.", s.Text("reason")),

        // Local CSPR checklist: each records a dated step; some also move the domain incident.
        [ActionNames.ConfirmCsprPanel] = (c, s, today, _) => Checklist(c, s, today, c.Incident, "CSPR panel members confirmed."),
        [ActionNames.CommissionLeadReviewer] = (c, s, today, _) =>
        {
            var name = s.Required("reviewerName");
            return Checklist(c, s, today, c.Incident.RecordLeadReviewerCommissioned(name, s.Date("on"), today), $"Independent lead reviewer commissioned: {name}.");
        },
        [ActionNames.ApproveTermsOfReference] = (c, s, today, _) => ChangesAsked(s) ? ChangesRequested(c, s, today, "the terms of reference, methodology and timeline") : Checklist(c, s, today, c.Incident, "Terms of reference, methodology and timeline agreed."),
        [ActionNames.RecordInvitations] = (c, s, today, _) => Checklist(c, s, today, c.Incident, "Practitioners and family invited to take part."),
        [ActionNames.RecordDraftQualityAssured] = (c, s, today, _) => Checklist(c, s, today, c.Incident, "Drafts circulated and quality-assured by the panel."),
        [ActionNames.RecordFinalDraftChecked] = (c, s, today, _) => Checklist(c, s, today, c.Incident, "Final draft checked against the terms of reference."),
        [ActionNames.ShareWithGovernance] = (c, s, today, _) =>
            Checklist(c, s, today, c.Incident.RecordDraftSharedWithGovernance(s.Date("on"), today), "Final draft shared with partner agencies' governance bodies."),
        [ActionNames.ConfirmGovernanceResponses] = (c, s, today, _) =>
            Checklist(c, s, today, c.Incident.ConfirmGovernanceResponses(s.Date("on"), today), "Partner agencies' governance responses confirmed."),
        [ActionNames.ApproveFinalReportSubgroup] = (c, s, today, _) => ChangesAsked(s) ? ChangesRequested(c, s, today, "the subgroup's approval of the final report") : Checklist(c, s, today, c.Incident, "Final report approved by the subgroup."),
        [ActionNames.SignOffFinalReport] = (c, s, today, _) => ChangesAsked(s) ? ChangesRequested(c, s, today, "the board's sign-off of the final report") :
            Checklist(c, s, today, c.Incident.RecordFinalReportSignedOff(s.By, s.Date("on"), today), "Final report signed off by the board."),
        [ActionNames.PlanPublication] = (c, s, today, calendar) =>
        {
            var planned = s.Date("plannedPublicationOn");
            return new(c with { Incident = c.Incident.PlanPublication(s.By, today, planned, calendar.Deadlines) }, $"Publication planned for {Prose(planned)}.");
        },
        [ActionNames.PauseReview] = (c, s, today, _) =>
        {
            var from = s.Date("from");
            var proceedings = s.Enum<ParallelProceedingType>("proceedings");
            return new(c with { Incident = c.Incident.Pause(proceedings, s.Required("reason"), from, today) },
                $"Review paused from {Prose(from)} for {Words(proceedings)} proceedings.", s.Required("reason"));
        },
        [ActionNames.ResumeReview] = (c, s, today, _) =>
        {
            var on = s.Date("on");
            var pause = c.Incident.ActivePause;
            return new(c with { Incident = c.Incident.Resume(on, today) },
                $"Review resumed on {Prose(on)}" + (pause is null ? "." : $" after {Words(pause.Proceedings)} proceedings (paused {Prose(pause.From)})."), pause?.Reason);
        },

        // Publication
        [ActionNames.RecordFinalReportSubmitted] = (c, s, today, _) =>
        {
            var sentOn = s.Date("sentOn");
            var version = Version(s.Text(ActionCatalogue.ReportVersionField));
            var incident = c.Incident.RecordPrePublicationNotice(s.By, sentOn, s.Required("panelReference"), version, today);
            var submission = Submission(s, SubmissionKinds.FinalReport, ReportKind.FinalCsprReport, sentOn, version!.Value);
            return new(c with { Incident = incident, Submissions = [.. c.Submissions, submission] },
                $"Final report (version {submission.Version}) sent to the National Panel and the Secretary of State on {Prose(sentOn)} (Panel reference {submission.Reference}).",
                submission.FileName);
        },
        [ActionNames.ReschedulePublication] = (c, s, today, calendar) =>
        {
            var planned = s.Date("plannedPublicationOn");
            return new(c with { Incident = c.Incident.ReschedulePublication(planned, today, calendar.Deadlines) }, $"Publication moved to {Prose(planned)}.", s.Text("reason"));
        },
        [ActionNames.RecordPublication] = (c, s, today, calendar) =>
        {
            var on = s.Date("publishedOn");
            var form = s.Enum<PublicationForm>("form");
            return new(c with { Incident = c.Incident.RecordPublished(s.By, on, form, today, calendar.Deadlines), PublishedUrl = s.Text("url") },
                form == PublicationForm.FullReport ? $"Report published on {Prose(on)}." : $"Information about the improvements published on {Prose(on)}.");
        },

        // Other reviews
        [ActionNames.CompleteOtherLearningReview] = (c, s, today, _) =>
            new(c with { Incident = c.Incident.CompleteOtherLearningReview(s.By, s.Date("on"), today) }, "Learning review completed.", s.Text("summary")),
        [ActionNames.RecordNationalReviewCompleted] = (c, s, today, _) =>
        {
            var on = s.Date("on");
            return s.Flag("localActions")
                ? new(c with { Incident = c.Incident.CompleteNationalReview(s.By, on, today) }, "National review completed; the partnership has actions.", s.Text("notes"))
                : new(c with { Incident = c.Incident.Close(s.By, on, "National review completed; no local actions.", today) }, "National review completed; no local actions: incident closed.", s.Text("notes"));
        },

        // Action plan
        [ActionNames.AddRecommendation] = (c, s, today, _) =>
        {
            var incident = c.Incident.AddRecommendation(s.Required("text"), s.Required("ownerName"), s.Required("ownerEmail"), s.Date("dueOn"), today);
            var recommendation = incident.Recommendations[^1];
            return new(c with { Incident = incident },
                $"Recommendation {recommendation.Id} added to the action plan (owner {recommendation.OwnerName}, due {Prose(recommendation.DueOn)}).");
        },
        [ActionNames.AgreeActionPlan] = (c, s, today, _) =>
        {
            var incident = c.Incident.RecordActionPlanAgreed(s.Date("on"), today);
            return new(c with { Incident = incident }, $"Action plan agreed on {Prose(incident.ActionPlanAgreedOn!.Value)} with {CountWords.Of(incident.Recommendations.Count, "recommendation", "recommendations")}.");
        },
        [ActionNames.ReportRecommendationProgress] = (c, s, today, _) =>
        {
            var id = s.Subject;
            var done = s.Flag("completed");
            var closedReason = s.Text("closedReason");
            var incident = c.Incident.ReportRecommendationProgress(id, s.Required("progress"), done, closedReason, today);
            var updated = incident.Recommendations.First(r => r.Id == id);
            return new(c with { Incident = incident },
                done ? $"Recommendation {id} completed." : closedReason is not null ? $"Recommendation {id} closed without being completed." : $"Progress reported on recommendation {id}.",
                closedReason ?? updated.LastProgress);
        },
        [ActionNames.RecordThankYouLetters] = (c, s, today, _) =>
        {
            var on = s.Date("on");
            return new(c with { Incident = c.Incident.RecordThankYouLetters(on, today) }, $"Thank-you letters sent to {CountWords.Of(s.Number("count"), "practitioner", "practitioners")} on {Prose(on)}.");
        },
        [ActionNames.SignOffActionPlan] = (c, s, today, _) => ChangesAsked(s) ? ChangesRequested(c, s, today, "the executive's sign-off of the action plan") :
            new(c with { Incident = c.Incident.SignOffActionPlan(s.By, s.Date("on"), today) }, "Action plan signed off by the executive; incident closed."),
    };

    private static Transition Checklist(IncidentCase c, StepSubmission s, DateOnly today, Incident incident, string what) =>
        new(c with { Incident = incident.RecordChecklistStep(s.Action, s.By, s.Date("on"), s.Text("notes"), today) }, what, s.Text("notes"));

    /// <summary>True when an approver asked for changes instead of approving (an approval when the field is left out).</summary>
    private static bool ChangesAsked(StepSubmission s) =>
        string.Equals(s.Text(ActionCatalogue.ApprovalDecisionField), "RequestChanges", StringComparison.OrdinalIgnoreCase);

    /// <summary>An approver of a review step asked for changes: recorded on the incident, and the step is asked for again.</summary>
    private static Transition ChangesRequested(IncidentCase c, StepSubmission s, DateOnly today, string title) =>
        new(c with { Incident = c.Incident.RequestApprovalChanges(s.Action, s.By, today, s.Text("comments")) }, $"Changes requested before approval: {title}.", s.Text("comments"));

    /// <summary>
    /// Why an action the process has not offered cannot be taken yet, where the reason is the process's
    /// own order (null when it is simply not this action's turn).
    /// </summary>
    public static string? WaitingFor(IncidentCase c, string action, WorkflowCalendar calendar) =>
        action == ActionNames.RecordRapidReviewDecision && c.Incident.NationalPanelNotification is null
            && c.Stage is IncidentStage.Notification or IncidentStage.Scoping or IncidentStage.RapidReview
            ? $"The Rapid Review decision cannot be recorded before the National Panel notification is recorded: its {calendar.Timescales.RapidReviewDecisionWorkingDays} working days run from the date the notification was sent. Record the notification (the date sent and the Panel's reference) first."
            : null;

    /// <summary>The submission as recorded: the version the incident accepted as sent (the service adds its file name).</summary>
    private static StatutorySubmission Submission(StepSubmission s, string kind, ReportKind report, DateOnly sentOn, int version) =>
        new(kind, sentOn, s.By, s.Required("panelReference"), report, version, s.Text(ReportFileField));

    /// <summary>A version number from a form (null when absent or not a number: the incident refuses it).</summary>
    private static int? Version(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;

    /// <summary>The newest version of the Rapid Review report when the service checked an approval, added by the service from the incident's uploads.</summary>
    public const string LatestReportVersionField = "latestReportVersion";

    /// <summary>The file name of the chosen report version, added to the submission by the incident service from the incident's uploads.</summary>
    public const string ReportFileField = "reportFileName";

    private static string Prose(DateOnly date) => DateWords.Prose(date);

    public static string Words<T>(T value) where T : notnull =>
        System.Text.RegularExpressions.Regex.Replace(value.ToString() ?? "", "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant()
            .Replace("cspr", "CSPR", StringComparison.Ordinal).Replace("rapid review", "Rapid Review", StringComparison.Ordinal)
            .Replace("childrens", "children's", StringComparison.Ordinal);
}
