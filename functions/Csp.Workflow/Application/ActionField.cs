using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

/// <summary>A field of an action form: type is one of text, textarea, date, datetime, email, select, boolean, number, hidden.</summary>
public sealed record ActionField(string Name, string Label, string Type, bool Required, IReadOnlyList<string>? AllowedValues = null, string? Hint = null)
{
    /// <summary>What a hidden field sends back as it was when the form was shown (the report version the approver reads).</summary>
    public string? Value { get; init; }

    /// <summary>The longest value a text field takes, where it is shorter than the general limit.</summary>
    public int? MaxLength { get; init; }
}
