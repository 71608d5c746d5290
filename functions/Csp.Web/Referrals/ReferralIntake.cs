using System.Text.Json.Nodes;
using Csp.Domain;
using Csp.Domain.Calendar;
using Csp.Domain.Referrals;
using Csp.Workflow.Application;

namespace Csp.Web.Referrals;

/// <summary>The outcome of a submission: accepted, or every field error.</summary>
public sealed record ReferralIntakeResult(ReferralAccepted? Accepted, IReadOnlyList<FieldError> Errors);

/// <summary>The outcome of resubmitting a returned referral.</summary>
public sealed record ReferralResubmission(ActionOutcome? Outcome, IReadOnlyList<FieldError> Errors, bool NotAvailable, bool NotFound);

/// <summary>
/// The one path a referral takes into the workflow, from the API and from the form alike: bind the
/// JSON leniently (every wrongly typed value reported), and either report every error with the
/// domain's validator or hand the referral to the incident service (which validates again).
/// </summary>
public sealed class ReferralIntake(IIncidentService incidents, TimeProvider time)
{
    public async Task<ReferralIntakeResult> SubmitAsync(
        JsonObject body, IReadOnlyList<FieldError> formErrors, StaffUser submittedBy, string? idempotencyKey,
        CancellationToken cancellation)
    {
        var bindErrors = new List<FieldError>(formErrors);
        var referral = LenientJsonBinder.Bind<Referral>(body, bindErrors);
        if (bindErrors.Count > 0)
            return new(null, Merge(bindErrors, ReferralValidator.Validate(referral, UkTime.Today(time))));
        try
        {
            var accepted = await incidents.SubmitReferralAsync(referral, submittedBy, idempotencyKey, cancellation);
            return new(accepted, []);
        }
        catch (ReferralValidationException ex)
        {
            return new(null, ex.Errors);
        }
    }

    /// <summary>The corrected referral after quality assurance returned it (the <c>resubmit-referral</c> action).</summary>
    public async Task<ReferralResubmission> ResubmitAsync(
        string incidentId, JsonObject body, IReadOnlyList<FieldError> formErrors, StaffUser user, CancellationToken cancellation)
    {
        var bindErrors = new List<FieldError>(formErrors);
        var referral = LenientJsonBinder.Bind<Referral>(body, bindErrors);
        if (bindErrors.Count > 0)
            return new(null, Merge(bindErrors, ReferralValidator.Validate(referral, UkTime.Today(time))), false, false);
        try
        {
            return new(await incidents.ResubmitReferralAsync(incidentId, referral, user, cancellation), [], false, false);
        }
        catch (ReferralValidationException ex)
        {
            return new(null, ex.Errors, false, false);
        }
        catch (ActionNotAvailableException)
        {
            return new(null, [], true, false);
        }
        catch (IncidentNotFoundException)
        {
            return new(null, [], false, true);
        }
    }

    /// <summary>
    /// The validator's errors in its (form) order, with a field that could not be read reported as
    /// such instead of as missing; errors of fields the validator does not know come last.
    /// </summary>
    public static IReadOnlyList<FieldError> Merge(IReadOnlyList<FieldError> unreadable, IReadOnlyList<FieldError> validation)
    {
        static bool Covers(string outer, string inner) =>
            inner == outer || inner.StartsWith(outer + ".", StringComparison.Ordinal) || inner.StartsWith(outer + "[", StringComparison.Ordinal);

        var merged = new List<FieldError>();
        var placed = new HashSet<FieldError>();
        foreach (var error in validation)
        {
            var replacement = unreadable.FirstOrDefault(u => Covers(u.Field, error.Field));
            if (replacement is null)
            {
                merged.Add(error);
            }
            else if (placed.Add(replacement))
            {
                merged.Add(replacement);
            }
        }
        merged.AddRange(unreadable.Where(u => !placed.Contains(u)));
        return merged;
    }
}
