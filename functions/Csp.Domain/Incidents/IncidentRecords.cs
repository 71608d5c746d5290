using System.Text.Json.Serialization;
using Csp.Domain.Referrals;

namespace Csp.Domain.Incidents;

/// <summary>
/// The Rapid Review decision with who made it, when, and why. The rationale is required: it goes
/// to the National Panel and is communicated to the family.
/// </summary>
public sealed record RapidReviewDecision
{
    [JsonConstructor]
    public RapidReviewDecision(RapidReviewOutcome outcome, string decidedBy, DateOnly decidedOn, string rationale)
    {
        if (!Enum.IsDefined(outcome)) throw new DomainException($"'{outcome}' is not a Rapid Review outcome.");
        Outcome = outcome;
        DecidedBy = Required(decidedBy, "Record who made the Rapid Review decision.");
        DecidedOn = decidedOn;
        Rationale = Required(rationale, "Record the rationale for the Rapid Review decision: it goes to the National Panel and is communicated to the family.");
    }

    public RapidReviewOutcome Outcome { get; }
    public string DecidedBy { get; }
    public DateOnly DecidedOn { get; }
    public string Rationale { get; }

    internal static string Required(string? value, string message) =>
        string.IsNullOrWhiteSpace(value) ? throw new DomainException(message) : value.Trim();

    internal static string Required(string? value, string message, string field, string fieldMessage) =>
        string.IsNullOrWhiteSpace(value) ? throw new DomainException(message, [new FieldError(field, fieldMessage)]) : value.Trim();
}

/// <summary>The chair's decision on a quality-assured referral, with who, when and why.</summary>
public sealed record ReferralTriageDecision
{
    [JsonConstructor]
    public ReferralTriageDecision(ReferralTriageOutcome outcome, string decidedBy, DateOnly decidedOn, string rationale)
    {
        if (!Enum.IsDefined(outcome)) throw new DomainException($"'{outcome}' is not a referral triage outcome.");
        Outcome = outcome;
        DecidedBy = RapidReviewDecision.Required(decidedBy, "Record who decided whether the referral goes to a Rapid Review.");
        DecidedOn = decidedOn;
        Rationale = RapidReviewDecision.Required(rationale, "Record the rationale for the referral decision: the referrer and subgroup chair are told it.");
    }

    public ReferralTriageOutcome Outcome { get; }
    public string DecidedBy { get; }
    public DateOnly DecidedOn { get; }
    public string Rationale { get; }
}

/// <summary>An approver's request for changes: who, when, what to change, and the version of the report they read.</summary>
public sealed record ChangesRequested(string By, DateOnly On, string Comments, int? VersionRead);

/// <summary>An approver of a review step asked for changes instead of approving: which step, who, when and what to change.</summary>
public sealed record ApprovalChangesRequested(string Step, string By, DateOnly On, string Comments);

/// <summary>Something a named person did on a date (an approval, a sign-off, a notice sent).</summary>
public sealed record RecordedStep(string By, DateOnly On);

/// <summary>A notification sent, with its recipients and any reference the recipient gave.</summary>
public sealed record NotificationRecord(DateOnly SentOn, string SentBy, IReadOnlyList<string> Recipients, string? Reference);

/// <summary>A referral sent back to the referrer for missing or wrong information.</summary>
public sealed record ReferralReturn(DateOnly ReturnedOn, string ReturnedBy, IReadOnlyList<FieldError> Issues, string? Message);

/// <summary>The state of one involved agency's scoping return.</summary>
public sealed record ScopingReturn(string Agency, ScopingReturnStatus Status, DateOnly RequestedOn, DateOnly? ReturnedOn, DateOnly? AcceptedOn, string? Notes);

public sealed record NationalPanelResponse(NationalPanelResponseOutcome Outcome, DateOnly ReceivedOn, string? Notes);

/// <summary>A pause for parallel proceedings; <see cref="Until"/> is null while it lasts.</summary>
public sealed record ParallelProceedingsPause(ParallelProceedingType Proceedings, string Reason, DateOnly From, DateOnly? Until);

public sealed record Publication(DateOnly PublishedOn, string PublishedBy, PublicationForm Form);

/// <summary>One move between stages, for the audit trail.</summary>
public sealed record StageChange(IncidentStage From, IncidentStage To, DateOnly On, string By, string Reason);
