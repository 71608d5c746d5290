using System.Globalization;
using System.Text.Json.Serialization;
using Csp.Domain.Criteria;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Domain.Incidents;

/// <summary>
/// One serious incident moving through the statutory process: a pure, immutable state machine.
/// Every method returns the next state or throws <see cref="DomainException"/> for an illegal move,
/// so the orchestration can keep it as compact state and replay it deterministically. It
/// serialises with System.Text.Json (Web defaults) and round-trips.
/// </summary>
/// <remarks>
/// Legal stage moves:
/// ReferralQa → Notification | OtherLearningReview | NoFurtherReview (chair's triage, after QA);
/// Notification → Scoping (at once: scoping runs alongside the National Panel notification);
/// Scoping → RapidReview; RapidReview → Decision (criteria assessment and decision recorded, only
/// once the National Panel notification is recorded: the decision's 15 working days run from it);
/// Decision → LocalCspr | OtherLearningReview | NationalReview | NoFurtherReview (report sent to the Panel);
/// LocalCspr → Publication (final report signed off); Publication → ActionPlan (published after notice);
/// OtherLearningReview | NationalReview → ActionPlan; ActionPlan → Closed (plan signed off);
/// NoFurtherReview | NationalReview → Closed.
/// A pause for parallel proceedings (in LocalCspr, OtherLearningReview or Publication) blocks stage moves until resumed.
/// </remarks>
public sealed record Incident
{
    [JsonConstructor]
    private Incident()
    {
    }

    [JsonInclude] public string Id { get; private init; } = "";
    [JsonInclude] public Referral Referral { get; private init; } = new();
    [JsonInclude] public DateOnly ReceivedOn { get; private init; }
    [JsonInclude] public IncidentStage Stage { get; private init; }
    [JsonInclude] public IReadOnlyList<StageChange> History { get; private init; } = [];

    [JsonInclude] public IReadOnlyList<ReferralReturn> ReferralReturns { get; private init; } = [];
    [JsonInclude] public RecordedStep? QualityAssurance { get; private init; }
    [JsonInclude] public ReferralTriageDecision? Triage { get; private init; }

    [JsonInclude] public NotificationRecord? NationalPanelNotification { get; private init; }
    [JsonInclude] public RecordedStep? PartnersInformed { get; private init; }
    [JsonInclude] public NotificationRecord? SecretaryOfStateAndOfstedNotification { get; private init; }

    [JsonInclude] public DateOnly? ScopingRequestedOn { get; private init; }
    [JsonInclude] public IReadOnlyList<ScopingReturn> ScopingReturns { get; private init; } = [];
    [JsonInclude] public DateOnly? RapidReviewMeetingOn { get; private init; }

    [JsonInclude] public CsprCriteriaAssessment? CriteriaAssessment { get; private init; }
    [JsonInclude] public RapidReviewDecision? Decision { get; private init; }
    [JsonInclude] public RecordedStep? RapidReviewReportApproval { get; private init; }
    [JsonInclude] public RecordedStep? RapidReviewReportSent { get; private init; }
    [JsonInclude] public NationalPanelResponse? PanelResponse { get; private init; }

    [JsonInclude] public NotificationRecord? LocalCsprDecisionNotification { get; private init; }
    [JsonInclude] public string? LeadReviewer { get; private init; }
    [JsonInclude] public DateOnly? LeadReviewerCommissionedOn { get; private init; }
    [JsonInclude] public DateOnly? DraftSharedWithGovernanceOn { get; private init; }
    [JsonInclude] public RecordedStep? FinalReportSignOff { get; private init; }

    [JsonInclude] public DateOnly? PlannedPublicationOn { get; private init; }
    [JsonInclude] public NotificationRecord? PrePublicationNotice { get; private init; }
    [JsonInclude] public Publication? Publication { get; private init; }
    [JsonInclude] public RecordedStep? ReviewCompleted { get; private init; }

    [JsonInclude] public DateOnly? ActionPlanAgreedOn { get; private init; }
    [JsonInclude] public IReadOnlyList<RecordedStep> ActionPlanReports { get; private init; } = [];
    [JsonInclude] public RecordedStep? ActionPlanSignOff { get; private init; }

    [JsonInclude] public IReadOnlyList<ParallelProceedingsPause> Pauses { get; private init; } = [];

