using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

/// <summary>One page of incidents; <see cref="Total"/> counts every incident the query matches.</summary>
public sealed record IncidentListPage(IReadOnlyList<IncidentSummary> Incidents, string? ContinuationToken)
{
    public int Total { get; init; }
}
