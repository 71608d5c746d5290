using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

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
