namespace Csp.Workflow.Actions;

/// <summary>The names of the actions people take (the web layer's <c>AvailableAction.Name</c>).</summary>
public static class ActionNames
{
    // Referral
    public const string PassReferralQa = "pass-referral-qa";
    public const string ReturnReferral = "return-referral";
    public const string ResubmitReferral = "resubmit-referral";
    public const string TriageReferral = "triage-referral";

    // Notification
    public const string RecordNationalPanelNotification = "record-national-panel-notification";
    public const string RecordNotificationDelay = "record-notification-delay";
    public const string RecordFamilyTold = "record-family-told";

    // Scoping
    public const string AddScopingAgency = "add-scoping-agency";
    public const string SubmitScopingReturn = "submit-scoping-return";
    public const string AcceptScopingReturn = "accept-scoping-return";
    public const string RequestScopingResubmission = "request-scoping-resubmission";
    public const string WaiveScopingReturn = "waive-scoping-return";
    public const string DeclareScopingReturnImpossible = "declare-scoping-return-impossible";
    public const string ChaseScopingReturn = "chase-scoping-return";

    // Rapid Review meeting
    public const string ScheduleMeeting = "schedule-rapid-review-meeting";
    public const string RescheduleMeeting = "reschedule-rapid-review-meeting";
    public const string CancelMeeting = "cancel-rapid-review-meeting";
    public const string RespondToMeeting = "respond-to-meeting";
    public const string RecordMeetingHeld = "record-meeting-held";
    public const string CirculateRapidReviewMinutes = "circulate-rapid-review-minutes";
    public const string InviteToMeeting = "invite-to-rapid-review-meeting";

    // Rapid Review decision
    public const string RecordRapidReviewDecision = "record-rapid-review-decision";
    public const string MarkRapidReviewReportReady = "mark-rapid-review-report-ready";
    public const string ApproveRapidReviewReport = "approve-rapid-review-report";
    public const string ReviseRapidReviewDecision = "revise-rapid-review-decision";
    public const string RecordRapidReviewReportSubmitted = "record-rapid-review-report-submitted";
    public const string RecordNationalPanelResponse = "record-national-panel-response";
    public const string ProceedWithDecision = "proceed-with-decision";

    // Local CSPR checklist
    public const string ConfirmCsprPanel = "confirm-cspr-panel";
    public const string CommissionLeadReviewer = "commission-lead-reviewer";
    public const string ApproveTermsOfReference = "approve-terms-of-reference";
    public const string RecordInvitations = "record-practitioner-and-family-invitations";
    public const string RecordDraftQualityAssured = "record-draft-quality-assured";
    public const string RecordFinalDraftChecked = "record-final-draft-checked";
    public const string ShareWithGovernance = "share-final-draft-with-governance";
    public const string ConfirmGovernanceResponses = "confirm-governance-responses";
    public const string ApproveFinalReportSubgroup = "approve-final-report-subgroup";
    public const string SignOffFinalReport = "sign-off-final-report";
    public const string PlanPublication = "plan-publication";
    public const string PauseReview = "pause-review";
    public const string ResumeReview = "resume-review";

    // Publication
    public const string RecordFinalReportSubmitted = "record-final-report-submitted";
    public const string ReschedulePublication = "reschedule-publication";
    public const string RecordPublication = "record-publication";

    // Other reviews
    public const string CompleteOtherLearningReview = "complete-other-learning-review";
    public const string RecordNationalReviewCompleted = "record-national-review-completed";

    // Action plan
    public const string AddRecommendation = "add-recommendation";
    public const string RecordRevisedTimetable = "record-revised-timetable";
    public const string AgreeActionPlan = "agree-action-plan";
    public const string ReportRecommendationProgress = "report-recommendation-progress";
    public const string RecordThankYouLetters = "record-thank-you-letters";
    public const string SignOffActionPlan = "sign-off-action-plan";
}
