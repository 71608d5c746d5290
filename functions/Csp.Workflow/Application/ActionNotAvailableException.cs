using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

/// <summary>The action is not offered now (409); <see cref="Reason"/> says why when the process's order is the reason.</summary>
public sealed class ActionNotAvailableException(string incidentId, string action, string? reason = null)
    : Exception(reason ?? $"The action '{action}' is not available on incident {incidentId} now.")
{
    public string? Reason { get; } = reason;
}
