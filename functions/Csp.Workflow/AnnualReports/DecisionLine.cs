namespace Csp.Workflow.AnnualReports;

/// <summary>A decision on the incident's record: who, when (UK local time) and why.</summary>
public sealed record DecisionLine(string Reference, DateTime RecordedAt, string Who, string Decision, string? Rationale);
