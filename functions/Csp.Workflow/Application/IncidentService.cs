using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

/// <summary>
/// What the HTTP handlers and pages (local host and Azure Functions alike) ask of the workflow.
/// Implemented over the durable engine's client and the incident read model.
/// </summary>
public interface IIncidentService
{
    /// <summary>
    /// Validates and accepts a referral, starting the incident's orchestration. The same
    /// <paramref name="idempotencyKey"/> returns the first result. Invalid input is a
    /// <see cref="ReferralValidationException"/> listing every field error.
    /// </summary>
    Task<ReferralAccepted> SubmitReferralAsync(Referral referral, StaffUser submittedBy, string? idempotencyKey, CancellationToken cancellation);

    /// <summary>The incident as the given user may see it, with the actions open to their role now; null if unknown.</summary>
    Task<IncidentView?> GetIncidentAsync(string incidentId, StaffUser user, CancellationToken cancellation);

    /// <summary>Open (or all) incidents, newest first or by next deadline, optionally of one stage or of some statuses, a page at a time.</summary>
    Task<IncidentListPage> ListIncidentsAsync(IncidentListQuery query, CancellationToken cancellation);

    /// <summary>
    /// Performs one of the incident's available actions. Not available now (or not for this role):
    /// <see cref="ActionNotAvailableException"/> (409). Bad fields: <see cref="ActionValidationException"/> (400).
    /// </summary>
    Task<ActionOutcome> PerformActionAsync(string incidentId, string actionName, JsonElement fields, StaffUser user, CancellationToken cancellation);

    /// <summary>
    /// The <c>resubmit-referral</c> action: the corrected referral (a whole form, so not a field list)
    /// after quality assurance returned it. Invalid: <see cref="ReferralValidationException"/>; not
    /// awaited now: <see cref="ActionNotAvailableException"/>.
    /// </summary>
    Task<ActionOutcome> ResubmitReferralAsync(string incidentId, Referral referral, StaffUser user, CancellationToken cancellation);
}

/// <summary>
/// The signed-in person. Roles: business-unit, chair, scrutineer, read-only. <paramref name="Email"/> and
/// <paramref name="ObjectId"/> (the Entra ID account's object id) say who they are where the sign-in gives them.
/// </summary>
public sealed record StaffUser(string Name, string Role, string? Email = null, string? ObjectId = null)
{
    public static readonly IReadOnlyList<string> Roles = [StaffRoles.BusinessUnit, StaffRoles.Chair, StaffRoles.Scrutineer, StaffRoles.ReadOnly];
}

public static class StaffRoles
{
    public const string BusinessUnit = "business-unit";
    public const string Chair = "chair";
    public const string Scrutineer = "scrutineer";
    public const string ReadOnly = "read-only";
}

public sealed record ReferralAccepted(string IncidentId, bool Duplicate);

/// <summary>
/// Which incidents to list and in what order: open ones unless <see cref="IncludeClosed"/> (or
/// <see cref="Stage"/> names Closed), of one stage, of some statuses (<see cref="Rag"/>, open
/// incidents only), newest first unless <see cref="Sort"/> says otherwise.
/// </summary>
public sealed record IncidentListQuery(IncidentStage? Stage = null, bool IncludeClosed = false, int PageSize = 50, string? ContinuationToken = null)
{
    public IncidentSort Sort { get; init; } = IncidentSort.Received;

    /// <summary>Newest or latest due first; incidents with no open deadline come last either way.</summary>
    public bool Descending { get; init; } = true;

    /// <summary>Only incidents with one of these statuses (closed incidents have none); null or empty: any.</summary>
    public IReadOnlySet<RagStatus>? Rag { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<IncidentSort>))]
public enum IncidentSort { Received, NextDeadline }

/// <summary>One page of incidents; <see cref="Total"/> counts every incident the query matches.</summary>
public sealed record IncidentListPage(IReadOnlyList<IncidentSummary> Incidents, string? ContinuationToken)
{
    public int Total { get; init; }
}

/// <summary>A line of the dashboard: no child-identifying data beyond an initials-style label.</summary>
public sealed record IncidentSummary(
    string IncidentId, string Reference, IncidentStage Stage, bool Paused,
    DateOnly ReceivedOn, DeadlineView? NextDeadline, RagStatus Rag, DateTimeOffset LastUpdatedAt);

[JsonConverter(typeof(JsonStringEnumConverter<DeadlineState>))]
/// <summary>
/// Where a deadline stands: open (<see cref="Due"/>, <see cref="Overdue"/>) or resolved
/// (<see cref="Met"/>, <see cref="MetLate"/>, <see cref="Waived"/> when the business unit waived
/// what it waited for, <see cref="Missed"/> when its stage ended without it). Only open deadlines
/// make an incident red or amber.
/// </summary>
public enum DeadlineState { Met, Due, Overdue, MetLate, Waived, Missed }

