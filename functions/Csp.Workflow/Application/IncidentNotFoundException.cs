using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

public sealed class IncidentNotFoundException(string incidentId) : Exception($"No incident '{incidentId}' exists.");
