using Csp.Domain.Referrals;

namespace Csp.Workflow.Model;

/// <summary>
/// A human step an orchestration is waiting for now: which actions it accepts, which instance to
/// raise them on, and (for per-agency, per-attendee or per-recommendation steps) whose it is.
/// The orchestration publishes it before it waits and removes it when the step closes, so the
/// actions offered to people are the ones the process really accepts.
/// </summary>
public sealed record AwaitedStep(
    string IncidentId,
    string StepId,
    string InstanceId,
    string EventName,
    IReadOnlyList<string> Actions,
    string Title,
    string? Subject = null,
    string? SubjectLabel = null,
    DateOnly? DueOn = null);

/// <summary>
/// The payload of every human-step event: who submitted which action for which step, and the
/// validated field values (dates ISO 8601, booleans true/false). Large content travels as
/// document references, never inline.
/// </summary>
public sealed record StepSubmission(
    string StepId,
    string Action,
    string By,
    string ByRole,
    DateTimeOffset SubmittedAt,
    IReadOnlyDictionary<string, string> Fields,
    Referral? Referral = null,
    IReadOnlyList<string>? Documents = null,
    string? Subject = null,
    string? SubmissionId = null)
{
    public string? Text(string name) => Fields.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    public string Required(string name) => Text(name) ?? throw new Csp.Domain.DomainException($"'{name}' is required.", [new(name, "Enter a value")]);

    public DateOnly Date(string name) => DateOnly.ParseExact(Required(name), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public DateOnly? OptionalDate(string name) => Text(name) is { } v ? DateOnly.ParseExact(v, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;

    public DateTimeOffset DateTime(string name) => DateTimeOffset.Parse(Required(name), System.Globalization.CultureInfo.InvariantCulture);

    public bool Flag(string name) => string.Equals(Text(name), "true", StringComparison.OrdinalIgnoreCase);

    public int Number(string name) => int.Parse(Required(name), System.Globalization.CultureInfo.InvariantCulture);

    public T Enum<T>(string name) where T : struct, System.Enum => System.Enum.Parse<T>(Required(name), ignoreCase: true);
}

/// <summary>One line of an incident's audit trail: who did what, when, and why.</summary>
/// <remarks><paramref name="Subject"/> names the agency, attendee or recommendation an entry is about;
/// <paramref name="Kind"/> is one of <see cref="AuditKinds"/>. An entry that decides a submission
/// (<see cref="StepSubmission.SubmissionId"/>) is its outcome, the one answer the link or API gives:
/// <paramref name="Kind"/> <see cref="AuditKinds.Refused"/> with the domain's field
/// <paramref name="Errors"/>, or accepted, with a <paramref name="Warning"/> the process gives with it.</remarks>
public sealed record AuditEntry(string Id, DateTimeOffset At, string Who, string What, string? Why = null, string? Subject = null, string? Kind = null,
    string? SubmissionId = null, IReadOnlyList<Csp.Domain.FieldError>? Errors = null, string? Warning = null)
{
    /// <summary>The id of the entry deciding a submission: one per submission, so a repeated event or activity records it once.</summary>
    public static string OutcomeId(string submissionId) => "outcome-" + submissionId;
}

public static class AuditKinds
{
    public const string Decision = "decision";
    public const string Notification = "notification";
    public const string Reminder = "reminder";
    public const string Escalation = "escalation";
    public const string Step = "step";
    public const string Refused = "refused";
    public const string Stage = "stage";

    /// <summary>A report version uploaded; the entry's subject is the document's path.</summary>
    public const string Report = "report";
}

/// <summary>What an orchestration shows in its custom status: its stage, the next deadline and what it waits for.</summary>
public sealed record WorkflowStatus(string Stage, string? NextDeadline, DateOnly? NextDue, IReadOnlyList<string> Awaiting);
