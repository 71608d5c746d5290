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
/// The effect of each human action on the case: pure functions over the domain
/// <see cref="Incident"/>, so the orchestration applies them deterministically and the incident
/// service runs the same function on the stored case to report a refused move as field errors
/// before it raises the event. Illegal moves throw <see cref="DomainException"/>.
/// </summary>
public static class CaseTransitions
{
    /// <summary>True for the actions whose effect on the case is defined here.</summary>
    public static bool Handles(string action) => Handlers.ContainsKey(action);

    public static Transition Apply(IncidentCase c, StepSubmission s, DateOnly today, WorkflowCalendar calendar)
    {
        if (!Handlers.TryGetValue(s.Action, out var handler))
            throw new DomainException($"The action '{s.Action}' does not change the case directly.");
        return handler(c, s, today, calendar);
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
        {
            var referral = s.Referral ?? throw new DomainException("The corrected referral is missing.", [new FieldError("referral", "Send the corrected referral")]);
            var errors = ReferralValidator.Validate(referral, today);
            if (errors.Count > 0) throw new DomainException($"The corrected referral has {errors.Count} invalid field(s).", errors);
            if (referral.Incident?.DateLocalAuthorityAware != c.Incident.Referral.Incident?.DateLocalAuthorityAware)
                throw new DomainException("The date the local authority became aware starts the statutory clock and cannot change on resubmission.",
                    [new FieldError("incident.dateLocalAuthorityAware", "Keep the date the local authority became aware")]);
            return new(c with { Incident = c.Incident.ResubmitReferral(referral) }, "Corrected referral resubmitted; quality assurance starts again.");
        },
        [ActionNames.TriageReferral] = (c, s, today, _) =>
        {
            var decision = new ReferralTriageDecision(s.Enum<ReferralTriageOutcome>("outcome"), s.By, today, s.Required("rationale"));
            return new(c with { Incident = c.Incident.TriageReferral(decision) }, $"Chair's decision on the referral: {Words(decision.Outcome)}.", decision.Rationale);
        },
        [ActionNames.RecordNationalPanelNotification] = (c, s, today, _) =>
        {
            var sentOn = NotFuture(s.Date("sentOn"), today, "sentOn");
            var reference = s.Required("panelReference");
            return new(c with { Incident = c.Incident.RecordNationalPanelNotification(s.By, sentOn, reference) },
                $"National Panel notified on {Iso(sentOn)} (Panel reference {reference}).");
        },
        [ActionNames.RecordNotificationDelay] = (c, s, today, _) =>
        {
            if (c.Incident.NationalPanelNotification is { } done)
                throw new DomainException($"The National Panel notification was already recorded (sent {Iso(done.SentOn)}).");
            return new(c, "Reason recorded: the National Panel notification has not been made yet.", s.Required("reason"));
        },
        [ActionNames.RecordFamilyTold] = (c, s, today, _) =>
        {
            if (s.Text("notToldReason") is { } notTold)
                return new(c, "The family has not been told the Rapid Review decision and its rationale.", notTold);
            var who = s.Text("toldBy") ?? throw new DomainException("Say who told the family, or why they have not been told.",
                [new FieldError("toldBy", "Enter who told the family, or why they have not been told")]);
            var on = s.Text("on") is null
                ? throw new DomainException("Say when the family was told.", [new FieldError("on", "Enter the date the family was told")])
                : NotFuture(s.Date("on"), today, "on");
            return new(c, $"The family was told the Rapid Review decision and its rationale on {Iso(on)} by {who}.");
        },
        [ActionNames.RecordRapidReviewDecision] = (c, s, today, _) =>
        {
            var decidedOn = NotFuture(s.Date("decidedOn"), today, "decidedOn");
            var criteria = Enum.GetValues<CsprCriterion>().Where(k => s.Flag(ActionCatalogue.CriterionField(k))).ToList();
            var rationale = s.Required("rationale");
            var outcome = s.Enum<RapidReviewOutcome>("outcome");
            var assessment = new CsprCriteriaAssessment(criteria, s.Flag("csprMostAppropriate"), rationale, s.By, decidedOn);
            if (outcome == RapidReviewOutcome.LocalCspr && !assessment.SupportsLocalCspr)
                throw new DomainException("A local CSPR needs at least one criterion met and test 2 answered yes.",
                    [new FieldError("csprMostAppropriate", "Record both tests as met for a local CSPR, or choose another outcome")]);
            var incident = c.Incident.RecordCriteriaAssessment(assessment)
                .RecordRapidReviewDecision(new RapidReviewDecision(outcome, s.By, decidedOn, rationale));
            var tests = $"criteria met: {(criteria.Count == 0 ? "none" : string.Join(", ", criteria.Select(Words)))}; CSPR most appropriate: {(assessment.CsprMostAppropriateResponse ? "yes" : "no")}";
            return new(c with { Incident = incident }, $"Rapid Review decision: {Words(outcome)} ({tests}).", rationale);
        },
        [ActionNames.ApproveRapidReviewReport] = (c, s, today, _) =>
        {
            if (string.Equals(s.Required("approval"), "Approve", StringComparison.OrdinalIgnoreCase))
            {
                var version = ApprovedVersion(s);
                return new(c with { Incident = c.Incident.ApproveRapidReviewReport(s.By, today), RapidReviewReportApprovedVersion = version },
                    $"Rapid Review decision and report (version {version.ToString(CultureInfo.InvariantCulture)}) approved.", s.Text("comments"));
            }
            var comments = s.Text("comments") ?? throw new DomainException("Say what needs to change.", [new FieldError("comments", "Enter the changes needed")]);
            if (c.Stage != IncidentStage.Decision) throw new DomainException("There is no Rapid Review report waiting for approval.");
            return new(c, "Changes requested to the Rapid Review decision and report.", comments);
        },
        [ActionNames.ReviseRapidReviewDecision] = (c, s, today, _) =>
        {
            var decision = new RapidReviewDecision(s.Enum<RapidReviewOutcome>("outcome"), s.By, today, s.Required("rationale"));
            return new(c with { Incident = c.Incident.ReviseRapidReviewDecision(decision), RapidReviewReportApprovedVersion = null }, $"Rapid Review decision revised: {Words(decision.Outcome)}.", decision.Rationale);
        },
        [ActionNames.RecordRapidReviewReportSubmitted] = (c, s, today, _) =>
        {
            var sentOn = NotFuture(s.Date("sentOn"), today, "sentOn");
            if (c.Incident.RapidReviewReportApproval is { } approval && sentOn < approval.On)
                throw new DomainException("The Rapid Review report cannot have been sent before it was approved.",
                    [new FieldError("sentOn", $"Enter {Iso(approval.On)} or later")]);
            var submission = Submission(s, SubmissionKinds.RapidReviewReport, ReportKind.RapidReviewReport, sentOn);
            return new(c with { Incident = c.Incident.RecordRapidReviewReportSent(s.By, sentOn), Submissions = [.. c.Submissions, submission] },
                $"Rapid Review report (version {submission.Version}) sent to the National Panel on {Iso(sentOn)} (Panel reference {submission.Reference}).",
                submission.FileName);
        },
        [ActionNames.RecordNationalPanelResponse] = (c, s, today, _) =>
        {
            var response = new NationalPanelResponse(s.Enum<NationalPanelResponseOutcome>("outcome"),
                NotFuture(s.Date("receivedOn"), today, "receivedOn"), s.Text("notes"));
            var what = $"National Panel response recorded: {Words(response.Outcome)}.";
            return c.Stage == IncidentStage.Decision
                ? new(c with { Incident = c.Incident.RecordNationalPanelResponse(response) }, what, response.Notes)
                : new(c with { LatePanelResponse = response }, what, response.Notes);
        },
        [ActionNames.ProceedWithDecision] = (c, s, today, _) =>
            new(c with { Incident = c.Incident.ProceedWithDecision(s.By, today) }, "Acting on the Rapid Review decision.", s.Text("reason")),

        // Local CSPR checklist: each records a dated step; some also move the domain incident.
        [ActionNames.ConfirmCsprPanel] = (c, s, today, _) => Checklist(c, s, today, c.Incident, "CSPR panel members confirmed."),
        [ActionNames.CommissionLeadReviewer] = (c, s, today, _) =>
        {
            var on = NotFuture(s.Date("on"), today, "on");
            var name = s.Required("reviewerName");
            return Checklist(c, s, today, c.Incident.RecordLeadReviewerCommissioned(name, on), $"Independent lead reviewer commissioned: {name}.");
        },
        [ActionNames.ApproveTermsOfReference] = (c, s, today, _) => Checklist(c, s, today, c.Incident, "Terms of reference, methodology and timeline agreed."),
        [ActionNames.RecordInvitations] = (c, s, today, _) => Checklist(c, s, today, c.Incident, "Practitioners and family invited to take part."),
        [ActionNames.RecordDraftQualityAssured] = (c, s, today, _) => Checklist(c, s, today, c.Incident, "Drafts circulated and quality-assured by the panel."),
        [ActionNames.RecordFinalDraftChecked] = (c, s, today, _) => Checklist(c, s, today, c.Incident, "Final draft checked against the terms of reference."),
        [ActionNames.ShareWithGovernance] = (c, s, today, _) =>
            Checklist(c, s, today, c.Incident.RecordDraftSharedWithGovernance(NotFuture(s.Date("on"), today, "on")), "Final draft shared with partner agencies' governance bodies."),
        [ActionNames.ConfirmGovernanceResponses] = (c, s, today, _) =>
        {
            var t = Checklist(c, s, today, c.Incident, "Partner agencies' governance responses confirmed.");
            return t with { Case = t.Case with { GovernanceResponsesConfirmedOn = s.Date("on") } };
        },
        [ActionNames.ApproveFinalReportSubgroup] = (c, s, today, _) => Checklist(c, s, today, c.Incident, "Final report approved by the subgroup."),
        [ActionNames.SignOffFinalReport] = (c, s, today, _) =>
            Checklist(c, s, today, c.Incident.RecordFinalReportSignedOff(s.By, NotFuture(s.Date("on"), today, "on")), "Final report signed off by the board."),
        [ActionNames.PlanPublication] = (c, s, today, calendar) =>
        {
            var planned = s.Date("plannedPublicationOn");
            // The notice cannot go before today, so the earliest date is the notice period from today.
            var earliest = calendar.Deadlines.EarliestPublication(today);
            if (planned < earliest)
                throw new DomainException($"Publication must be at least {calendar.Timescales.PrePublicationNoticeWorkingDays} working days after the final report goes to the National Panel and the Secretary of State; the earliest date is {Iso(earliest)}.",
                    [new("plannedPublicationOn", $"Enter {Iso(earliest)} or later")]);
            return new(c with { Incident = c.Incident.PlanPublication(s.By, today, planned) }, $"Publication planned for {Iso(planned)}.");
        },
        [ActionNames.PauseReview] = (c, s, today, _) =>
        {
            var from = NotFuture(s.Date("from"), today, "from");
            var proceedings = s.Enum<ParallelProceedingType>("proceedings");
            return new(c with { Incident = c.Incident.Pause(proceedings, s.Required("reason"), from) },
                $"Review paused from {Iso(from)} for {Words(proceedings)} proceedings.", s.Required("reason"));
        },
        [ActionNames.ResumeReview] = (c, s, today, _) =>
        {
            var on = NotFuture(s.Date("on"), today, "on");
            var pause = c.Incident.ActivePause;
            return new(c with { Incident = c.Incident.Resume(on) },
                $"Review resumed on {Iso(on)}" + (pause is null ? "." : $" after {Words(pause.Proceedings)} proceedings (paused {Iso(pause.From)})."), pause?.Reason);
        },

        // Publication
        [ActionNames.RecordFinalReportSubmitted] = (c, s, today, _) =>
        {
            var sentOn = NotFuture(s.Date("sentOn"), today, "sentOn");
            if (c.Incident.FinalReportSignOff is { } signOff && sentOn < signOff.On)
                throw new DomainException("The final report cannot have been sent before the board signed it off.",
                    [new FieldError("sentOn", $"Enter {Iso(signOff.On)} or later")]);
            var submission = Submission(s, SubmissionKinds.FinalReport, ReportKind.FinalCsprReport, sentOn);
            return new(c with { Incident = c.Incident.RecordPrePublicationNotice(s.By, sentOn, submission.Reference), Submissions = [.. c.Submissions, submission] },
                $"Final report (version {submission.Version}) sent to the National Panel and the Secretary of State on {Iso(sentOn)} (Panel reference {submission.Reference}).",
                submission.FileName);
        },
        [ActionNames.ReschedulePublication] = (c, s, today, calendar) =>
        {
            var planned = s.Date("plannedPublicationOn");
            if (planned < today) throw new DomainException("The planned publication date cannot be in the past.", [new("plannedPublicationOn", "Enter a date today or later")]);
            if (c.Incident.PrePublicationNotice is null && planned < calendar.Deadlines.EarliestPublication(today))
                throw new DomainException("Publication must be at least the notice period after the final report goes to the Panel, and it has not gone yet.",
                    [new("plannedPublicationOn", $"Enter {Iso(calendar.Deadlines.EarliestPublication(today))} or later")]);
            if (c.Incident.PrePublicationNotice is { } notice &&
                planned < calendar.Deadlines.EarliestPublication(notice.SentOn))
                throw new DomainException("Publication must be at least the notice period after the final report went to the Panel.",
                    [new("plannedPublicationOn", $"Enter {Iso(calendar.Deadlines.EarliestPublication(notice.SentOn))} or later")]);
            return new(c with { Incident = c.Incident.ReschedulePublication(planned) }, $"Publication moved to {Iso(planned)}.", s.Text("reason"));
        },
        [ActionNames.RecordPublication] = (c, s, today, calendar) =>
        {
            var on = NotFuture(s.Date("publishedOn"), today, "publishedOn");
            var form = s.Enum<PublicationForm>("form");
            // The domain checks the notice came first; the statutory gap is checked here.
            if (c.Incident.PrePublicationNotice is { } notice
                && on < calendar.Deadlines.EarliestPublication(notice.SentOn))
                throw new DomainException($"Publication must be at least {calendar.Timescales.PrePublicationNoticeWorkingDays} working days after the final report went to the Panel and the Secretary of State.",
                    [new("publishedOn", $"Publish on {Iso(calendar.Deadlines.EarliestPublication(notice.SentOn))} or later")]);
            return new(c with { Incident = c.Incident.RecordPublished(s.By, on, form), PublishedUrl = s.Text("url") },
                form == PublicationForm.FullReport ? $"Report published on {Iso(on)}." : $"Information about the improvements published on {Iso(on)}.");
        },

        // Other reviews
        [ActionNames.CompleteOtherLearningReview] = (c, s, today, _) =>
            new(c with { Incident = c.Incident.CompleteOtherLearningReview(s.By, NotFuture(s.Date("on"), today, "on")) }, "Learning review completed.", s.Text("summary")),
        [ActionNames.RecordNationalReviewCompleted] = (c, s, today, _) =>
        {
            var on = NotFuture(s.Date("on"), today, "on");
            return s.Flag("localActions")
                ? new(c with { Incident = c.Incident.CompleteNationalReview(s.By, on) }, "National review completed; the partnership has actions.", s.Text("notes"))
                : new(c with { Incident = c.Incident.Close(s.By, on, "National review completed; no local actions.") }, "National review completed; no local actions: incident closed.", s.Text("notes"));
        },

        // Action plan
        [ActionNames.AddRecommendation] = (c, s, today, _) =>
        {
            EnsureStage(c, IncidentStage.ActionPlan);
            var due = s.Date("dueOn");
            if (due < today) throw new DomainException("A recommendation's due date cannot be in the past.", [new("dueOn", "Enter a date today or later")]);
            var recommendation = new Recommendation
            {
                Id = "R" + (c.Recommendations.Count + 1).ToString(CultureInfo.InvariantCulture),
                Text = s.Required("text"),
                OwnerName = s.Required("ownerName"),
                OwnerEmail = s.Required("ownerEmail"),
                DueOn = due,
            };
            return new(c with { Recommendations = [.. c.Recommendations, recommendation] },
                $"Recommendation {recommendation.Id} added to the action plan (owner {recommendation.OwnerName}, due {Iso(due)}).");
        },
        [ActionNames.AgreeActionPlan] = (c, s, today, _) =>
        {
            if (c.Recommendations.Count == 0)
                throw new DomainException("Add at least one recommendation before recording the action plan as agreed.", [new("on", "Add a recommendation first")]);
            var on = NotFuture(s.Date("on"), today, "on");
            return new(c with { Incident = c.Incident.RecordActionPlanAgreed(on) }, $"Action plan agreed on {Iso(on)} with {CountWords.Of(c.Recommendations.Count, "recommendation", "recommendations")}.");
        },
        [ActionNames.ReportRecommendationProgress] = (c, s, today, _) =>
        {
            var id = s.Subject ?? throw new DomainException("Say which recommendation the progress is for.", [new(ActionCatalogue.RecommendationField, "Select a recommendation")]);
            var r = c.Recommendations.FirstOrDefault(x => x.Id == id) ?? throw new DomainException($"There is no recommendation {id}.");
            if (r.CompletedOn is not null) throw new DomainException($"Recommendation {id} is already completed.");
            var done = s.Flag("completed");
            // Closed without being completed: settled like a completed one, with the reason on record.
            var closedReason = s.Text("closedReason");
            var updated = r with { LastProgress = s.Required("progress"), LastProgressOn = today, CompletedOn = done || closedReason is not null ? today : null, ClosedReason = done ? null : closedReason };
            return new(c with { Recommendations = c.Recommendations.Select(x => x.Id == id ? updated : x).ToList() },
                done ? $"Recommendation {id} completed." : closedReason is not null ? $"Recommendation {id} closed without being completed." : $"Progress reported on recommendation {id}.",
                closedReason ?? updated.LastProgress);
        },
        [ActionNames.RecordThankYouLetters] = (c, s, today, _) =>
        {
            EnsureStage(c, IncidentStage.ActionPlan);
            var on = NotFuture(s.Date("on"), today, "on");
            return new(c with { ThankYouLettersSentOn = on }, $"Thank-you letters sent to {CountWords.Of(s.Number("count"), "practitioner", "practitioners")} on {Iso(on)}.");
        },
        [ActionNames.SignOffActionPlan] = (c, s, today, _) =>
        {
            var on = NotFuture(s.Date("on"), today, "on");
            var open = c.Recommendations.Where(r => r.CompletedOn is null).Select(r => r.Id).ToList();
            if (open.Count > 0)
                throw new DomainException($"Every recommendation must be completed, or closed with a recorded reason, before the executive signs the action plan off: {string.Join(", ", open)} still open.",
                    [new("on", $"Complete or close {string.Join(", ", open)} first")]);
            return new(c with { Incident = c.Incident.SignOffActionPlan(s.By, on) }, "Action plan signed off by the executive; incident closed.");
        },
    };

