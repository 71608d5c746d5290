using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

/// <summary>An action plan recommendation with its owner and progress.</summary>
public sealed record RecommendationView(string Id, string Text, string Owner, DateOnly DueOn, DateOnly? CompletedOn, string? LastProgress, DateOnly? LastProgressOn, string? ClosedReason = null);
