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

    /// <summary>The quorum agency types not represented at the Rapid Review meeting; empty when it was quorate (or not recorded).</summary>
    [JsonInclude] public IReadOnlyList<AgencyType> RapidReviewMeetingNotRepresented { get; private init; } = [];

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

    /// <summary>The version of the Rapid Review report the approver read and approved (null until approved, and again once the decision is revised).</summary>
    [JsonInclude] public int? RapidReviewReportApprovedVersion { get; private init; }

    /// <summary>
    /// The Rapid Review report's versions up to this one cannot be approved: the draft drawn from the
    /// case record, a version the approver asked to change, and versions older than a revised decision.
    /// </summary>
    [JsonInclude] public int? RapidReviewReportSupersededUpTo { get; private init; }

    /// <summary>The version of the Rapid Review report drafted from the case record (for the business unit to complete).</summary>
    [JsonInclude] public int? RapidReviewReportDraftVersion { get; private init; }

    /// <summary>The approver's last request for changes to the Rapid Review decision and report (cleared when the decision is revised).</summary>
    [JsonInclude] public ChangesRequested? RapidReviewReportChangesRequested { get; private init; }

    /// <summary>
    /// The version of the Rapid Review report the business unit marked complete and ready for approval: the
    /// approver is asked only then, and can approve that version and no other. Cleared when changes are
    /// asked for or the decision is revised.
    /// </summary>
    [JsonInclude] public RecordedStep? RapidReviewReportReady { get; private init; }
    [JsonInclude] public int? RapidReviewReportReadyVersion { get; private init; }

    /// <summary>The Panel's response when it came after the case moved on from the Decision stage.</summary>
    [JsonInclude] public NationalPanelResponse? LatePanelResponse { get; private init; }

    /// <summary>The local CSPR's checklist: each step once, with who and when.</summary>
    [JsonInclude] public IReadOnlyList<ChecklistEntry> Checklist { get; private init; } = [];
    [JsonInclude] public DateOnly? GovernanceResponsesConfirmedOn { get; private init; }

    /// <summary>Changes asked for by the approvers of the terms of reference, the final report and the action plan, instead of approving.</summary>
    [JsonInclude] public IReadOnlyList<ApprovalChangesRequested> ApprovalChanges { get; private init; } = [];

    [JsonInclude] public IReadOnlyList<Recommendation> Recommendations { get; private init; } = [];
    [JsonInclude] public DateOnly? ThankYouLettersSentOn { get; private init; }

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
    public Incident ResubmitReferral(Referral? referral, DateOnly today)
    {
        EnsureStage(nameof(ResubmitReferral), IncidentStage.ReferralQa);
        if (referral is null) throw new DomainException("The corrected referral is missing.", [new FieldError("referral", "Send the corrected referral")]);
        var errors = ReferralValidator.Validate(referral, today);
        if (errors.Count > 0) throw new DomainException($"The corrected referral has {errors.Count} invalid field(s).", errors);
        if (referral.Incident?.DateLocalAuthorityAware != Referral.Incident?.DateLocalAuthorityAware)
            throw new DomainException("The date the local authority became aware starts the statutory clock and cannot change on resubmission.",
                [new FieldError("incident.dateLocalAuthorityAware", "Keep the date the local authority became aware")]);
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
        // A notifiable incident keeps its duties whatever the chair thinks: the local authority notifies the
        // National Panel and the safeguarding partners hold a Rapid Review, which is where the decision
        // about a review is taken (Children Act 2004 s16C(1); Working Together 2023 chapter 5).
        if (decision.Outcome != ReferralTriageOutcome.RapidReview && Referral.Incident is { } notified
            && NotifiableIncidentCriteria.Evaluate(notified) is { Met: true } notifiable)
            throw new DomainException(
                $"{notifiable.Reason} The local authority must notify the National Panel and the safeguarding partners must hold a Rapid Review, which decides whether a review follows: choose a Rapid Review.",
                [new FieldError("outcome", "A notifiable incident goes to a Rapid Review: the National Panel notification and the Rapid Review cannot be set aside at triage")]);
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
    public Incident RecordNationalPanelNotification(string by, DateOnly sentOn, string panelReference, DateOnly? today = null)
    {
        NotFuture(sentOn, today, "sentOn");
        EnsureStage(nameof(RecordNationalPanelNotification),
            IncidentStage.ReferralQa, IncidentStage.Notification, IncidentStage.Scoping, IncidentStage.RapidReview);
        if (NationalPanelNotification is not null)
            throw new DomainException($"The National Panel notification was already recorded (sent {Prose(NationalPanelNotification.SentOn)}).");
        var aware = Referral.Incident?.DateLocalAuthorityAware;
        if (aware is { } a && sentOn < a)
            throw new DomainException("The National Panel notification cannot be dated before the local authority became aware of the incident.");
        var reference = string.IsNullOrWhiteSpace(panelReference)
            ? throw new DomainException("Record the reference the National Panel's notification system gave.")
            : panelReference.Trim();
        return this with { NationalPanelNotification = new NotificationRecord(sentOn, Who(by), ["National Panel"], reference) };
    }

    /// <summary>Why the National Panel notification has not been made yet: only while it is still to be made.</summary>
    public Incident RecordNotificationDelay(string reason)
    {
        EnsureStage(nameof(RecordNotificationDelay),
            IncidentStage.ReferralQa, IncidentStage.Notification, IncidentStage.Scoping, IncidentStage.RapidReview);
        if (NationalPanelNotification is { } done)
            throw new DomainException($"The National Panel notification was already recorded (sent {Prose(done.SentOn)}).");
        RapidReviewDecision.Required(reason, "Say why the National Panel notification has not been made yet.");
        return this;
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
        return WithScopingReturn(current with { Status = ScopingReturnStatus.ResubmissionRequested, Notes = $"{Prose(on)} {Who(by)}: {why}" });
    }

    /// <summary>The business unit waives an agency's return: nothing is outstanding from it.</summary>
    public Incident WaiveScopingReturn(string agency, string by, DateOnly on, string reason)
    {
        EnsureStage(nameof(WaiveScopingReturn), IncidentStage.Scoping);
        var current = FindScopingReturn(agency);
        if (current.Status == ScopingReturnStatus.Accepted)
            throw new DomainException($"The scoping return from '{current.Agency}' is already accepted, so it cannot be waived.");
        var why = RapidReviewDecision.Required(reason, "Say why the scoping return is waived.");
        return WithScopingReturn(current with { Status = ScopingReturnStatus.Waived, Notes = $"{Prose(on)} waived by {Who(by)}: {why}" });
    }

    /// <summary>
    /// The Rapid Review meeting is held (late or missing returns do not stop the statutory clock).
    /// <paramref name="notRepresented"/>: the quorum agency types nobody represented (<see cref="MeetingQuorum"/>);
    /// a meeting that was not quorate still moves the review on, recorded as such.
    /// </summary>
    public Incident StartRapidReview(string by, DateOnly meetingOn, IReadOnlyList<AgencyType>? notRepresented = null)
    {
        EnsureStage(nameof(StartRapidReview), IncidentStage.Scoping);
        EnsureNotPaused(nameof(StartRapidReview));
        if (ScopingRequestedOn is { } requested && meetingOn < requested)
            throw new DomainException("The Rapid Review meeting cannot be before the scoping request.");
        var outstanding = ScopingReturns.Count(r => r.Status is not (ScopingReturnStatus.Accepted or ScopingReturnStatus.Waived));
        var missing = notRepresented ?? [];
        var reason = (missing.Count == 0 ? "Rapid Review meeting held" : $"Rapid Review meeting held, not quorate ({MeetingQuorum.List(missing)} not represented)")
            + (outstanding switch
            {
                0 => "; all scoping returns accepted or waived.",
                1 => "; 1 scoping return not accepted.",
                _ => $"; {outstanding} scoping returns not accepted.",
            });
        return (this with { RapidReviewMeetingOn = meetingOn, RapidReviewMeetingNotRepresented = missing }).MoveTo(IncidentStage.RapidReview, meetingOn, by, reason);
    }

    /// <summary>What the record of a decision of this Rapid Review says about its meeting when it was not quorate; null when it was.</summary>
    public string? NotQuorateNote => RapidReviewMeetingNotRepresented.Count == 0 ? null
        : $"Made at a Rapid Review meeting that was not quorate: {MeetingQuorum.List(RapidReviewMeetingNotRepresented)} not represented.";

    /// <summary>Why a decision of this Rapid Review carries a warning: its meeting was not quorate; null when it was.</summary>
    public string? NotQuorateWarning => RapidReviewMeetingNotRepresented.Count == 0 ? null
        : $"The Rapid Review meeting was not quorate: {MeetingQuorum.List(RapidReviewMeetingNotRepresented)} not represented. A decision can still be recorded; it is recorded as made at a meeting that was not quorate, and the chair should say in the rationale how the missing agencies' information was considered.";

    // ---------------------------------------------------------------- Rapid Review and decision

    public Incident RecordCriteriaAssessment(CsprCriteriaAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        EnsureStage(nameof(RecordCriteriaAssessment), IncidentStage.RapidReview);
        return this with { CriteriaAssessment = assessment };
    }

    /// <summary>The Rapid Review decides; moves to <see cref="IncidentStage.Decision"/>.</summary>
    public Incident RecordRapidReviewDecision(RapidReviewDecision decision, DateOnly? today = null)
    {
        ArgumentNullException.ThrowIfNull(decision);
        NotFuture(decision.DecidedOn, today, "decidedOn");
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
        EnsureDecisionFitsTests(decision.Outcome, CriteriaAssessment);
        var notQuorate = NotQuorateNote is { } note ? " " + note : "";
        return (this with { Decision = decision })
            .MoveTo(IncidentStage.Decision, decision.DecidedOn, decision.DecidedBy, $"{decision.Outcome}: {decision.Rationale}{notQuorate}");
    }

    /// <summary>Changes the decision before it is acted on (after Panel questions, or the Panel declined a national review).</summary>
    /// <remarks>
    /// With <paramref name="assessment"/> the two tests are recorded again, and the outcome must follow
    /// them as at the first decision. Report versions up to <paramref name="latestReportVersion"/> (the
    /// newest when the decision is revised) hold the old decision, so none of them can be approved.
    /// </remarks>
    public Incident ReviseRapidReviewDecision(RapidReviewDecision decision, CsprCriteriaAssessment? assessment = null, int? latestReportVersion = null)
    {
        ArgumentNullException.ThrowIfNull(decision);
        EnsureStage(nameof(ReviseRapidReviewDecision), IncidentStage.Decision);
        EnsureDecisionFitsTests(decision.Outcome, assessment ?? CriteriaAssessment);
        return this with
        {
            Decision = decision,
            CriteriaAssessment = assessment ?? CriteriaAssessment,
            RapidReviewReportSupersededUpTo = Max(RapidReviewReportSupersededUpTo, latestReportVersion),
            RapidReviewReportChangesRequested = null,
            RapidReviewReportReady = null,
            RapidReviewReportReadyVersion = null,
            RapidReviewReportApproval = null,
            RapidReviewReportApprovedVersion = null,
            RapidReviewReportSent = null,
            PanelResponse = null,
            History = [.. History, new StageChange(Stage, Stage, decision.DecidedOn, decision.DecidedBy, $"Decision revised to {decision.Outcome}: {decision.Rationale}")],
        };
    }

    /// <summary>The chair or independent scrutineer approves the Rapid Review report.</summary>
    /// <remarks>
    /// The approval covers the version the approver read (<paramref name="readVersion"/>), which must
    /// be the newest upload when the approval is taken (<paramref name="latestVersion"/>): an approval
    /// that does not say what was read, or was read before a newer upload, approves nothing.
    /// </remarks>
    public Incident ApproveRapidReviewReport(string by, DateOnly on, int? readVersion, int? latestVersion)
    {
        EnsureStage(nameof(ApproveRapidReviewReport), IncidentStage.Decision);
        if (readVersion is not { } version || version < 1 || latestVersion is not { } latest)
            throw new DomainException("The approval does not say which version of the Rapid Review report was read: open the approval page again and approve from there.",
                [new FieldError(ReportVersionField, "Give the version of the Rapid Review report you read")]);
        if (version != latest)
            throw new DomainException($"Version {latest} was uploaded after you opened this page: read it, then approve.",
                [new FieldError(ReportVersionField, $"Version {latest} was uploaded after you opened this page: read it, then approve")]);
        EnsureNotSuperseded(version);
        if (RapidReviewReportReadyVersion != version)
        {
            var why = $"The business unit has not marked version {version} of the Rapid Review report as complete and ready for approval: you can approve it once they have, and you will be emailed then.";
            throw new DomainException(why, [new FieldError(ReportVersionField, why.TrimEnd('.'))]);
        }
        return this with { RapidReviewReportApproval = new RecordedStep(Who(by), on), RapidReviewReportApprovedVersion = version };
    }

    /// <summary>
    /// The business unit marks version <paramref name="version"/> of the Rapid Review report, the newest
    /// (<paramref name="latestVersion"/>), complete and ready for the approver. Not the draft drawn from the
    /// case record, nor a version written before changes were asked for or the decision was revised.
    /// Marking the version already marked changes nothing and is refused, so a repeat asks the approver nothing twice.
    /// </summary>
    public Incident MarkRapidReviewReportReady(string by, DateOnly on, int? version, int? latestVersion)
    {
        EnsureStage(nameof(MarkRapidReviewReportReady), IncidentStage.Decision);
        if (RapidReviewReportApproval is not null)
            throw new DomainException("The Rapid Review report is approved already.");
        if (latestVersion is not { } latest || latest < 1)
            throw new DomainException("Upload the completed Rapid Review report first: the draft drawn from the case record is completed and uploaded as a new version.",
                [new FieldError(ReportVersionField, "Upload the completed Rapid Review report under Reports first")]);
        if (version is not { } v || v < 1 || v > latest)
            throw new DomainException("Select the version of the Rapid Review report that is ready.", [new FieldError(ReportVersionField, "Select the version that is ready for approval")]);
        if (v != latest)
            throw new DomainException($"Version {latest} is the newest upload: mark it ready, or upload the version you mean as a new one.",
                [new FieldError(ReportVersionField, $"Select version {latest}, the newest upload")]);
        EnsureNotSuperseded(v);
        if (RapidReviewReportReadyVersion == v)
            throw new DomainException($"Version {v} is marked ready already: the approver has been asked to approve it.",
                [new FieldError(ReportVersionField, $"Version {v} is marked ready already: the approver has been asked to approve it")]);
        return this with { RapidReviewReportReady = new RecordedStep(Who(by), on), RapidReviewReportReadyVersion = v };
    }

    private void EnsureNotSuperseded(int version)
    {
        if (RapidReviewReportSupersededUpTo is not { } upTo || version > upTo) return;
        var why = version == RapidReviewReportDraftVersion
            ? $"Version {version} is the draft drawn from the case record: the business unit completes it and uploads the completed report as a new version, and that version is approved."
            : $"Version {version} no longer matches the decision (changes were asked for, or the decision was revised since it was uploaded): the business unit uploads the revised report as a new version, and that version is approved.";
        throw new DomainException(why, [new FieldError(ReportVersionField, why.TrimEnd('.'))]);
    }

    /// <summary>The approver asks for changes to the Rapid Review decision and report instead of approving them.</summary>
    /// <remarks>The version the approver read (<paramref name="versionRead"/>) is superseded: the revised report is a new version.</remarks>
    public Incident RequestRapidReviewReportChanges(string by, string? comments, DateOnly on, int? versionRead = null)
    {
        var what = RapidReviewDecision.Required(comments, "Say what needs to change.", "comments", "Enter the changes needed");
        if (Stage != IncidentStage.Decision) throw new DomainException("There is no Rapid Review report waiting for approval.");
        return this with
        {
            RapidReviewReportChangesRequested = new ChangesRequested(Who(by), on, what, versionRead),
            RapidReviewReportSupersededUpTo = Max(RapidReviewReportSupersededUpTo, versionRead),
            RapidReviewReportReady = null,
            RapidReviewReportReadyVersion = null,
        };
    }

    /// <summary>The process drafted version <paramref name="version"/> of the Rapid Review report from the case record: a draft to complete, not to approve.</summary>
    public Incident RecordRapidReviewReportDrafted(int version)
    {
        EnsureStage(nameof(RecordRapidReviewReportDrafted), IncidentStage.Decision);
        return this with { RapidReviewReportDraftVersion = version, RapidReviewReportSupersededUpTo = Max(RapidReviewReportSupersededUpTo, version) };
    }

    /// <summary>The field that names a report version (read for an approval, chosen as sent).</summary>
    public const string ReportVersionField = "reportVersion";

    public Incident RecordRapidReviewReportSent(string by, DateOnly sentOn, int? version, DateOnly? today = null)
    {
        EnsureStage(nameof(RecordRapidReviewReportSent), IncidentStage.Decision);
        NotFuture(sentOn, today, "sentOn");
        if (RapidReviewReportApproval is not { } approval)
            throw new DomainException("The Rapid Review report must be approved before it is sent to the National Panel.");
        if (sentOn < approval.On)
            throw new DomainException($"The Rapid Review report cannot have been sent before it was approved on {Prose(approval.On)}.",
                [new FieldError("sentOn", $"Enter {Prose(approval.On)} or later")]);
        var sent = SentVersion(version);
        if (RapidReviewReportApprovedVersion is { } approved && sent != approved)
            throw new DomainException($"Version {approved} of the Rapid Review report is the approved version: only the approved version can be recorded as sent to the National Panel. Send version {approved}, or ask for version {sent} to be approved first.",
                [new FieldError(ReportVersionField, $"Select version {approved}, the approved version")]);
        return this with { RapidReviewReportSent = new RecordedStep(Who(by), sentOn) };
    }

    /// <summary>
    /// The Panel's response to the Rapid Review report. At the Decision stage it decides what follows;
    /// once the case has moved on it is kept as a late response.
    /// </summary>
    public Incident RecordNationalPanelResponse(NationalPanelResponse response, DateOnly? today = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        NotFuture(response.ReceivedOn, today, "receivedOn");
        if (Stage != IncidentStage.Decision && RapidReviewReportSent is not null && History.Any(h => h.From == IncidentStage.Decision))
            return this with { LatePanelResponse = response };
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

    /// <summary>
    /// The family told the Rapid Review decision and its rationale (who told them and when), or the
    /// reason they have not been told.
    /// </summary>
    public Incident RecordFamilyTold(string? toldBy, DateOnly? on, string? notToldReason, DateOnly today)
    {
        if (Decision is null) throw new DomainException("There is no Rapid Review decision to tell the family.");
        if (!string.IsNullOrWhiteSpace(notToldReason)) return this;
        if (string.IsNullOrWhiteSpace(toldBy))
            throw new DomainException("Say who told the family, or why they have not been told.", [new FieldError("toldBy", "Enter who told the family, or why they have not been told")]);
        if (on is not { } date)
            throw new DomainException("Say when the family was told.", [new FieldError("on", "Enter the date the family was told")]);
        NotFuture(date, today, "on");
        return this;
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

    public Incident RecordLeadReviewerCommissioned(string reviewer, DateOnly on, DateOnly? today = null)
    {
        NotFuture(on, today, "on");
        EnsureStage(nameof(RecordLeadReviewerCommissioned), IncidentStage.LocalCspr);
        var name = RapidReviewDecision.Required(reviewer, "Record the name of the independent lead reviewer.");
        return this with { LeadReviewer = name, LeadReviewerCommissionedOn = on };
    }

    /// <summary>The final draft goes to partner agencies' governance bodies (their responses are due after a set period).</summary>
    public Incident RecordDraftSharedWithGovernance(DateOnly on, DateOnly? today = null)
    {
        NotFuture(on, today, "on");
        EnsureStage(nameof(RecordDraftSharedWithGovernance), IncidentStage.LocalCspr);
        if (LeadReviewer is null)
            throw new DomainException("There is no draft to share: no lead reviewer has been commissioned.");
        return this with { DraftSharedWithGovernanceOn = on };
    }

    /// <summary>The board signs off the final report.</summary>
    public Incident RecordFinalReportSignedOff(string by, DateOnly on, DateOnly? today = null)
    {
        NotFuture(on, today, "on");
        EnsureStage(nameof(RecordFinalReportSignedOff), IncidentStage.LocalCspr);
        if (LeadReviewer is null)
            throw new DomainException("There is no final report to sign off: no lead reviewer has been commissioned.");
        return this with { FinalReportSignOff = new RecordedStep(Who(by), on) };
    }

    /// <summary>
    /// A step of the local CSPR's checklist (<paramref name="step"/> names it), recorded once, dated
    /// today or earlier.
    /// </summary>
    public Incident RecordChecklistStep(string step, string by, DateOnly on, string? notes, DateOnly today)
    {
        EnsureStage(nameof(RecordChecklistStep), IncidentStage.LocalCspr);
        NotFuture(on, today, "on");
        var name = RapidReviewDecision.Required(step, "Say which step of the review this is.");
        if (Checklist.Any(e => e.Step == name))
            throw new DomainException("This step of the review is already recorded.");
        return this with { Checklist = [.. Checklist, new ChecklistEntry(name, Who(by), on, notes)] };
    }

    /// <summary>
    /// An approver (terms of reference, the final report's subgroup approval or board sign-off, the
    /// executive's sign-off of the action plan) asks for changes instead of approving: what to change
    /// is required and recorded, and the step is asked for again.
    /// </summary>
    public Incident RequestApprovalChanges(string step, string by, DateOnly on, string? comments)
    {
        EnsureStage(nameof(RequestApprovalChanges), IncidentStage.LocalCspr, IncidentStage.ActionPlan);
        var name = RapidReviewDecision.Required(step, "Say which approval this is.");
        var what = RapidReviewDecision.Required(comments, "Say what needs to change.", "comments", "Enter the changes needed");
        if (Checklist.Any(e => e.Step == name)) throw new DomainException("This step of the review is already recorded.");
        return this with { ApprovalChanges = [.. ApprovalChanges, new ApprovalChangesRequested(name, Who(by), on, what)] };
    }

    /// <summary>Partner agencies' governance bodies have responded to the final draft.</summary>
    public Incident ConfirmGovernanceResponses(DateOnly on, DateOnly today)
    {
        EnsureStage(nameof(ConfirmGovernanceResponses), IncidentStage.LocalCspr);
        NotFuture(on, today, "on");
        return this with { GovernanceResponsesConfirmedOn = on };
    }

    /// <summary>
    /// Sets the publication date; moves to <see cref="IncidentStage.Publication"/>. The final report
    /// has not gone to the Panel yet and cannot go before today, so the earliest date is the notice
    /// period from today.
    /// </summary>
    public Incident PlanPublication(string by, DateOnly on, DateOnly plannedPublicationOn, DeadlineCalculator deadlines)
    {
        ArgumentNullException.ThrowIfNull(deadlines);
        EnsureStage(nameof(PlanPublication), IncidentStage.LocalCspr);
        EnsureNotPaused(nameof(PlanPublication));
        if (FinalReportSignOff is null)
            throw new DomainException("The board must sign off the final report before publication is planned.");
        if (plannedPublicationOn < on)
            throw new DomainException("The planned publication date cannot be in the past.", [new FieldError("plannedPublicationOn", "Enter a date today or later")]);
        var earliest = deadlines.EarliestPublication(on);
        if (plannedPublicationOn < earliest)
            throw new DomainException($"{NoticeRule(deadlines)} The final report has not gone yet and cannot go before today ({Prose(on)}), so the earliest date is {Prose(earliest)}.",
                [new FieldError("plannedPublicationOn", $"Enter {Prose(earliest)} or later")]);
        return (this with { PlannedPublicationOn = plannedPublicationOn })
            .MoveTo(IncidentStage.Publication, on, by, $"Publication planned for {Prose(plannedPublicationOn)}.");
    }

    // ---------------------------------------------------------------- Publication

    /// <summary>
    /// The process moves the planned publication itself (after a pause, or a late notice) to a date it
    /// computed from the notice period; a person's change goes through <see cref="ReschedulePublication"/>.
    /// </summary>
    public Incident MovePlannedPublication(DateOnly plannedPublicationOn)
    {
        EnsureStage(nameof(MovePlannedPublication), IncidentStage.Publication);
        return this with { PlannedPublicationOn = plannedPublicationOn };
    }

    /// <summary>A person moves the planned publication: today or later, and the notice period after the final report goes (or went) to the Panel.</summary>
    public Incident ReschedulePublication(DateOnly plannedPublicationOn, DateOnly today, DeadlineCalculator deadlines)
    {
        ArgumentNullException.ThrowIfNull(deadlines);
        EnsureStage(nameof(ReschedulePublication), IncidentStage.Publication);
        if (plannedPublicationOn < today)
            throw new DomainException("The planned publication date cannot be in the past.", [new FieldError("plannedPublicationOn", "Enter a date today or later")]);
        if (PrePublicationNotice is null && plannedPublicationOn < deadlines.EarliestPublication(today))
        {
            var earliest = deadlines.EarliestPublication(today);
            throw new DomainException($"{NoticeRule(deadlines)} It has not gone yet and cannot go before today ({Prose(today)}), so the earliest date is {Prose(earliest)}.",
                [new FieldError("plannedPublicationOn", $"Enter {Prose(earliest)} or later")]);
        }
        if (PrePublicationNotice is { } notice && plannedPublicationOn < deadlines.EarliestPublication(notice.SentOn))
        {
            var earliest = deadlines.EarliestPublication(notice.SentOn);
            throw new DomainException($"{NoticeRule(deadlines)} It went on {Prose(notice.SentOn)}, so the earliest date is {Prose(earliest)}.",
                [new FieldError("plannedPublicationOn", $"Enter {Prose(earliest)} or later")]);
        }
        return this with { PlannedPublicationOn = plannedPublicationOn };
    }

    /// <summary>The final report went to the National Panel and the Secretary of State, with Ofsted and DfE told.</summary>
    public Incident RecordPrePublicationNotice(string by, DateOnly sentOn, string? panelReference, int? version, DateOnly today)
    {
        EnsureStage(nameof(RecordPrePublicationNotice), IncidentStage.Publication);
        NotFuture(sentOn, today, "sentOn");
        if (FinalReportSignOff is { } signOff && sentOn < signOff.On)
            throw new DomainException($"The final report cannot have been sent before the board signed it off on {Prose(signOff.On)}.",
                [new FieldError("sentOn", $"Enter {Prose(signOff.On)} or later")]);
        SentVersion(version);
        if (PrePublicationNotice is not null)
            throw new DomainException($"The final report was already sent to the National Panel and the Secretary of State (on {Prose(PrePublicationNotice.SentOn)}).");
        return this with
        {
            PrePublicationNotice = new NotificationRecord(sentOn, Who(by), ["National Panel", "Secretary of State"], string.IsNullOrWhiteSpace(panelReference) ? null : panelReference.Trim()),
        };
    }

    /// <summary>The report (or information about improvements) is published; moves to <see cref="IncidentStage.ActionPlan"/>.</summary>
    public Incident RecordPublished(string by, DateOnly publishedOn, PublicationForm form, DateOnly today, DeadlineCalculator deadlines)
    {
        ArgumentNullException.ThrowIfNull(deadlines);
        EnsureStage(nameof(RecordPublished), IncidentStage.Publication);
        EnsureNotPaused(nameof(RecordPublished));
        NotFuture(publishedOn, today, "publishedOn");
        if (!Enum.IsDefined(form)) throw new DomainException($"'{form}' is not a form of publication.");
        if (PrePublicationNotice is null || PrePublicationNotice.SentOn > publishedOn)
            throw new DomainException("The final report must go to the National Panel and the Secretary of State before it is published.");
        if (publishedOn < deadlines.EarliestPublication(PrePublicationNotice.SentOn))
        {
            var earliest = deadlines.EarliestPublication(PrePublicationNotice.SentOn);
            throw new DomainException($"{NoticeRule(deadlines)} It went on {Prose(PrePublicationNotice.SentOn)}, so the earliest date is {Prose(earliest)}.",
                [new FieldError("publishedOn", $"Publish on {Prose(earliest)} or later")]);
        }
        return (this with { Publication = new Publication(publishedOn, Who(by), form) })
            .MoveTo(IncidentStage.ActionPlan, publishedOn, by, form == PublicationForm.FullReport
                ? "Report published."
                : "Information about the improvements published instead of the report, with the Panel's agreement.");
    }

    // ---------------------------------------------------------------- Other reviews

    /// <summary>Another learning review (not published) is complete; moves to <see cref="IncidentStage.ActionPlan"/>.</summary>
    public Incident CompleteOtherLearningReview(string by, DateOnly on, DateOnly? today = null)
    {
        NotFuture(on, today, "on");
        EnsureStage(nameof(CompleteOtherLearningReview), IncidentStage.OtherLearningReview);
        EnsureNotPaused(nameof(CompleteOtherLearningReview));
        return (this with { ReviewCompleted = new RecordedStep(Who(by), on) })
            .MoveTo(IncidentStage.ActionPlan, on, by, "Other learning review completed.");
    }

    /// <summary>The National Panel's review is published and the partnership has actions; moves to <see cref="IncidentStage.ActionPlan"/>.</summary>
    public Incident CompleteNationalReview(string by, DateOnly on, DateOnly? today = null)
    {
        NotFuture(on, today, "on");
        EnsureStage(nameof(CompleteNationalReview), IncidentStage.NationalReview);
        return (this with { ReviewCompleted = new RecordedStep(Who(by), on) })
            .MoveTo(IncidentStage.ActionPlan, on, by, "National review completed.");
    }

    // ---------------------------------------------------------------- Action plan and closure

    /// <summary>A recommendation added to the action plan, numbered R1, R2… in order; its due date is today or later.</summary>
    public Incident AddRecommendation(string text, string ownerName, string ownerEmail, DateOnly dueOn, DateOnly today)
    {
        EnsureStage(nameof(AddRecommendation), IncidentStage.ActionPlan);
        if (dueOn < today) throw new DomainException("A recommendation's due date cannot be in the past.", [new FieldError("dueOn", "Enter a date today or later")]);
        var recommendation = new Recommendation
        {
            Id = "R" + (Recommendations.Count + 1).ToString(CultureInfo.InvariantCulture),
            Text = RapidReviewDecision.Required(text, "Say what the recommendation is.", "text", "Enter the recommendation"),
            OwnerName = RapidReviewDecision.Required(ownerName, "Say who owns the recommendation.", "ownerName", "Enter the owner's name"),
            OwnerEmail = RapidReviewDecision.Required(ownerEmail, "Give the owner's email address.", "ownerEmail", "Enter the owner's email address"),
            DueOn = dueOn,
        };
        return this with { Recommendations = [.. Recommendations, recommendation] };
    }

    /// <summary>Progress on a recommendation; completed, or closed without being completed with the reason, it is settled today.</summary>
    public Incident ReportRecommendationProgress(string? id, string progress, bool completed, string? closedReason, DateOnly today)
    {
        EnsureStage(nameof(ReportRecommendationProgress), IncidentStage.ActionPlan);
        if (string.IsNullOrWhiteSpace(id))
            throw new DomainException("Say which recommendation the progress is for.", [new FieldError("recommendation", "Select a recommendation")]);
        var r = Recommendations.FirstOrDefault(x => x.Id == id) ?? throw new DomainException($"There is no recommendation {id}.");
        if (r.CompletedOn is not null) throw new DomainException($"Recommendation {id} is already completed.");
        var why = string.IsNullOrWhiteSpace(closedReason) ? null : closedReason.Trim();
        var updated = r with
        {
            LastProgress = RapidReviewDecision.Required(progress, "Say what progress was made.", "progress", "Enter the progress"),
            LastProgressOn = today,
            CompletedOn = completed || why is not null ? today : null,
            ClosedReason = completed ? null : why,
        };
        return this with { Recommendations = Recommendations.Select(x => x.Id == id ? updated : x).ToList() };
    }

    /// <summary>An overdue recommendation escalated for the <paramref name="count"/>th time.</summary>
    public Incident RecordRecommendationEscalated(string id, int count) =>
        this with { Recommendations = Recommendations.Select(x => x.Id == id ? x with { Escalations = count } : x).ToList() };

    /// <summary>The partnership thanked the practitioners who took part.</summary>
    public Incident RecordThankYouLetters(DateOnly on, DateOnly today)
    {
        EnsureStage(nameof(RecordThankYouLetters), IncidentStage.ActionPlan);
        NotFuture(on, today, "on");
        return this with { ThankYouLettersSentOn = on };
    }

    public Incident RecordActionPlanAgreed(DateOnly on, DateOnly? today = null)
    {
        EnsureStage(nameof(RecordActionPlanAgreed), IncidentStage.ActionPlan);
        if (Recommendations.Count == 0)
            throw new DomainException("Add at least one recommendation before recording the action plan as agreed.", [new FieldError("on", "Add a recommendation first")]);
        NotFuture(on, today, "on");
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
    public Incident SignOffActionPlan(string by, DateOnly on, DateOnly? today = null)
    {
        EnsureStage(nameof(SignOffActionPlan), IncidentStage.ActionPlan);
        NotFuture(on, today, "on");
        if (ActionPlanAgreedOn is null)
            throw new DomainException("There is no agreed action plan to sign off.");
        var open = Recommendations.Where(r => r.CompletedOn is null).Select(r => r.Id).ToList();
        if (open.Count > 0)
            throw new DomainException($"Every recommendation must be completed, or closed with a recorded reason, before the executive signs the action plan off: {string.Join(", ", open)} still open.",
                [new FieldError("on", $"Complete or close {string.Join(", ", open)} first")]);
        return (this with { ActionPlanSignOff = new RecordedStep(Who(by), on) })
            .MoveTo(IncidentStage.Closed, on, by, "Action plan signed off by the executive.");
    }

    /// <summary>Closes a case with no further review, or a national review with no local actions.</summary>
    public Incident Close(string by, DateOnly on, string reason, DateOnly? today = null)
    {
        NotFuture(on, today, "on");
        EnsureStage(nameof(Close), IncidentStage.NoFurtherReview, IncidentStage.NationalReview);
        var why = RapidReviewDecision.Required(reason, "Record why the case is being closed.");
        return MoveTo(IncidentStage.Closed, on, by, why);
    }

    // ---------------------------------------------------------------- Parallel proceedings

    /// <summary>Criminal, coroner or other proceedings hold the review or its publication.</summary>
    public Incident Pause(ParallelProceedingType proceedings, string reason, DateOnly from, DateOnly? today = null)
    {
        NotFuture(from, today, "from");
        if (!PausableStages.Contains(Stage))
            throw new DomainException($"The review cannot be paused at the {Words(Stage)} stage; only a local CSPR, another learning review or publication can be.");
        if (ActivePause is { } active)
            throw new DomainException($"The review is already paused for {Words(active.Proceedings)} proceedings since {Prose(active.From)}.");
        if (!Enum.IsDefined(proceedings)) throw new DomainException($"'{proceedings}' is not a kind of proceedings.");
        var why = RapidReviewDecision.Required(reason, "Record why the review is paused.");
        return this with { Pauses = [.. Pauses, new ParallelProceedingsPause(proceedings, why, from, null)] };
    }

    public Incident Resume(DateOnly on, DateOnly? today = null)
    {
        NotFuture(on, today, "on");
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
            throw new DomainException($"Cannot {Words(action)}: the review is paused for {Words(pause.Proceedings)} proceedings since {Prose(pause.From)} ({pause.Reason}). Resume it first.");
    }

    private ScopingReturn FindScopingReturn(string agency) =>
        ScopingReturns.FirstOrDefault(r => string.Equals(r.Agency, agency?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new DomainException($"'{agency}' was not asked for a scoping return.");

    private Incident WithScopingReturn(ScopingReturn updated) =>
        this with { ScopingReturns = ScopingReturns.Select(r => r.Agency == updated.Agency ? updated : r).ToList() };


    private static string Prose(DateOnly date) => DateWords.Prose(date);

    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    /// <summary>A date a person records for something done: today or earlier (unchecked when no today is given).</summary>
    private static void NotFuture(DateOnly date, DateOnly? today, string field)
    {
        if (date > today) throw new DomainException("The date cannot be in the future.", [new FieldError(field, "Enter a date today or in the past")]);
    }

    /// <summary>The version of a report recorded as sent: one of the uploaded versions (1 or more).</summary>
    private static int SentVersion(int? version) =>
        version is { } v && v >= 1 ? v : throw new DomainException("Choose the version of the report that was sent.", [new FieldError(ReportVersionField, "Select the version sent")]);

    /// <summary>The pre-publication rule in words, with its configured period.</summary>
    private static string NoticeRule(DeadlineCalculator deadlines) =>
        $"Publication must be at least {TimescaleWords.WorkingDays(deadlines.Timescales.PrePublicationNoticeWorkingDays)} after the final report goes to the National Panel and the Secretary of State, so they can prepare.";

    /// <summary>The Rapid Review's outcome must follow its two tests: a local CSPR needs both met; no further review cannot follow both met.</summary>
    private static void EnsureDecisionFitsTests(RapidReviewOutcome outcome, CsprCriteriaAssessment? assessment)
    {
        if (assessment is null) return;
        if (outcome == RapidReviewOutcome.LocalCspr && !assessment.SupportsLocalCspr)
            throw new DomainException("A local CSPR needs at least one criterion met and test 2 answered yes.",
                [new FieldError("csprMostAppropriate", "Record both tests as met for a local CSPR, or choose another outcome")]);
        if (outcome == RapidReviewOutcome.NoFurtherReview && assessment.SupportsLocalCspr)
            throw new DomainException("The two tests say a local CSPR is the most appropriate response (a criterion met and test 2 answered yes), so \"no further review\" contradicts them: choose a local CSPR, or record the tests as the panel answered them.",
                [new FieldError("outcome", "No further review contradicts the tests: a criterion is met and a local CSPR is the most appropriate response")]);
    }

    /// <summary>
    /// Process state that earlier records kept beside the incident (in the workflow's case), taken in
    /// when such a record is read; what the incident already holds wins.
    /// </summary>
    public Incident WithEarlierProcessState(IReadOnlyList<ChecklistEntry>? checklist, IReadOnlyList<Recommendation>? recommendations,
        DateOnly? thankYouLettersSentOn, DateOnly? governanceResponsesConfirmedOn, int? rapidReviewReportApprovedVersion, NationalPanelResponse? latePanelResponse) =>
        this with
        {
            Checklist = Checklist.Count == 0 && checklist is { Count: > 0 } ? checklist : Checklist,
            Recommendations = Recommendations.Count == 0 && recommendations is { Count: > 0 } ? recommendations : Recommendations,
            ThankYouLettersSentOn = ThankYouLettersSentOn ?? thankYouLettersSentOn,
            GovernanceResponsesConfirmedOn = GovernanceResponsesConfirmedOn ?? governanceResponsesConfirmedOn,
            RapidReviewReportApprovedVersion = RapidReviewReportApprovedVersion ?? rapidReviewReportApprovedVersion,
            LatePanelResponse = LatePanelResponse ?? latePanelResponse,
        };

    private static string Who(string by) => RapidReviewDecision.Required(by, "Record who did this.");

    /// <summary>"RapidReview" → "rapid review", "ReferralQa" → "referral QA": identifiers in plain words for messages.</summary>
    private static string Words<T>(T value) where T : notnull
    {
        var text = value.ToString() ?? "";
        var words = System.Text.RegularExpressions.Regex.Replace(text, "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant();
        return words.Replace("referral qa", "referral QA").Replace("cspr", "CSPR");
    }
}
