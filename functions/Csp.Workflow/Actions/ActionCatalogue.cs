using Csp.Domain;
using Csp.Domain.Criteria;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Microsoft.Extensions.Options;

namespace Csp.Workflow.Actions;

/// <summary>
/// One action people can take: who may take it from the staff pages, the form fields, the event it
/// raises, and (for per-agency, per-attendee or per-recommendation steps) the field that says whose
/// step it is. An action with no staff roles is taken only through an emailed link.
/// </summary>
public sealed record ActionDefinition(
    string Name,
    string Label,
    IReadOnlyList<string> Roles,
    IReadOnlyList<ActionField> Fields,
    string EventName,
    string? SubjectField = null,
    string? SubjectLabel = null)
{
    public bool AllowsRole(string role) => Roles.Contains(role, StringComparer.OrdinalIgnoreCase);
}

/// <summary>The one catalogue of actions: the web layer's forms, the link pages and the orchestrations all read it.</summary>
public sealed class ActionCatalogue
{
    public const string Agency = "agency";
    public const string Attendee = "attendee";
    public const string RecommendationField = "recommendation";

    /// <summary>
    /// The field naming an uploaded report version: the version sent (its choices are the versions the
    /// incident has), or on the approval the version the approver read (a hidden field, see <see cref="Application.ReportApproval"/>).
    /// </summary>
    public const string ReportVersionField = Incident.ReportVersionField;

    private readonly Dictionary<string, ActionDefinition> _actions;

    public ActionCatalogue(IOptions<WorkflowOptions> options, IOptions<StatutoryTimescales> timescales)
        : this(options.Value.Approvals.Approver, timescales.Value)
    {
    }

    /// <param name="timescales">The configured timescales the hints quote; the defaults when null.</param>
    public ActionCatalogue(string approver, StatutoryTimescales? timescales = null)
    {
        var approverRole = string.Equals(approver, ApprovalOptions.Scrutineer, StringComparison.OrdinalIgnoreCase)
            ? StaffRoles.Scrutineer
            : StaffRoles.Chair;
        _actions = Build(approverRole, timescales ?? new StatutoryTimescales()).ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        ApproverRole = approverRole;
    }

    /// <summary>The staff role that approves the Rapid Review decision and report.</summary>
    public string ApproverRole { get; }

    public IReadOnlyCollection<ActionDefinition> All => _actions.Values;

    public ActionDefinition? Find(string name) => _actions.GetValueOrDefault(name);

    public ActionDefinition Get(string name) => _actions[name];

    private static readonly string[] BusinessUnit = [StaffRoles.BusinessUnit];
    private static readonly string[] ChairOnly = [StaffRoles.Chair];
    private static readonly string[] BusinessUnitOrChair = [StaffRoles.BusinessUnit, StaffRoles.Chair];
    private static readonly string[] LinkOnly = [];

    /// <summary>The form of "we cannot return the scoping template" on an agency's scoping link page.</summary>
    public static readonly IReadOnlyList<ActionField> CannotReturnFields =
    [
        new ActionField(ScopingQuestions.CannotReturnReason, "Why your agency cannot return it", "textarea", true, null,
            "The business unit reads this on the secure site and decides whether to waive the return or ask again. Reminders stop while it decides.")
        {
            MaxLength = ScopingQuestions.CannotReturnReasonMaxLength,
        },
    ];

    private const string NoIdentifyingDetails = "This is emailed: write no names, dates of birth or addresses.";

