namespace Csp.Workflow.Actions;

/// <summary>
/// Every external event name the orchestrations wait for, in one place. Human actions are grouped
/// by the orchestration that waits for them; the action name travels in <c>StepSubmission.Action</c>.
/// </summary>
public static class Events
{
    /// <summary>Referral QA, resubmission and the chair's triage (ReferralQaOrchestration).</summary>
    public const string ReferralQa = nameof(ReferralQa);

    /// <summary>The National Panel notification recorded (ScopingOrchestration, which runs it alongside scoping).</summary>
    public const string Notification = nameof(Notification);

    /// <summary>An agency added while scoping is under way (ScopingOrchestration).</summary>
    public const string Scoping = nameof(Scoping);

    /// <summary>One agency's return, its quality assurance or a waiver (AgencyScopingOrchestration).</summary>
    public const string AgencyScoping = nameof(AgencyScoping);

    /// <summary>Scoping is over (the meeting was held): the agency orchestration stops (raised by the workflow).</summary>
    public const string ScopingClosed = nameof(ScopingClosed);

    /// <summary>Meeting scheduled, changed, cancelled, replied to or held (RapidReviewMeetingOrchestration).</summary>
    public const string Meeting = nameof(Meeting);

    /// <summary>The decision's due date once the notification is recorded (raised by the workflow to the meeting).</summary>
    public const string DecisionDue = nameof(DecisionDue);

    /// <summary>The meeting's minutes circulated (RapidReviewMinutesOrchestration).</summary>
    public const string Minutes = nameof(Minutes);

    /// <summary>The Rapid Review's two tests and decision (RapidReviewOrchestration).</summary>
    public const string RapidReview = nameof(RapidReview);

    /// <summary>Approval, revision, the Panel's response, going ahead (DecisionOrchestration).</summary>
    public const string Decision = nameof(Decision);

    /// <summary>The CSPR checklist, pause and resume (LocalCsprOrchestration).</summary>
    public const string Cspr = nameof(Cspr);

    public const string Publication = nameof(Publication);

    public const string OtherLearningReview = nameof(OtherLearningReview);

    public const string NationalReview = nameof(NationalReview);

    public const string ActionPlan = nameof(ActionPlan);

    /// <summary>The revised timetable for a review paused past its date (DeadlineWatchOrchestration, which asks for it).</summary>
    public const string RevisedTimetable = nameof(RevisedTimetable);

    /// <summary>Stop, pause or resume a deadline watch (raised by the workflow).</summary>
    public const string WatchSignal = nameof(WatchSignal);
}
