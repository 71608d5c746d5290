using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

/// <summary>An action the process accepts now from the user's role.</summary>
public sealed record AvailableAction(string Name, string Label, IReadOnlyList<ActionField> Fields)
{
    /// <summary>What the person acting should know first (the meeting behind a decision was not quorate, say); null when nothing.</summary>
    public string? Warning { get; init; }
}
