using Csp.Workflow.Application;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Model;

/// <summary>
/// An email the workflow sends, before rendering: one per recipient, deduplicated on
/// incident + <paramref name="EmailKey"/> + recipient. The text names the incident by its
/// reference only. <paramref name="IncidentPage"/> adds a link to the incident's secure page.
/// </summary>
public sealed record Notice(
    string IncidentId,
    string Reference,
    string EmailKey,
    IReadOnlyList<EmailAddress> To,
    string Subject,
    IReadOnlyList<string> Paragraphs,
    bool IncidentPage = true);

public sealed record NoticeSent(int Sent, int Duplicates, DateOnly SentOn);

/// <summary>A capability link to create for one recipient and email to them with <paramref name="Email"/>.</summary>
public sealed record LinkInvite(
    LinkKind Kind,
    string Action,
    EmailAddress Recipient,
    string RecipientDescription,
    Notice Email,
    DateTimeOffset ExpiresAt);

public sealed record OpenStepRequest(AwaitedStep Step, IReadOnlyList<LinkInvite> Links);

/// <summary>
/// A reminder or chase that carries a new link to a step still open: <paramref name="Sequence"/>
/// rises with each one, so only the newest email's link works.
/// </summary>
public sealed record LinkReminder(string StepId, int Sequence, LinkInvite Invite);

public sealed record StepRef(string IncidentId, string StepId);

/// <summary>What an orchestration writes to the read model and audit trail in one activity call.</summary>
public sealed record ProgressRecord(
    string IncidentId,
    DateTimeOffset At,
    IncidentCase? Case = null,
    ScopingAgency? Agency = null,
    RapidReviewMeeting? Meeting = null,
    IReadOnlyList<AuditEntry>? Audit = null);

/// <summary>An event the workflow raises on another of its instances (stopping a watch, closing scoping).</summary>
public sealed record InstanceSignal(string InstanceId, string EventName, WatchSignal? Watch, DecisionDueSet? DecisionDue = null);

/// <summary>
/// The Rapid Review decision's due date, now counted from the National Panel notification sent on
/// <paramref name="NotifiedOn"/> (before it, the notification's due date stood in), for the meeting.
/// </summary>
public sealed record DecisionDueSet(DateOnly Due, DateOnly NotifiedOn);

/// <summary>
/// A signal to a watch. <paramref name="Id"/> names this signal (watch, kind, sequence): events may
/// arrive twice on Durable Functions, and the watch acts on each id once.
/// </summary>
public sealed record WatchSignal(string Signal, string? Reason = null, string? Id = null)
{
    public const string Stop = "stop";
    public const string Pause = "pause";
    public const string Resume = "resume";
}

/// <summary>A meeting change for the calendar port.</summary>
public sealed record MeetingCommand(string Command, MeetingRequest Meeting, MeetingReference? Reference, int Sequence, string? Reason, string Key)
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Cancel = "cancel";
}

/// <summary>The scoping returns to collate into the pack for panel members, with the referral it summarises and the day it is collated.</summary>
public sealed record ScopingPackRequest(
    string IncidentId, string Reference, int Version, IReadOnlyList<ScopingAgency> Agencies,
    Csp.Domain.Referrals.Referral? Referral = null, DateOnly? CollatedOn = null);

/// <summary>
/// A durable deadline watch: reminders before the due date and repeated escalation after it,
/// until the workflow stops it (the duty was done). Paused watches send nothing.
/// </summary>
public sealed record DeadlineWatch(
    string WatchId,
    string IncidentId,
    string Reference,
    string Kind,
    string? Subject,
    string Label,
    DateOnly Due,
    IReadOnlyList<WatchReminder> Reminders,
    IReadOnlyList<EmailAddress> RemindTo,
    DateTime FirstEscalationAt,
    int EscalationRepeatWorkingDays,
    int MaxEscalations,
    IReadOnlyList<EmailAddress> EscalateTo,
    string? Action = null,
    string? LinkStepId = null);

/// <summary>A reminder at a fixed instant (UTC) with a note for the email.</summary>
public sealed record WatchReminder(DateTime At, string Note);

public sealed record WatchResult(string WatchId, int Reminders, int Escalations, bool Stopped);
