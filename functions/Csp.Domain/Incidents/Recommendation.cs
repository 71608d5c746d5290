namespace Csp.Domain.Incidents;

/// <summary>One recommendation of the action plan, with its owner, due date and progress.</summary>
public sealed record Recommendation
{
    public required string Id { get; init; }
    public required string Text { get; init; }
    public required string OwnerName { get; init; }
    public required string OwnerEmail { get; init; }
    public DateOnly DueOn { get; init; }
    public DateOnly? CompletedOn { get; init; }

    /// <summary>Why it was closed without being completed (it then counts as settled from <see cref="CompletedOn"/>).</summary>
    public string? ClosedReason { get; init; }
    public string? LastProgress { get; init; }
    public DateOnly? LastProgressOn { get; init; }
    public int Escalations { get; init; }
}