    private static ActionField Text(string name, string label, bool required = true, string? hint = null) => new(name, label, "text", required, null, hint);
    private static ActionField TextArea(string name, string label, bool required = true, string? hint = null) => new(name, label, "textarea", required, null, hint);
    private static ActionField Date(string name, string label, bool required = true, string? hint = null) => new(name, label, "date", required, null, hint);
    private static ActionField DateTime(string name, string label, string? hint = null) => new(name, label, "datetime", true, null, hint);
    private static ActionField Email(string name, string label) => new(name, label, "email", true);
    private static string Capitalised(string words) => words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];

    private static ActionField Flag(string name, string label, string? hint = null) => new(name, label, "boolean", false, null, hint);

    /// <summary>The field that says whether an approver approves or asks for changes (approval when left out).</summary>
    public const string ApprovalDecisionField = "approval";

    /// <summary>An approver of the terms of reference, the final report or the action plan approves, or asks for changes with comments.</summary>
    private static readonly ActionField[] ApproveOrAskForChanges =
    [
        new(ApprovalDecisionField, "Your decision", "select", false, ["Approve", "RequestChanges"]) { Value = "Approve" },
        new("comments", "Changes needed", "textarea", false, null, "Required when you ask for changes: say what needs to change. The business unit is told, and your approval is asked for again."),
    ];
    private static ActionField Number(string name, string label, string? hint = null) => new(name, label, "number", true, null, hint);
    private static ActionField Select<T>(string name, string label) where T : struct, Enum => new(name, label, "select", true, Enum.GetNames<T>());
    private static ActionField Select(string name, string label, params string[] values) => new(name, label, "select", true, values);

    /// <summary>One boolean field per CSPR criterion, named <c>criterion</c> + the criterion's name.</summary>
    public static string CriterionField(CsprCriterion criterion) => "criterion" + criterion;

    private static IEnumerable<ActionDefinition> Build(string approverRole, StatutoryTimescales timescales)
    {
        // ---------------------------------------------------------------- Referral
        yield return new(ActionNames.PassReferralQa, "Accept the referral (complete and signed off)", BusinessUnit,
            [TextArea("notes", "Notes", required: false)], Events.ReferralQa);
        yield return new(ActionNames.ReturnReferral, "Return the referral to the referrer", BusinessUnit,
            [TextArea("missingItems", "What is missing or needs correcting", hint: NoIdentifyingDetails)], Events.ReferralQa);
        yield return new(ActionNames.ResubmitReferral, "Resubmit the corrected referral", BusinessUnit, [], Events.ReferralQa);
        yield return new(ActionNames.TriageReferral, "Decide whether the referral goes to a Rapid Review", ChairOnly,
            [Select<ReferralTriageOutcome>("outcome", "Decision"), TextArea("rationale", "Rationale", hint: "Recorded with the incident, where the subgroup chair reads it. The referrer is told the decision and can ask the business unit for the rationale.")],
            Events.ReferralQa);

        // ---------------------------------------------------------------- Notification
        yield return new(ActionNames.RecordNationalPanelNotification, "Record the National Panel notification", BusinessUnit,
            [Date("sentOn", "Date the notification was sent"), Text("panelReference", "Reference given by the Panel's notification system")],
            Events.Notification);
        yield return new(ActionNames.RecordNotificationDelay, "Record why the National Panel notification cannot be made yet", BusinessUnit,
            [Text("reason", "Why the notification has not been made, and when it will be")],
            Events.Notification);

        yield return new(ActionNames.RecordFamilyTold, "Record that the family was told the decision and its rationale", BusinessUnit,
            [Text("toldBy", "Who told the family (name and role)", required: false), Date("on", "When they were told", required: false),
             TextArea("notToldReason", "Or: why the family has not been told", required: false, hint: "For example parallel proceedings, or the police asked for it to wait.")],
            Events.Decision);

        // ---------------------------------------------------------------- Scoping
        yield return new(ActionNames.AddScopingAgency, "Add an involved agency to scoping", BusinessUnit,
            [Text("name", "Agency name") with { MaxLength = ReferralValidator.MaxNameLength }, Select<AgencyType>("agencyType", "Type of agency"), Email("contactEmail", "Scoping contact email (a team mailbox)")],
            Events.Scoping);
        yield return new(ActionNames.SubmitScopingReturn, "Return the scoping template", LinkOnly,
            [
                TextArea(ScopingQuestions.Involvement, "Your agency's involvement with the child and family"),
                TextArea(ScopingQuestions.KeyPracticeEpisodes, "Key practice episodes", required: false),
                TextArea(ScopingQuestions.ImmediateActions, "Immediate actions taken or needed", required: false),
                TextArea(ScopingQuestions.Learning, "Potential learning", required: false),
                Text(ScopingQuestions.CompletedBy, "Completed by"),
                Text(ScopingQuestions.CompletedByRole, "Role"),
            ],
            Events.AgencyScoping, Agency, "Agency");
        yield return new(ActionNames.AcceptScopingReturn, "Accept the scoping return", BusinessUnit,
            [TextArea("notes", "Quality assurance notes", required: false)], Events.AgencyScoping, Agency, "Agency");
        yield return new(ActionNames.RequestScopingResubmission, "Ask the agency to resubmit (gaps listed)", BusinessUnit,
            [TextArea("gaps", "The gaps the agency must fill", hint: NoIdentifyingDetails)], Events.AgencyScoping, Agency, "Agency");
        yield return new(ActionNames.WaiveScopingReturn, "Waive the scoping return", BusinessUnit,
            [TextArea("reason", "Why the return is waived")], Events.AgencyScoping, Agency, "Agency");
        // An agency that cannot return says why on its scoping link's page; the business unit then waives the return or chases it.
        yield return new(ActionNames.DeclareScopingReturnImpossible, "We cannot return the scoping template", LinkOnly, CannotReturnFields, Events.AgencyScoping, Agency, "Agency");
        yield return new(ActionNames.ChaseScopingReturn, "Ask the agency again for its scoping return", BusinessUnit,
            [TextArea("message", "What to tell the agency", hint: NoIdentifyingDetails)], Events.AgencyScoping, Agency, "Agency");

        // ---------------------------------------------------------------- Rapid Review meeting
        ActionField[] when =
        [
            DateTime("startsAt", "Start (UK time)", $"Within the {timescales.RapidReviewDecisionWorkingDays}-working-day window, leaving {(timescales.ScopingPackBeforeMeetingCalendarDays == 7 ? "a week" : TimescaleWords.CalendarDays(timescales.ScopingPackBeforeMeetingCalendarDays))} after the scoping returns to circulate the pack."),
            Number("durationMinutes", "Length in minutes"),
            Text("location", "Location or online meeting link"),
            Flag(MeetingRules.OutsideWorkingDayField, "The meeting is meant to be outside the working day",
                $"Only for an urgent meeting at a weekend, on a bank holiday, or before {DateWords.Time(MeetingRules.EarliestStart)} or after {DateWords.Time(MeetingRules.LatestEnd)}."),
            TextArea(MeetingRules.LateReasonField, "Why the Rapid Review is late (only for a meeting after the decision is due)", required: false,
                hint: "A meeting after the last day of the Rapid Review window can still be held: the reason is recorded and the National Panel is told it will be late."),
        ];
        yield return new(ActionNames.ScheduleMeeting, "Schedule the Rapid Review meeting", BusinessUnit, when, Events.Meeting);
        yield return new(ActionNames.RescheduleMeeting, "Reschedule the Rapid Review meeting", BusinessUnit,
            [.. when, TextArea("reason", "Why it moves")], Events.Meeting);
        yield return new(ActionNames.CancelMeeting, "Cancel the Rapid Review meeting", BusinessUnit,
            [TextArea("reason", "Why it is cancelled")], Events.Meeting);
        yield return new(ActionNames.RespondToMeeting, "Reply to the Rapid Review invitation", BusinessUnit,
            [Select("response", "Reply", nameof(Model.MeetingResponse.Accepted), nameof(Model.MeetingResponse.Tentative), nameof(Model.MeetingResponse.Declined))], Events.Meeting, Attendee, "Attendee");
        yield return new(ActionNames.RecordMeetingHeld, "Record that the Rapid Review meeting was held", BusinessUnit,
            [
                Date("heldOn", "Date held"),
                .. MeetingQuorum.Required.Select((t, i) => Flag(MeetingQuorum.RepresentedField(t), $"{Capitalised(MeetingQuorum.Words(t))} was represented",
                    i == 0 ? $"Tick each agency that was at the meeting. The meeting is quorate only with {MeetingQuorum.List(MeetingQuorum.Required)} represented; a meeting that was not can still go on, recorded as not quorate." : null)),
            ], Events.Meeting);
        yield return new(ActionNames.InviteToMeeting, "Invite a substitute to the Rapid Review meeting", BusinessUnit,
            [
                Text("name", "Name"),
                Email("email", "Email address"),
                Select<AgencyType>("agencyType", "Agency they represent"),
            ], Events.Meeting);
        yield return new(ActionNames.CirculateRapidReviewMinutes, "Circulate the Rapid Review minutes to those who attended", BusinessUnit,
            [Select(ReportVersionField, "Version of the minutes to circulate") with { Hint = "Upload the minutes under Reports first. Those who attended are emailed that they are on the secure site." }],
            Events.Minutes);

        // ---------------------------------------------------------------- Rapid Review decision
        var criteria = Enum.GetValues<CsprCriterion>()
            .Select(c => Flag(CriterionField(c), CsprCriteria.Describe(c)))
            .ToList();
        yield return new(ActionNames.RecordRapidReviewDecision, "Record the Rapid Review's two tests and decision", BusinessUnitOrChair,
            [
                .. criteria,
                Flag("csprMostAppropriate", "Test 2: a CSPR is the most appropriate and proportionate response"),
                Select<RapidReviewOutcome>("outcome", "Decision"),
                TextArea("rationale", "Rationale (goes to the National Panel and is communicated to the family)"),
                Date("decidedOn", "Date decided"),
            ],
            Events.RapidReview);
        yield return new(ActionNames.MarkRapidReviewReportReady, "Mark the Rapid Review report ready for approval", BusinessUnit,
            [
                Select(ReportVersionField, "Version of the Rapid Review report that is complete") with
                {
                    Hint = "Upload the completed report under Reports first: the draft drawn from the case record cannot be approved. The approver is emailed to approve this version only when you mark it ready.",
                },
                TextArea("notes", "Notes for the approver", required: false),
            ],
            Events.Decision);
        yield return new(ActionNames.ApproveRapidReviewReport, "Approve the Rapid Review decision and report", [approverRole],
            [
                Select("approval", "Your decision", "Approve", "RequestChanges"),
                TextArea("comments", "Comments", required: false, hint: "Required when you ask for changes: say what needs to change."),
                // The version on the page the approver read: an approval covers that version and no other.
                new(ReportVersionField, "Version of the Rapid Review report you read", "hidden", false),
            ],
            Events.Decision);
        // The form starts from the decision as recorded (the tests too), so a change of rationale keeps the outcome and tests.
        yield return new(ActionNames.ReviseRapidReviewDecision, "Revise the Rapid Review decision and report", BusinessUnitOrChair,
            [
                .. criteria,
                Flag("csprMostAppropriate", "Test 2: a CSPR is the most appropriate and proportionate response"),
                Select<RapidReviewOutcome>("outcome", "Decision"),
                TextArea("rationale", "Rationale (goes to the National Panel and is communicated to the family)",
                    hint: "Then upload the revised Rapid Review report under Reports as a new version and mark it ready for approval: the approver can approve only a version uploaded after the decision is revised."),
            ],
            Events.Decision);
        yield return new(ActionNames.RecordRapidReviewReportSubmitted, "Record the Rapid Review report sent to the National Panel", BusinessUnit,
            [
                Date("sentOn", "Date sent through the Panel's online system"),
                Text("panelReference", "Reference given by the Panel's system"),
                Select(ReportVersionField, "Version of the Rapid Review report sent") with { Hint = "The uploaded versions are listed under Reports." },
            ],
            Events.Decision);
        yield return new(ActionNames.RecordNationalPanelResponse, "Record the National Panel's response", BusinessUnit,
            [Select<NationalPanelResponseOutcome>("outcome", "Response"), Date("receivedOn", "Date received"), TextArea("notes", "Notes", required: false)],
            Events.Decision);
        yield return new(ActionNames.ProceedWithDecision, "Act on the decision without waiting for the Panel", BusinessUnit,
            [TextArea("reason", "Why the partnership goes ahead now")], Events.Decision);

        // ---------------------------------------------------------------- Local CSPR
        yield return new(ActionNames.ConfirmCsprPanel, "Confirm the CSPR panel members", BusinessUnit,
            [Date("on", "Date confirmed"), TextArea("notes", "Members", required: false)], Events.Cspr);
        yield return new(ActionNames.CommissionLeadReviewer, "Record the independent lead reviewer commissioned", BusinessUnit,
            [Text("reviewerName", "Lead reviewer's name"), Date("on", "Date commissioned")], Events.Cspr);
        yield return new(ActionNames.ApproveTermsOfReference, "Approve the terms of reference, methodology and timeline", BusinessUnitOrChair,
            [.. ApproveOrAskForChanges, Date("on", "Date agreed", required: false, hint: "Needed when you approve."), TextArea("notes", "Notes", required: false)], Events.Cspr);
        yield return new(ActionNames.RecordInvitations, "Record practitioners and family invited", BusinessUnit,
            [Date("on", "Date invited"), TextArea("notes", "Notes (including any limits from parallel proceedings)", required: false)], Events.Cspr);
        yield return new(ActionNames.RecordDraftQualityAssured, "Record drafts circulated and quality-assured by the panel", BusinessUnit,
            [Date("on", "Date"), TextArea("notes", "Notes", required: false)], Events.Cspr);
        yield return new(ActionNames.RecordFinalDraftChecked, "Record the final draft checked against the terms of reference", BusinessUnit,
            [Date("on", "Date"), TextArea("notes", "Notes", required: false)], Events.Cspr);
        yield return new(ActionNames.ShareWithGovernance, "Record the final draft shared with partner agencies' governance", BusinessUnit,
            [Date("on", "Date shared")], Events.Cspr);
        yield return new(ActionNames.ConfirmGovernanceResponses, "Confirm partner agencies' governance responses", BusinessUnit,
            [Date("on", "Date all responses confirmed"), TextArea("notes", "Notes", required: false)], Events.Cspr);
        yield return new(ActionNames.ApproveFinalReportSubgroup, "Subgroup approval of the final report", BusinessUnitOrChair,
            [.. ApproveOrAskForChanges, Date("on", "Date approved", required: false, hint: "Needed when you approve."), TextArea("notes", "Notes", required: false)], Events.Cspr);
        yield return new(ActionNames.SignOffFinalReport, "Board sign-off of the final report", ChairOnly,
            [.. ApproveOrAskForChanges, Date("on", "Date signed off", required: false, hint: "Needed when you sign off.")], Events.Cspr);
        yield return new(ActionNames.PlanPublication, "Plan the publication date", BusinessUnit,
            [Date("plannedPublicationOn", "Planned publication date", hint: $"The final report goes to the Panel and the Secretary of State at least {TimescaleWords.WorkingDays(timescales.PrePublicationNoticeWorkingDays)} before.")],
            Events.Cspr);
        ActionField[] pause = [Select<ParallelProceedingType>("proceedings", "Proceedings"), TextArea("reason", "Reason"), Date("from", "Paused from")];
        ActionField[] resume = [Date("on", "Resumed on")];
        yield return new(ActionNames.PauseReview, "Pause the review for parallel proceedings", BusinessUnit, pause, Events.Cspr);
        yield return new(ActionNames.RecordRevisedTimetable, "Send the National Panel the revised timetable", BusinessUnit,
            [
                Date("expectedBy", "Revised date for completing the review", hint: "The statutory date does not move with the pause; the Panel is told when the review now expects to finish."),
                TextArea("timetable", "The revised timetable and why", hint: "Goes to the National Panel by email: no names or personal details."),
            ],
            Events.RevisedTimetable);
        yield return new(ActionNames.ResumeReview, "Resume the review", BusinessUnit, resume, Events.Cspr);

        // ---------------------------------------------------------------- Publication
        yield return new(ActionNames.RecordFinalReportSubmitted, "Record the final report sent to the National Panel and the Secretary of State", BusinessUnit,
            [
                Date("sentOn", "Date sent"),
                Text("panelReference", "Reference given by the Panel's system"),
                Select(ReportVersionField, "Version of the final CSPR report sent") with { Hint = "The uploaded versions are listed under Reports. Ofsted and DfE are told by email when you record it." },
            ],
            Events.Publication);
        yield return new(ActionNames.ReschedulePublication, "Change the planned publication date", BusinessUnit,
            [Date("plannedPublicationOn", "New planned publication date"), TextArea("reason", "Why")], Events.Publication);
        yield return new(ActionNames.RecordPublication, "Record the publication", BusinessUnit,
            [Date("publishedOn", "Date published"), Select<PublicationForm>("form", "What was published"), Text("url", "Web address", required: false)],
            Events.Publication);

        // ---------------------------------------------------------------- Other reviews
        yield return new(ActionNames.CompleteOtherLearningReview, "Record the learning review completed", BusinessUnit,
            [Date("on", "Date completed"), TextArea("summary", "Learning identified", required: false)], Events.OtherLearningReview);
        yield return new(ActionNames.RecordNationalReviewCompleted, "Record the national review completed", BusinessUnit,
            [Date("on", "Date completed"), Flag("localActions", "The partnership has actions to take"), TextArea("notes", "Notes", required: false)],
            Events.NationalReview);

        // ---------------------------------------------------------------- Action plan
        yield return new(ActionNames.AddRecommendation, "Add a recommendation to the action plan", BusinessUnit,
            [TextArea("text", "Recommendation"), Text("ownerName", "Owner"), Email("ownerEmail", "Owner's email"), Date("dueOn", "Due date")],
            Events.ActionPlan);
        yield return new(ActionNames.AgreeActionPlan, "Record the action plan agreed", BusinessUnit,
            [Date("on", "Date agreed")], Events.ActionPlan);
        yield return new(ActionNames.ReportRecommendationProgress, "Report progress on a recommendation", BusinessUnit,
            [TextArea("progress", "Progress", hint: NoIdentifyingDetails), Flag("completed", "The recommendation is completed"),
             TextArea("closedReason", "Or close it without completing it: why", required: false, hint: "Only when it will not be completed; the executive sees the reason.")],
            Events.ActionPlan, RecommendationField, "Recommendation");
        yield return new(ActionNames.RecordThankYouLetters, "Record thank-you letters sent to practitioners", BusinessUnit,
            [Date("on", "Date sent"), Number("count", "Letters sent")], Events.ActionPlan);
        yield return new(ActionNames.SignOffActionPlan, "Executive sign-off of the action plan (closes the incident)", ChairOnly,
            [.. ApproveOrAskForChanges, Date("on", "Date signed off", required: false, hint: "Needed when you sign off.")], Events.ActionPlan);

        // The pause and resume actions are also taken in these stages; the event follows the stage.
    }

    /// <summary>The report whose uploaded version an action records as sent (to a statutory body, or the minutes to those who attended); null for other actions.</summary>
    public static Model.ReportKind? ReportSentBy(string action) => action switch
    {
        ActionNames.RecordRapidReviewReportSubmitted => Model.ReportKind.RapidReviewReport,
        ActionNames.CirculateRapidReviewMinutes => Model.ReportKind.RapidReviewMinutes,
        ActionNames.RecordFinalReportSubmitted => Model.ReportKind.FinalCsprReport,
        _ => null,
    };

    /// <summary>The event a pause/resume goes to depends on the stage that waits for it.</summary>
    public static string PauseEventFor(IncidentStage stage) => stage switch
    {
        IncidentStage.Publication => Events.Publication,
        IncidentStage.OtherLearningReview => Events.OtherLearningReview,
        _ => Events.Cspr,
    };
}
