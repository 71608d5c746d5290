using System.Text.Json.Serialization;

namespace Csp.Workflow.AnnualReports;

/// <summary>
/// One recommendation of an incident's action plan and where it stands.
/// <paramref name="AgeDays"/>: for an open action, calendar days since the plan was agreed.
/// </summary>
public sealed record ActionLine(
    string Reference,
    string RecommendationId,
    string Recommendation,
    string Owner,
    DateOnly? PlanAgreedOn,
    DateOnly DueOn,
    ActionStatus Status,
    DateOnly? CompletedOn,
    string? ClosedReason,
    DateOnly? LastProgressOn,
    int? AgeDays,
    DateOnly? PlanSignedOffOn);

[JsonConverter(typeof(JsonStringEnumConverter<ActionStatus>))]
public enum ActionStatus
{
    /// <summary>The plan it belongs to is not agreed yet.</summary>
    Draft,
    Open,
    Overdue,
    Completed,

    /// <summary>Closed without being completed, with a reason.</summary>
    Closed,
}
