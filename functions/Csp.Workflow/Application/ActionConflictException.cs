using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

/// <summary>
/// What the action acts on changed after the form was shown (409): a newer version of the report
/// to approve was uploaded. Nothing is recorded; <see cref="Reason"/> says what to do, <see cref="Errors"/> where.
/// </summary>
public sealed class ActionConflictException(string reason, IReadOnlyList<FieldError> errors) : Exception(reason)
{
    public string Reason { get; } = reason;

    public IReadOnlyList<FieldError> Errors { get; } = errors;
}