    private static Transition Checklist(IncidentCase c, StepSubmission s, DateOnly today, Incident incident, string what)
    {
        EnsureStage(c, IncidentStage.LocalCspr);
        var on = NotFuture(s.Date("on"), today, "on");
        if (c.Checklist.Any(e => e.Step == s.Action))
            throw new DomainException("This step of the review is already recorded.");
        return new(c with { Incident = incident, Checklist = [.. c.Checklist, new ChecklistEntry(s.Action, s.By, on, s.Text("notes"))] }, what, s.Text("notes"));
    }

    /// <summary>
    /// Why an action the process has not offered cannot be taken yet, where the reason is the process's
    /// own order (null when it is simply not this action's turn).
    /// </summary>
    public static string? WaitingFor(IncidentCase c, string action, WorkflowCalendar calendar) =>
        action == ActionNames.RecordRapidReviewDecision && c.Incident.NationalPanelNotification is null
            && c.Stage is IncidentStage.Notification or IncidentStage.Scoping or IncidentStage.RapidReview
            ? $"The Rapid Review decision cannot be recorded before the National Panel notification is recorded: its {calendar.Timescales.RapidReviewDecisionWorkingDays} working days run from the date the notification was sent. Record the notification (the date sent and the Panel's reference) first."
            : null;

