using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

/// <summary>A line of the dashboard: no child-identifying data beyond an initials-style label.</summary>
public sealed record IncidentSummary(
    string IncidentId, string Reference, IncidentStage Stage, bool Paused,
    DateOnly ReceivedOn, DeadlineView? NextDeadline, RagStatus Rag, DateTimeOffset LastUpdatedAt)
{
    /// <summary>What puts the incident at risk besides its dates; null when nothing.</summary>
    public string? AtRisk { get; init; }
}
