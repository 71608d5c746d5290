using Csp.Domain;
using Csp.Domain.Timescales;
using Microsoft.DurableTask;
using Csp.Workflow.Actions;
using Csp.Workflow.Activities;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Orchestrations;

/// <summary>
/// The vocabulary orchestrations are written in: today's date, audit entries, recording progress,
/// notices, human steps and deadline watches, each a thin, deterministic wrapper over the context.
/// It also keeps the custom status (stage, next deadline, what is awaited) up to date.
/// </summary>
internal sealed class Flow
{
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(6, TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(5)));

    private readonly TaskOrchestrationContext _ctx;
    private readonly List<(string StepId, string Title)> _awaiting = [];
    private readonly HashSet<string> _submissionsTaken = new(StringComparer.Ordinal);
    private string _stage;
    private (string Kind, DateOnly Due)? _nextDeadline;

    public Flow(TaskOrchestrationContext ctx, WorkflowServices services, string incidentId, string reference, string stage)
    {
        _ctx = ctx;
        Services = services;
        IncidentId = incidentId;
        Reference = reference;
        _stage = stage;
        PublishStatus();
    }

    public WorkflowServices Services { get; }
    public WorkflowCalendar Calendar => Services.Calendar;
    public PartnershipOptions Partnership => Services.Partnership;
    public ReminderOptions Reminders => Services.Options.Reminders;
    public string IncidentId { get; }
    public string Reference { get; }
    public TaskOrchestrationContext Context => _ctx;

    public DateTimeOffset Now => new(DateTime.SpecifyKind(_ctx.CurrentUtcDateTime, DateTimeKind.Utc));
    public DateOnly Today => Calendar.LocalDate(_ctx.CurrentUtcDateTime);

    public const string System = "Workflow";

    // ---------------------------------------------------------------- status

    public void SetStage(string stage)
    {
        _stage = stage;
        PublishStatus();
    }

    /// <summary>Shows something awaited that is not a human step (a stage orchestration, say).</summary>
    public void Awaiting(string key, string title)
    {
        _awaiting.RemoveAll(a => a.StepId == key);
        _awaiting.Add((key, title));
        PublishStatus();
    }

    public void SetNextDeadline(string kind, DateOnly due)
    {
        _nextDeadline = (kind, due);
        PublishStatus();
    }

    private void PublishStatus() =>
        _ctx.SetCustomStatus(new WorkflowStatus(_stage, _nextDeadline?.Kind, _nextDeadline?.Due, _awaiting.Select(a => a.Title).ToList()));

    // ---------------------------------------------------------------- records

    public AuditEntry Audit(string who, string what, string? why = null, string? subject = null, string? kind = null) =>
        new(_ctx.NewGuid().ToString("N"), Now, who, what, why, subject, kind);

    /// <summary>
    /// The entry that decides a submission: its outcome, which the link or API that raised it answers
    /// from. Its id is the submission's, so a repeated event or activity records one outcome.
    /// </summary>
    public AuditEntry Decided(StepSubmission s, string what, string? why = null, string? subject = null, string kind = AuditKinds.Decision, string? warning = null) =>
        s.SubmissionId is { } id
            ? new(AuditEntry.OutcomeId(id), Now, s.By, what, why, subject, kind, id, Warning: warning)
            : Audit(s.By, what, why, subject, kind) with { Warning = warning };

    /// <summary>Records that the process refused a submission, with the domain's field errors (the step stays open).</summary>
    public Task Refuse(StepSubmission s, string reason, IReadOnlyList<FieldError> errors, string? subject = null) =>
        Record(null, Decided(s, $"Refused: {s.Action}", reason, subject, AuditKinds.Refused) with { Errors = errors.Count > 0 ? errors : [new FieldError("", reason)] });

    public Task Record(IncidentCase? c, params AuditEntry[] audit) =>
        _ctx.CallActivityAsync<bool>(nameof(RecordProgress), new ProgressRecord(IncidentId, Now, Case: c, Audit: audit), Retry);

    public Task RecordAgency(ScopingAgency agency, params AuditEntry[] audit) =>
        _ctx.CallActivityAsync<bool>(nameof(RecordProgress), new ProgressRecord(IncidentId, Now, Agency: agency, Audit: audit), Retry);

    public Task RecordMeeting(RapidReviewMeeting meeting, params AuditEntry[] audit) =>
        _ctx.CallActivityAsync<bool>(nameof(RecordProgress), new ProgressRecord(IncidentId, Now, Meeting: meeting, Audit: audit), Retry);

    // ---------------------------------------------------------------- documents

    /// <summary>Collates the scoping pack (data and Word document) and returns the data document's path.</summary>
    public Task<string> CollateScopingPack(ScopingPackRequest request) => _ctx.CallActivityAsync<string>(nameof(Activities.CollateScopingPack), request, Retry);

    /// <summary>Drafts the Rapid Review report's first version; null when the incident has a version already.</summary>
    public Task<string?> DraftRapidReviewReport(IncidentCase c) => _ctx.CallActivityAsync<string?>(nameof(Activities.DraftRapidReviewReport), c, Retry);

    // ---------------------------------------------------------------- email

    public Notice Notice(string emailKey, IReadOnlyList<EmailAddress> to, string subject, params string[] paragraphs) =>
        new(IncidentId, Reference, emailKey, to, subject, paragraphs.Where(p => !string.IsNullOrEmpty(p)).ToArray());

    /// <summary>
    /// An email to a statutory body (the National Panel, the Secretary of State, Ofsted, DfE) that only
    /// informs: they have no account here, so it carries no link to the secure site and asks nothing of it.
    /// </summary>
    public Notice StatutoryNotice(string emailKey, IReadOnlyList<EmailAddress> to, string subject, params string[] paragraphs) =>
        new(IncidentId, Reference, emailKey, to, subject, paragraphs, IncidentPage: false);

    public Task<NoticeSent> Send(Notice notice) => _ctx.CallActivityAsync<NoticeSent>(nameof(SendNotice), notice, Retry);

    /// <summary>A reminder with a new link to a step still open; earlier links to it for that recipient stop working.</summary>
    public Task<NoticeSent> SendWithLink(LinkReminder reminder) => _ctx.CallActivityAsync<NoticeSent>(nameof(SendLinkReminder), reminder, Retry);

    // Whoever holds the role in the partnership directory now. A role nobody holds yet is an address
    // with the role's name and no email: nothing is sent to it, and a step for it waits (see OpenStep).
    public EmailAddress BusinessUnit => WorkflowServices.Role(Partnership.BusinessUnitOrManager, "business unit");
    public EmailAddress BusinessManager => WorkflowServices.Role(Partnership.BusinessManager, "business manager");
    public EmailAddress PartnershipChair => WorkflowServices.Role(Partnership.PartnershipChair, "partnership chair");
    public EmailAddress PanelChair => WorkflowServices.Role(Partnership.PanelChair, "panel chair");
    public EmailAddress SubgroupChair => WorkflowServices.Role(Partnership.SubgroupChair, "subgroup chair");
    public EmailAddress DesignatedOfficer => WorkflowServices.Role(Partnership.LocalAuthorityDesignatedOfficer, "designated officer (LADO)");

    public EmailAddress Approver =>
        Services.Catalogue.ApproverRole == StaffRoles.Scrutineer && Partnership.IndependentScrutineer is { Email.Length: > 0 } scrutineer
            ? WorkflowServices.Address(scrutineer)
            : PanelChair;

    // ---------------------------------------------------------------- human steps

    public string InstanceId => _ctx.InstanceId;

    public AwaitedStep Step(string stepId, string eventName, string title, IReadOnlyList<string> actions, DateOnly? due = null, string? subject = null, string? subjectLabel = null) =>
        new(IncidentId, stepId, _ctx.InstanceId, eventName, actions, title, subject, subjectLabel, due);

    public LinkInvite Link(LinkKind kind, string action, EmailAddress to, string description, Notice email) =>
        new(kind, action, to, description, email, Now.AddDays(Reminders.LinkLifetimeDays));

    public async Task Open(AwaitedStep step, params LinkInvite[] links)
    {
        await _ctx.CallActivityAsync<bool>(nameof(OpenStep), new OpenStepRequest(step, links), Retry);
        _awaiting.RemoveAll(a => a.StepId == step.StepId);
        _awaiting.Add((step.StepId, step.Title));
        PublishStatus();
    }

    public async Task Close(string stepId)
    {
        await _ctx.CallActivityAsync<bool>(nameof(CloseStep), new StepRef(IncidentId, stepId), Retry);
        _awaiting.RemoveAll(a => a.StepId == stepId);
        PublishStatus();
    }

    /// <summary>
    /// Waits for a submission to one of the steps <paramref name="accepts"/> says are open. Anything
    /// else on the same event (a late or repeated click for a step already closed) is dropped, and so
    /// is a submission delivered again (events may arrive twice): each is decided once.
    /// </summary>
    public async Task<StepSubmission> Next(string eventName, Func<StepSubmission, bool> accepts, CancellationToken cancellation = default)
    {
        while (true)
        {
            var submission = await _ctx.WaitForExternalEvent<StepSubmission>(eventName, cancellation);
            if (submission is null || !accepts(submission)) continue;
            if (submission.SubmissionId is { } id && !_submissionsTaken.Add(id)) continue;
            return submission;
        }
    }

    /// <summary>
    /// Applies a submission to the case, deciding it once: the decision (or the refusal, with the
    /// domain's field errors) is recorded as the submission's outcome. A refusal yields null, so the
    /// caller keeps waiting.
    /// </summary>
    public async Task<IncidentCase?> TryApply(IncidentCase c, StepSubmission s, string? subject = null)
    {
        try
        {
            var t = CaseTransitions.Apply(c, s, Calendar);
            await Record(t.Case, Decided(s, t.What, t.Why, subject));
            return t.Case;
        }
        catch (DomainException ex)
        {
            await Refuse(s, ex.Message, ex.Errors, subject);
            return null;
        }
    }

    /// <summary>Opens a step, waits until one of its actions applies, closes it.</summary>
    public async Task<(IncidentCase Case, StepSubmission Submission)> HumanStep(IncidentCase c, AwaitedStep step, params LinkInvite[] links)
    {
        await Open(step, links);
        while (true)
        {
            var s = await Next(step.EventName, x => x.StepId == step.StepId);
            if (await TryApply(c, s) is { } next)
            {
                await Close(step.StepId);
                return (next, s);
            }
        }
    }

    // ---------------------------------------------------------------- deadline watches

    public string WatchId(string kind, string? subject = null, int sequence = 1) =>
        $"{IncidentId}:watch:{kind}" + (subject is null ? "" : ":" + subject) + (sequence == 1 ? "" : ":" + sequence);

    public Task StartWatch(DeadlineWatch watch) => _ctx.CallActivityAsync<bool>(nameof(StartDeadlineWatch), watch, Retry);

    public Task SignalWatch(string watchId, string signal, string? reason = null, int sequence = 0) =>
        _ctx.CallActivityAsync<bool>(nameof(SignalInstance),
            new InstanceSignal(watchId, Events.WatchSignal, new WatchSignal(signal, reason, $"{watchId}:{signal}:{sequence}")), Retry);

    public Task StopWatch(string watchId) => SignalWatch(watchId, WatchSignal.Stop);

    /// <summary>
    /// A watch for a working-day deadline: a reminder <see cref="ReminderOptions.WorkingDaysBeforeDue"/>
    /// working days before, escalation the next working morning after the due date, then repeated.
    /// </summary>
    public DeadlineWatch DayWatch(string watchId, string kind, string? subject, string label, DateOnly due,
        IReadOnlyList<EmailAddress> remind, IReadOnlyList<EmailAddress> escalate, string? action = null, IReadOnlyList<WatchReminder>? extra = null,
        string? linkStep = null)
    {
        var reminders = new List<WatchReminder>(extra ?? []);
        reminders.Add(new WatchReminder(Calendar.FireAt(Calendar.ReminderDay(due, Reminders.WorkingDaysBeforeDue)), $"Due by the end of {DateWords.Prose(due)}."));
        return new DeadlineWatch(watchId, IncidentId, Reference, kind, subject, label, due,
            reminders.OrderBy(r => r.At).ToList(), remind,
            Calendar.FireAt(Calendar.NextWorkingDay(due)), Reminders.EscalationRepeatWorkingDays, Reminders.MaxEscalations, escalate, action, linkStep);
    }

    /// <summary>A deadline counted in months: monitoring reminders at the given months, escalation after, repeated less often.</summary>
    public DeadlineWatch MonthWatch(string watchId, string kind, string label, DateOnly from, DateOnly due, IReadOnlyList<int> reminderMonths,
        IReadOnlyList<EmailAddress> remind, IReadOnlyList<EmailAddress> escalate)
    {
        var reminders = reminderMonths
            .Select(m => new WatchReminder(Calendar.FireAt(Calendar.Deadlines.MonitoringCheckpoint(from, m)),
                $"Monitoring checkpoint at {TimescaleWords.Months(m)}: review the time and quality of the review; it is due by the end of {DateWords.Prose(due)}."))
            .ToList();
        return new DeadlineWatch(watchId, IncidentId, Reference, kind, null, label, due, reminders, remind,
            Calendar.FireAt(Calendar.NextWorkingDay(due)), Reminders.LongEscalationRepeatWorkingDays, Reminders.MaxEscalations, escalate);
    }

    public static DeadlineOutcome Outcome(string kind, string? subject, DateOnly due, DateOnly? metOn) =>
        new(kind, subject, due, metOn, metOn is { } m && m <= due);
}