    [JsonIgnore] public ParallelProceedingsPause? ActivePause => Pauses.LastOrDefault(p => p.Until is null);
    [JsonIgnore] public bool IsPaused => ActivePause is not null;

    private static readonly IReadOnlySet<IncidentStage> PausableStages = new HashSet<IncidentStage>
    {
        IncidentStage.LocalCspr, IncidentStage.OtherLearningReview, IncidentStage.Publication,
    };

    // ---------------------------------------------------------------- Referral and quality assurance

    /// <summary>A referral received by the business unit starts an incident at <see cref="IncidentStage.ReferralQa"/>.</summary>
    public static Incident Open(string id, Referral referral, DateOnly receivedOn)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new DomainException("An incident needs an identifier.");
        ArgumentNullException.ThrowIfNull(referral);
        return new Incident { Id = id.Trim(), Referral = referral, ReceivedOn = receivedOn, Stage = IncidentStage.ReferralQa };
    }

    /// <summary>QA found the referral incomplete or not signed off: it goes back to the referrer.</summary>
    public Incident ReturnReferralToReferrer(string by, DateOnly on, IReadOnlyList<FieldError> issues, string? message = null)
    {
        EnsureStage(nameof(ReturnReferralToReferrer), IncidentStage.ReferralQa);
        if ((issues is null || issues.Count == 0) && string.IsNullOrWhiteSpace(message))
            throw new DomainException("Say what the referrer needs to add or correct before returning the referral.");
        return this with
        {
            ReferralReturns = [.. ReferralReturns, new ReferralReturn(on, Who(by), issues ?? [], message)],
            QualityAssurance = null,
        };
    }

    /// <summary>The referrer sent the referral back with changes; QA starts again.</summary>
    public Incident ResubmitReferral(Referral referral)
    {
        EnsureStage(nameof(ResubmitReferral), IncidentStage.ReferralQa);
        ArgumentNullException.ThrowIfNull(referral);
        return this with { Referral = referral, QualityAssurance = null };
    }

    /// <summary>The business unit confirms the referral is complete and signed off (checked here too).</summary>
    public Incident PassQualityAssurance(string by, DateOnly on)
    {
        EnsureStage(nameof(PassQualityAssurance), IncidentStage.ReferralQa);
        var errors = ReferralValidator.Validate(Referral, on);
        if (errors.Count > 0)
            throw new DomainException($"The referral cannot pass quality assurance: {errors.Count} field(s) need attention; return it to the referrer.", errors);
        return this with { QualityAssurance = new RecordedStep(Who(by), on) };
    }

    /// <summary>The chair decides whether the referral goes to a Rapid Review, another learning review, or no further.</summary>
    public Incident TriageReferral(ReferralTriageDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        EnsureStage(nameof(TriageReferral), IncidentStage.ReferralQa);
        if (QualityAssurance is null)
            throw new DomainException("The referral has not passed quality assurance, so the chair cannot decide on it yet.");
        if (decision.Outcome == ReferralTriageOutcome.RapidReview && Referral.Incident is { } details
            && NotifiableIncidentCriteria.Evaluate(details) is { Met: false } test)
            throw new DomainException($"A Rapid Review is for notifiable incidents. {test.Reason} Consider another learning review instead.");
        var next = decision.Outcome switch
        {
            ReferralTriageOutcome.RapidReview => IncidentStage.Notification,
            ReferralTriageOutcome.OtherLearningReview => IncidentStage.OtherLearningReview,
            _ => IncidentStage.NoFurtherReview,
        };
        return (this with { Triage = decision }).MoveTo(next, decision.DecidedOn, decision.DecidedBy, decision.Rationale);
    }

    // ---------------------------------------------------------------- Notification

    /// <summary>
    /// The LA's notification to the National Panel, with the Panel's reference. It may already have
    /// been made when the referral arrives, so it can be recorded during QA as well; scoping does not
    /// wait for it, so it can also be recorded while scoping runs and after the Rapid Review meeting.
    /// </summary>
    public Incident RecordNationalPanelNotification(string by, DateOnly sentOn, string panelReference)
    {
        EnsureStage(nameof(RecordNationalPanelNotification),
            IncidentStage.ReferralQa, IncidentStage.Notification, IncidentStage.Scoping, IncidentStage.RapidReview);
        if (NationalPanelNotification is not null)
            throw new DomainException($"The National Panel notification was already recorded (sent {Iso(NationalPanelNotification.SentOn)}).");
        var aware = Referral.Incident?.DateLocalAuthorityAware;
        if (aware is { } a && sentOn < a)
            throw new DomainException("The National Panel notification cannot be dated before the local authority became aware of the incident.");
        var reference = string.IsNullOrWhiteSpace(panelReference)
            ? throw new DomainException("Record the reference the National Panel's notification system gave.")
            : panelReference.Trim();
        return this with { NationalPanelNotification = new NotificationRecord(sentOn, Who(by), ["National Panel"], reference) };
    }

    public Incident RecordPartnersInformed(string by, DateOnly on)
    {
        EnsureStage(nameof(RecordPartnersInformed), IncidentStage.ReferralQa, IncidentStage.Notification, IncidentStage.Scoping, IncidentStage.RapidReview);
        return this with { PartnersInformed = new RecordedStep(Who(by), on) };
    }

    /// <summary>Required for the death of a looked-after child or a care leaver aged 24 or under.</summary>
    public Incident RecordSecretaryOfStateAndOfstedNotification(string by, DateOnly sentOn)
    {
        EnsureStage(nameof(RecordSecretaryOfStateAndOfstedNotification),
            IncidentStage.ReferralQa, IncidentStage.Notification, IncidentStage.Scoping, IncidentStage.RapidReview);
        return this with
        {
            SecretaryOfStateAndOfstedNotification = new NotificationRecord(sentOn, Who(by), ["Secretary of State", "Ofsted"], null),
        };
    }

    /// <summary>
    /// Scoping templates go to the involved agencies as soon as the chair accepts the referral for a
    /// Rapid Review, alongside the National Panel notification (not after it); moves to <see cref="IncidentStage.Scoping"/>.
    /// </summary>
    public Incident StartScoping(string by, DateOnly requestedOn, IEnumerable<string> agencies)
    {
        EnsureStage(nameof(StartScoping), IncidentStage.Notification);
        EnsureNotPaused(nameof(StartScoping));
        var names = (agencies ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToList();
        if (names.Count == 0)
            throw new DomainException("Scoping needs at least one involved agency.");
        var duplicate = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new DomainException($"The agency '{duplicate.Key}' is listed more than once for scoping.");
        var returns = names.Select(n => new ScopingReturn(n, ScopingReturnStatus.Requested, requestedOn, null, null, null)).ToList();
        return (this with { ScopingRequestedOn = requestedOn, ScopingReturns = returns })
            .MoveTo(IncidentStage.Scoping, requestedOn, by, $"Scoping templates sent to {names.Count} agencies.");
    }

    // ---------------------------------------------------------------- Scoping

    public Incident RecordScopingReturn(string agency, DateOnly returnedOn)
    {
        EnsureStage(nameof(RecordScopingReturn), IncidentStage.Scoping);
        var current = FindScopingReturn(agency);
        if (current.Status is not (ScopingReturnStatus.Requested or ScopingReturnStatus.ResubmissionRequested))
            throw new DomainException($"The scoping return from '{current.Agency}' is {Words(current.Status)}; it is not awaited.");
        return WithScopingReturn(current with { Status = ScopingReturnStatus.Returned, ReturnedOn = returnedOn });
    }

    public Incident AcceptScopingReturn(string agency, string by, DateOnly on)
    {
        EnsureStage(nameof(AcceptScopingReturn), IncidentStage.Scoping, IncidentStage.RapidReview);
        var current = FindScopingReturn(agency);
        if (current.Status != ScopingReturnStatus.Returned)
            throw new DomainException($"The scoping return from '{current.Agency}' is {Words(current.Status)}, so it cannot be accepted.");
        return WithScopingReturn(current with { Status = ScopingReturnStatus.Accepted, AcceptedOn = on, Notes = $"Accepted by {Who(by)}" });
    }

    /// <summary>QA found significant gaps: the agency resubmits.</summary>
    public Incident RequestScopingResubmission(string agency, string by, DateOnly on, string reason)
    {
        EnsureStage(nameof(RequestScopingResubmission), IncidentStage.Scoping);
        var current = FindScopingReturn(agency);
        if (current.Status != ScopingReturnStatus.Returned)
            throw new DomainException($"The scoping return from '{current.Agency}' is {Words(current.Status)}, so a resubmission cannot be requested.");
        var why = RapidReviewDecision.Required(reason, "Say what the agency needs to add to its scoping return.");
        return WithScopingReturn(current with { Status = ScopingReturnStatus.ResubmissionRequested, Notes = $"{Iso(on)} {Who(by)}: {why}" });
    }

    /// <summary>The Rapid Review meeting is held (late or missing returns do not stop the statutory clock).</summary>
    public Incident StartRapidReview(string by, DateOnly meetingOn)
    {
        EnsureStage(nameof(StartRapidReview), IncidentStage.Scoping);
        EnsureNotPaused(nameof(StartRapidReview));
        if (ScopingRequestedOn is { } requested && meetingOn < requested)
            throw new DomainException("The Rapid Review meeting cannot be before the scoping request.");
        var outstanding = ScopingReturns.Count(r => r.Status != ScopingReturnStatus.Accepted);
        var reason = outstanding == 0 ? "Rapid Review meeting held; all scoping returns accepted." : $"Rapid Review meeting held; {outstanding} scoping return(s) not accepted.";
        return (this with { RapidReviewMeetingOn = meetingOn }).MoveTo(IncidentStage.RapidReview, meetingOn, by, reason);
    }

    // ---------------------------------------------------------------- Rapid Review and decision

    public Incident RecordCriteriaAssessment(CsprCriteriaAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        EnsureStage(nameof(RecordCriteriaAssessment), IncidentStage.RapidReview);
        return this with { CriteriaAssessment = assessment };
    }

    /// <summary>The Rapid Review decides; moves to <see cref="IncidentStage.Decision"/>.</summary>
    public Incident RecordRapidReviewDecision(RapidReviewDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        EnsureStage(nameof(RecordRapidReviewDecision), IncidentStage.RapidReview);
        EnsureNotPaused(nameof(RecordRapidReviewDecision));
        if (NationalPanelNotification is null)
            throw new DomainException("The Rapid Review decision cannot be recorded before the National Panel notification is recorded: its working days run from the date the notification was sent. Record the notification (date sent and the Panel's reference) first.");
        if (CriteriaAssessment is null)
            throw new DomainException("Record the CSPR criteria assessment (the two tests) before the Rapid Review decision.");
        if (decision.DecidedOn < NationalPanelNotification.SentOn)
            throw new DomainException("The Rapid Review decision cannot be dated before the National Panel notification was sent.");
        if (decision.DecidedOn < RapidReviewMeetingOn)
            throw new DomainException("The Rapid Review decision cannot be dated before the Rapid Review meeting.");
        return (this with { Decision = decision })
            .MoveTo(IncidentStage.Decision, decision.DecidedOn, decision.DecidedBy, $"{decision.Outcome}: {decision.Rationale}");
    }

    /// <summary>Changes the decision before it is acted on (after Panel questions, or the Panel declined a national review).</summary>
    public Incident ReviseRapidReviewDecision(RapidReviewDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        EnsureStage(nameof(ReviseRapidReviewDecision), IncidentStage.Decision);
        return this with
        {
            Decision = decision,
            RapidReviewReportApproval = null,
            RapidReviewReportSent = null,
            PanelResponse = null,
            History = [.. History, new StageChange(Stage, Stage, decision.DecidedOn, decision.DecidedBy, $"Decision revised to {decision.Outcome}: {decision.Rationale}")],
        };
    }

    /// <summary>The chair or independent scrutineer approves the Rapid Review report.</summary>
    public Incident ApproveRapidReviewReport(string by, DateOnly on)
    {
        EnsureStage(nameof(ApproveRapidReviewReport), IncidentStage.Decision);
        return this with { RapidReviewReportApproval = new RecordedStep(Who(by), on) };
    }

    public Incident RecordRapidReviewReportSent(string by, DateOnly on)
    {
        EnsureStage(nameof(RecordRapidReviewReportSent), IncidentStage.Decision);
        if (RapidReviewReportApproval is null)
            throw new DomainException("The Rapid Review report must be approved before it is sent to the National Panel.");
        return this with { RapidReviewReportSent = new RecordedStep(Who(by), on) };
    }

    public Incident RecordNationalPanelResponse(NationalPanelResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        EnsureStage(nameof(RecordNationalPanelResponse), IncidentStage.Decision);
        if (RapidReviewReportSent is null)
            throw new DomainException("The National Panel cannot have responded: the Rapid Review report has not been sent.");
        return this with { PanelResponse = response };
    }

    /// <summary>
    /// Acts on the decision once the report has gone to the Panel. A national review recommendation
    /// waits for the Panel: it goes ahead as <see cref="IncidentStage.NationalReview"/>, or, if
    /// declined, the decision must be revised.
    /// </summary>
    public Incident ProceedWithDecision(string by, DateOnly on)
    {
        EnsureStage(nameof(ProceedWithDecision), IncidentStage.Decision);
        EnsureNotPaused(nameof(ProceedWithDecision));
        var decision = Decision ?? throw new DomainException("There is no Rapid Review decision to act on.");
        if (RapidReviewReportSent is null)
            throw new DomainException("Send the approved Rapid Review report to the National Panel before acting on the decision.");
        if (PanelResponse?.Outcome == NationalPanelResponseOutcome.NationalReviewToBeCarriedOut)
            return MoveTo(IncidentStage.NationalReview, on, by, "The National Panel will carry out a national review.");
        var next = decision.Outcome switch
        {
            RapidReviewOutcome.LocalCspr => IncidentStage.LocalCspr,
            RapidReviewOutcome.OtherLearningReview => IncidentStage.OtherLearningReview,
            RapidReviewOutcome.NoFurtherReview => IncidentStage.NoFurtherReview,
            _ when PanelResponse?.Outcome == NationalPanelResponseOutcome.NationalReviewDeclined =>
                throw new DomainException("The National Panel declined a national review: revise the Rapid Review decision before going on."),
            _ => throw new DomainException("A national review was recommended: wait for the National Panel's response before going on."),
        };
        return MoveTo(next, on, by, $"Acting on the Rapid Review decision ({decision.Outcome}).");
    }

    // ---------------------------------------------------------------- Local CSPR

    /// <summary>As soon as a local CSPR is decided the Panel, Ofsted and DfE are told (with the reviewer once commissioned).</summary>
    public Incident RecordLocalCsprDecisionNotified(string by, DateOnly sentOn)
    {
        EnsureStage(nameof(RecordLocalCsprDecisionNotified), IncidentStage.LocalCspr);
        return this with
        {
            LocalCsprDecisionNotification = new NotificationRecord(sentOn, Who(by), ["National Panel", "Ofsted", "DfE"], LeadReviewer),
        };
    }

    public Incident RecordLeadReviewerCommissioned(string reviewer, DateOnly on)
    {
        EnsureStage(nameof(RecordLeadReviewerCommissioned), IncidentStage.LocalCspr);
        var name = RapidReviewDecision.Required(reviewer, "Record the name of the independent lead reviewer.");
        return this with { LeadReviewer = name, LeadReviewerCommissionedOn = on };
    }

    /// <summary>The final draft goes to partner agencies' governance bodies (their responses are due after a set period).</summary>
    public Incident RecordDraftSharedWithGovernance(DateOnly on)
    {
        EnsureStage(nameof(RecordDraftSharedWithGovernance), IncidentStage.LocalCspr);
        if (LeadReviewer is null)
            throw new DomainException("There is no draft to share: no lead reviewer has been commissioned.");
        return this with { DraftSharedWithGovernanceOn = on };
    }

    /// <summary>The board signs off the final report.</summary>
    public Incident RecordFinalReportSignedOff(string by, DateOnly on)
    {
        EnsureStage(nameof(RecordFinalReportSignedOff), IncidentStage.LocalCspr);
        if (LeadReviewer is null)
            throw new DomainException("There is no final report to sign off: no lead reviewer has been commissioned.");
        return this with { FinalReportSignOff = new RecordedStep(Who(by), on) };
    }

    /// <summary>Sets the publication date; moves to <see cref="IncidentStage.Publication"/>.</summary>
    public Incident PlanPublication(string by, DateOnly on, DateOnly plannedPublicationOn)
    {
        EnsureStage(nameof(PlanPublication), IncidentStage.LocalCspr);
        EnsureNotPaused(nameof(PlanPublication));
        if (FinalReportSignOff is null)
            throw new DomainException("The board must sign off the final report before publication is planned.");
        if (plannedPublicationOn < on)
            throw new DomainException("The planned publication date cannot be in the past.");
        return (this with { PlannedPublicationOn = plannedPublicationOn })
            .MoveTo(IncidentStage.Publication, on, by, $"Publication planned for {Iso(plannedPublicationOn)}.");
    }

    // ---------------------------------------------------------------- Publication

    public Incident ReschedulePublication(DateOnly plannedPublicationOn)
    {
        EnsureStage(nameof(ReschedulePublication), IncidentStage.Publication);
        return this with { PlannedPublicationOn = plannedPublicationOn };
    }

    /// <summary>The final report went to the National Panel and the Secretary of State, with Ofsted and DfE told.</summary>
    public Incident RecordPrePublicationNotice(string by, DateOnly sentOn, string? panelReference = null)
    {
        EnsureStage(nameof(RecordPrePublicationNotice), IncidentStage.Publication);
        if (PrePublicationNotice is not null)
            throw new DomainException($"The final report was already sent to the National Panel and the Secretary of State (on {Iso(PrePublicationNotice.SentOn)}).");
        return this with
        {
            PrePublicationNotice = new NotificationRecord(sentOn, Who(by), ["National Panel", "Secretary of State"], string.IsNullOrWhiteSpace(panelReference) ? null : panelReference.Trim()),
        };
    }

    /// <summary>The report (or information about improvements) is published; moves to <see cref="IncidentStage.ActionPlan"/>.</summary>
    public Incident RecordPublished(string by, DateOnly publishedOn, PublicationForm form)
    {
        EnsureStage(nameof(RecordPublished), IncidentStage.Publication);
        EnsureNotPaused(nameof(RecordPublished));
        if (!Enum.IsDefined(form)) throw new DomainException($"'{form}' is not a form of publication.");
        if (PrePublicationNotice is null || PrePublicationNotice.SentOn > publishedOn)
            throw new DomainException("The final report must go to the National Panel and the Secretary of State before it is published.");
        return (this with { Publication = new Publication(publishedOn, Who(by), form) })
            .MoveTo(IncidentStage.ActionPlan, publishedOn, by, form == PublicationForm.FullReport
                ? "Report published."
                : "Information about the improvements published instead of the report, with the Panel's agreement.");
    }

    // ---------------------------------------------------------------- Other reviews

    /// <summary>Another learning review (not published) is complete; moves to <see cref="IncidentStage.ActionPlan"/>.</summary>
    public Incident CompleteOtherLearningReview(string by, DateOnly on)
    {
        EnsureStage(nameof(CompleteOtherLearningReview), IncidentStage.OtherLearningReview);
        EnsureNotPaused(nameof(CompleteOtherLearningReview));
        return (this with { ReviewCompleted = new RecordedStep(Who(by), on) })
            .MoveTo(IncidentStage.ActionPlan, on, by, "Other learning review completed.");
    }

    /// <summary>The National Panel's review is published and the partnership has actions; moves to <see cref="IncidentStage.ActionPlan"/>.</summary>
    public Incident CompleteNationalReview(string by, DateOnly on)
    {
        EnsureStage(nameof(CompleteNationalReview), IncidentStage.NationalReview);
        return (this with { ReviewCompleted = new RecordedStep(Who(by), on) })
            .MoveTo(IncidentStage.ActionPlan, on, by, "National review completed.");
    }

    // ---------------------------------------------------------------- Action plan and closure

    public Incident RecordActionPlanAgreed(DateOnly on)
    {
        EnsureStage(nameof(RecordActionPlanAgreed), IncidentStage.ActionPlan);
        return this with { ActionPlanAgreedOn = on };
    }

    /// <summary>A quarterly report to the executive.</summary>
    public Incident RecordActionPlanReport(string by, DateOnly on)
    {
        EnsureStage(nameof(RecordActionPlanReport), IncidentStage.ActionPlan);
        if (ActionPlanAgreedOn is null)
            throw new DomainException("Record when the action plan was agreed before reporting on it.");
        return this with { ActionPlanReports = [.. ActionPlanReports, new RecordedStep(Who(by), on)] };
    }

    /// <summary>The executive signs the action plan off; moves to <see cref="IncidentStage.Closed"/>.</summary>
    public Incident SignOffActionPlan(string by, DateOnly on)
    {
        EnsureStage(nameof(SignOffActionPlan), IncidentStage.ActionPlan);
        if (ActionPlanAgreedOn is null)
            throw new DomainException("There is no agreed action plan to sign off.");
        return (this with { ActionPlanSignOff = new RecordedStep(Who(by), on) })
            .MoveTo(IncidentStage.Closed, on, by, "Action plan signed off by the executive.");
    }

    /// <summary>Closes a case with no further review, or a national review with no local actions.</summary>
    public Incident Close(string by, DateOnly on, string reason)
    {
        EnsureStage(nameof(Close), IncidentStage.NoFurtherReview, IncidentStage.NationalReview);
        var why = RapidReviewDecision.Required(reason, "Record why the case is being closed.");
        return MoveTo(IncidentStage.Closed, on, by, why);
    }

    // ---------------------------------------------------------------- Parallel proceedings

    /// <summary>Criminal, coroner or other proceedings hold the review or its publication.</summary>
    public Incident Pause(ParallelProceedingType proceedings, string reason, DateOnly from)
    {
        if (!PausableStages.Contains(Stage))
            throw new DomainException($"The review cannot be paused at the {Words(Stage)} stage; only a local CSPR, another learning review or publication can be.");
        if (ActivePause is { } active)
            throw new DomainException($"The review is already paused for {Words(active.Proceedings)} proceedings since {Iso(active.From)}.");
        if (!Enum.IsDefined(proceedings)) throw new DomainException($"'{proceedings}' is not a kind of proceedings.");
        var why = RapidReviewDecision.Required(reason, "Record why the review is paused.");
        return this with { Pauses = [.. Pauses, new ParallelProceedingsPause(proceedings, why, from, null)] };
    }

    public Incident Resume(DateOnly on)
    {
        var active = ActivePause ?? throw new DomainException("The review is not paused.");
        if (on < active.From)
            throw new DomainException("The review cannot resume before the date it was paused.");
        return this with { Pauses = [.. Pauses.Take(Pauses.Count - 1), active with { Until = on }] };
    }

    // ---------------------------------------------------------------- Deadlines

    /// <summary>
    /// The dates this incident's statutory deadlines run from, for <see cref="DeadlineCalculator"/>;
    /// null until the referral says when the local authority became aware.
    /// </summary>
    public IncidentKeyDates? KeyDates()
    {
        if (Referral.Incident?.DateLocalAuthorityAware is not { } aware) return null;
        return new IncidentKeyDates(aware)
        {
            NationalPanelNotified = NationalPanelNotification?.SentOn,
            ScopingRequested = ScopingRequestedOn,
            RapidReviewMeeting = RapidReviewMeetingOn,
            Decision = Decision?.DecidedOn,
            DecisionOutcome = Decision?.Outcome,
            DraftSharedWithGovernance = DraftSharedWithGovernanceOn,
            PlannedPublication = PlannedPublicationOn,
            Published = Publication?.PublishedOn,
            ActionPlanAgreed = ActionPlanAgreedOn,
        };
    }

    // ---------------------------------------------------------------- Helpers

    private Incident MoveTo(IncidentStage next, DateOnly on, string by, string reason) =>
        this with { Stage = next, History = [.. History, new StageChange(Stage, next, on, Who(by), reason)] };

    private void EnsureStage(string action, params IncidentStage[] allowed)
    {
        if (!allowed.Contains(Stage))
        {
            var expected = string.Join(" or ", allowed.Select(Words));
            throw new DomainException($"Cannot {Words(action)} at the {Words(Stage)} stage; that is only possible at the {expected} stage.");
        }
    }

    private void EnsureNotPaused(string action)
    {
        if (ActivePause is { } pause)
            throw new DomainException($"Cannot {Words(action)}: the review is paused for {Words(pause.Proceedings)} proceedings since {Iso(pause.From)} ({pause.Reason}). Resume it first.");
    }

    private ScopingReturn FindScopingReturn(string agency) =>
        ScopingReturns.FirstOrDefault(r => string.Equals(r.Agency, agency?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new DomainException($"'{agency}' was not asked for a scoping return.");

    private Incident WithScopingReturn(ScopingReturn updated) =>
        this with { ScopingReturns = ScopingReturns.Select(r => r.Agency == updated.Agency ? updated : r).ToList() };

    private static string Iso(DateOnly date) => DateWords.Iso(date);

    private static string Who(string by) => RapidReviewDecision.Required(by, "Record who did this.");

    /// <summary>"RapidReview" → "rapid review", "ReferralQa" → "referral QA": identifiers in plain words for messages.</summary>
    private static string Words<T>(T value) where T : notnull
    {
        var text = value.ToString() ?? "";
        var words = System.Text.RegularExpressions.Regex.Replace(text, "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant();
        return words.Replace("referral qa", "referral QA").Replace("cspr", "CSPR");
    }
}