/// <summary>A statutory due date with its basis and where it stands.</summary>
public sealed record DeadlineView(string Kind, string Label, DateOnly Due, string Basis, DeadlineState State, DateOnly? MetOn);

/// <summary>An agency's scoping return as listed on the incident; <paramref name="Returns"/> counts the submissions staff can read.</summary>
public sealed record ScopingAgencyView(string Agency, string AgencyType, string Status, DateOnly? RequestedOn, DateOnly? DueOn, DateOnly? ReturnedOn, int Chases, string? Gaps,
    string? Key = null, int Returns = 0);

/// <summary>A line of the timeline; <paramref name="Kind"/> says what sort of entry it is (decision, reminder, refused, ...).</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Who, string What, string? Why, string? Kind = null);

/// <summary>A field of an action form: type is one of text, textarea, date, datetime, email, select, boolean, number, hidden.</summary>
public sealed record ActionField(string Name, string Label, string Type, bool Required, IReadOnlyList<string>? AllowedValues = null, string? Hint = null)
{
    /// <summary>What a hidden field sends back as it was when the form was shown (the report version the approver reads).</summary>
    public string? Value { get; init; }

    /// <summary>The longest value a text field takes, where it is shorter than the general limit.</summary>
    public int? MaxLength { get; init; }
}

/// <summary>An action the process accepts now from the user's role.</summary>
public sealed record AvailableAction(string Name, string Label, IReadOnlyList<ActionField> Fields);

public sealed record IncidentView(
    string IncidentId,
    string Reference,
    IncidentStage Stage,
    bool Paused,
    string? PauseReason,
    DateOnly ReceivedOn,
    Referral? Referral,
    IReadOnlyList<DeadlineView> Deadlines,
    IReadOnlyList<ScopingAgencyView> Scoping,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<AvailableAction> AvailableActions,
    string? AwaitingSummary,
    DateTimeOffset LastUpdatedAt,
    MeetingView? Meeting = null,
    IReadOnlyList<RecommendationView>? Recommendations = null,
    IReadOnlyList<DecisionView>? Decisions = null,
    RapidReviewDecisionView? RapidReviewDecision = null,
    IReadOnlyList<ReportVersionView>? Reports = null,
    IReadOnlyList<string>? ReportKindsAllowed = null,
    int ScopingPacks = 0,
    IReadOnlyList<SubmissionTaskView>? Submissions = null,
    IReadOnlyList<WaitingAction>? WaitingActions = null);

/// <summary>An action the user's role takes that the process does not offer yet, with the reason (the decision waits for the notification).</summary>
public sealed record WaitingAction(string Name, string Label, string Reason);

/// <summary>The Rapid Review meeting as scheduled, with replies and whether quorum is at risk.</summary>
public sealed record MeetingView(
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Location, string Status, int Sequence,
    IReadOnlyList<MeetingInviteeView> Invitees, IReadOnlyList<string> QuorumMissing, DateOnly? HeldOn);

public sealed record MeetingInviteeView(string Name, string? AgencyType, bool Deputy, string Response);

/// <summary>An action plan recommendation with its owner and progress.</summary>
public sealed record RecommendationView(string Id, string Text, string Owner, DateOnly DueOn, DateOnly? CompletedOn, string? LastProgress, DateOnly? LastProgressOn, string? ClosedReason = null);

public sealed record ActionOutcome(string IncidentId, string Action, string Message);

public sealed class ReferralValidationException(IReadOnlyList<FieldError> errors)
    : Exception("The referral has " + errors.Count + " invalid field(s).")
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

/// <summary>
/// The action cannot be done as submitted: fields that are missing or malformed (400), or, when
/// <see cref="Refusal"/> is set, well-formed fields the process refuses (a date outside its
/// deadline, a step out of order: 422), with the reason.
/// </summary>
public sealed class ActionValidationException(IReadOnlyList<FieldError> errors, string? refusal = null)
    : Exception(refusal ?? "The action has " + errors.Count + " invalid field(s).")
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;

    public string? Refusal { get; } = refusal;
}

/// <summary>The action is not offered now (409); <see cref="Reason"/> says why when the process's order is the reason.</summary>
public sealed class ActionNotAvailableException(string incidentId, string action, string? reason = null)
    : Exception(reason ?? $"The action '{action}' is not available on incident {incidentId} now.")
{
    public string? Reason { get; } = reason;
}

/// <summary>
/// What the action acts on changed after the form was shown (409): a newer version of the report
/// to approve was uploaded. Nothing is recorded; <see cref="Reason"/> says what to do, <see cref="Errors"/> where.
/// </summary>
public sealed class ActionConflictException(string reason, IReadOnlyList<FieldError> errors) : Exception(reason)
{
    public string Reason { get; } = reason;

    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

public sealed class IncidentNotFoundException(string incidentId) : Exception($"No incident '{incidentId}' exists.");
