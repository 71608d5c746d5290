using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

public sealed class ReferralValidationException(IReadOnlyList<FieldError> errors)
    : Exception("The referral has " + errors.Count + " invalid field(s).")
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}
