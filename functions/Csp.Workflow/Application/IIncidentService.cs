using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

/// <summary>
/// What the HTTP handlers and pages (local host and Azure Functions alike) ask of the workflow.
/// Implemented over the durable engine's client and the incident read model.
/// </summary>
public interface IIncidentService
{
    /// <summary>
    /// Validates and accepts a referral, starting the incident's orchestration. The same
    /// <paramref name="idempotencyKey"/> returns the first result. Invalid input is a
    /// <see cref="ReferralValidationException"/> listing every field error.
    /// </summary>
    Task<ReferralAccepted> SubmitReferralAsync(Referral referral, StaffUser submittedBy, string? idempotencyKey, CancellationToken cancellation);

    /// <summary>The incident as the given user may see it, with the actions open to their role now; null if unknown.</summary>
    Task<IncidentView?> GetIncidentAsync(string incidentId, StaffUser user, CancellationToken cancellation);

    /// <summary>Open (or all) incidents, newest first or by next deadline, optionally of one stage or of some statuses, a page at a time.</summary>
    Task<IncidentListPage> ListIncidentsAsync(IncidentListQuery query, CancellationToken cancellation);

    /// <summary>
    /// Performs one of the incident's available actions. Not available now (or not for this role):
    /// <see cref="ActionNotAvailableException"/> (409). Bad fields: <see cref="ActionValidationException"/> (400).
    /// </summary>
    Task<ActionOutcome> PerformActionAsync(string incidentId, string actionName, JsonElement fields, StaffUser user, CancellationToken cancellation);

    /// <summary>
    /// The <c>resubmit-referral</c> action: the corrected referral (a whole form, so not a field list)
    /// after quality assurance returned it. Invalid: <see cref="ReferralValidationException"/>; not
    /// awaited now: <see cref="ActionNotAvailableException"/>.
    /// </summary>
    Task<ActionOutcome> ResubmitReferralAsync(string incidentId, Referral referral, StaffUser user, CancellationToken cancellation);
}
