using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

/// <summary>
/// The action cannot be done as submitted: fields that are missing or malformed (400), or, when
/// <see cref="Refusal"/> is set, well-formed fields the process refuses (a date outside its
/// deadline, a step out of order: 422), with the reason.
/// </summary>
public sealed class ActionValidationException(IReadOnlyList<FieldError> errors, string? refusal = null)
    : Exception(refusal ?? "The action has " + errors.Count + " invalid field(s).")
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;

    public string? Refusal { get; } = refusal;
}