    /// <summary>The submission as recorded: the version chosen from the uploaded ones (the service adds its file name).</summary>
    private static StatutorySubmission Submission(StepSubmission s, string kind, ReportKind report, DateOnly sentOn)
    {
        if (!int.TryParse(s.Required(ActionCatalogue.ReportVersionField), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            throw new DomainException("Choose the version of the report that was sent.", [new FieldError(ActionCatalogue.ReportVersionField, "Select the version sent")]);
        return new StatutorySubmission(kind, sentOn, s.By, s.Required("panelReference"), report, version, s.Text(ReportFileField));
    }

    /// <summary>
    /// The version of the Rapid Review report an approval covers: the version the approver read, which
    /// the service checked against the newest upload and sent with it (<see cref="LatestReportVersionField"/>).
    /// They must agree here too, so an event that was not checked, or was checked against an older
    /// upload, approves nothing.
    /// </summary>
    private static int ApprovedVersion(StepSubmission s)
    {
        var read = s.Text(ActionCatalogue.ReportVersionField);
        var latest = s.Text(LatestReportVersionField);
        if (read is null || latest is null || !int.TryParse(read, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            throw new DomainException("The approval does not say which version of the Rapid Review report was read: open the approval page again and approve from there.",
                [new FieldError(ActionCatalogue.ReportVersionField, "Give the version of the Rapid Review report you read")]);
        if (!string.Equals(read, latest, StringComparison.Ordinal))
            throw new DomainException($"Version {latest} was uploaded after you opened this page: read it, then approve.",
                [new FieldError(ActionCatalogue.ReportVersionField, $"Version {latest} was uploaded after you opened this page: read it, then approve")]);
        return version;
    }

    /// <summary>The newest version of the Rapid Review report when the service checked an approval, added by the service from the incident's uploads.</summary>
    public const string LatestReportVersionField = "latestReportVersion";

    /// <summary>The file name of the chosen report version, added to the submission by the incident service from the incident's uploads.</summary>
    public const string ReportFileField = "reportFileName";

    private static void EnsureStage(IncidentCase c, IncidentStage stage)
    {
        if (c.Stage != stage) throw new DomainException($"This is only possible at the {Words(stage)} stage.");
    }

    private static DateOnly NotFuture(DateOnly date, DateOnly today, string field) =>
        date > today ? throw new DomainException("The date cannot be in the future.", [new FieldError(field, "Enter a date today or in the past")]) : date;

    public static string Iso(DateOnly date) => DateWords.Iso(date);

    public static string Words<T>(T value) where T : notnull =>
        System.Text.RegularExpressions.Regex.Replace(value.ToString() ?? "", "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant()
            .Replace("cspr", "CSPR", StringComparison.Ordinal).Replace("rapid review", "Rapid Review", StringComparison.Ordinal)
            .Replace("childrens", "children's", StringComparison.Ordinal);
}
