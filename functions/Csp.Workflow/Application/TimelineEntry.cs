using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

/// <summary>A line of the timeline; <paramref name="Kind"/> says what sort of entry it is (decision, reminder, refused, ...).</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Who, string What, string? Why, string? Kind = null);
