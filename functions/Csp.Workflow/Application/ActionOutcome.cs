using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

/// <summary>What the process made of an action. <paramref name="Pending"/>: sent, but the process had not recorded its decision in time.</summary>
public sealed record ActionOutcome(string IncidentId, string Action, string Message, bool Pending = false);
