using Csp.Domain.Referrals;

namespace Csp.Domain.Criteria;

/// <summary>The outcome of a statutory test, with the reason in plain English for the record.</summary>
public sealed record CriteriaTestResult(bool Met, string Reason);

/// <summary>
/// Children Act 2004 s16C(1): the local authority must notify the National Panel when abuse or
/// neglect is known or suspected and the child dies or is seriously harmed in its area, or dies or
/// is seriously harmed outside England while normally resident in its area.
/// </summary>
public static class NotifiableIncidentCriteria
{
    public static bool IsNotifiable(AbuseOrNeglect abuseOrNeglect, IncidentOutcome outcome, IncidentLocation location) =>
        abuseOrNeglect is AbuseOrNeglect.Known or AbuseOrNeglect.Suspected
        && outcome is IncidentOutcome.Death or IncidentOutcome.SeriousHarm
        && location is IncidentLocation.InArea or IncidentLocation.OutsideEnglandWhileNormallyResident;

    /// <summary>Applies the test to a referral's incident; throws <see cref="DomainException"/> if an answer is missing.</summary>
    public static CriteriaTestResult Evaluate(ReferralIncident incident)
    {
        var abuse = incident.AbuseOrNeglect
            ?? throw new DomainException("Cannot apply the notifiable incident test: whether abuse or neglect is known or suspected is not recorded.");
        var outcome = incident.Outcome
            ?? throw new DomainException("Cannot apply the notifiable incident test: whether the child died or was seriously harmed is not recorded.");
        var location = incident.Location
            ?? throw new DomainException("Cannot apply the notifiable incident test: where the incident happened is not recorded.");

        var harm = outcome == IncidentOutcome.Death ? "the child died" : "the child was seriously harmed";
        if (abuse == AbuseOrNeglect.No)
            return new(false, $"Not notifiable: {harm} but abuse or neglect is neither known nor suspected.");
        if (location == IncidentLocation.Elsewhere)
            return new(false, $"Not notifiable by this local authority: {harm} elsewhere in England, so the area where it happened notifies.");
        var abuseText = abuse == AbuseOrNeglect.Known ? "abuse or neglect is known" : "abuse or neglect is suspected";
        var where = location == IncidentLocation.InArea
            ? "in the local authority's area"
            : "outside England while normally resident in the area";
        return new(true, $"Notifiable incident (Children Act 2004 s16C): {abuseText} and {harm} {where}.");
    }
}
