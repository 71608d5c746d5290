using Csp.Domain.Referrals;

namespace Csp.Domain.Criteria;

/// <summary>
/// Whether the Secretary of State and Ofsted must be told: the death of a looked-after child,
/// whether or not abuse or neglect is suspected, and (new in Working Together 2023) the death of a
/// care leaver up to and including age 24.
/// </summary>
public static class SecretaryOfStateNotificationCriteria
{
    public const int OldestCareLeaverAge = 24;

    public static CriteriaTestResult Evaluate(ReferralChild child, ReferralIncident incident)
    {
        if (incident.Outcome is not { } outcome)
            throw new DomainException("Cannot decide on a Secretary of State and Ofsted notification: whether the child died is not recorded.");
        if (outcome != IncidentOutcome.Death)
            return new(false, "No Secretary of State and Ofsted notification: the child did not die.");
        if (child.LookedAfter is null)
            throw new DomainException("Cannot decide on a Secretary of State and Ofsted notification: whether the child was looked after is not recorded.");
        if (child.LookedAfter == true)
            return new(true, "Notify the Secretary of State and Ofsted: death of a looked-after child (whether or not abuse or neglect is suspected).");
        if (child.CareLeaver is null)
            throw new DomainException("Cannot decide on a Secretary of State and Ofsted notification: whether the young person was a care leaver is not recorded.");
        if (child.CareLeaver == false)
            return new(false, "No Secretary of State and Ofsted notification: the child was neither looked after nor a care leaver.");

        var dateOfBirth = child.DateOfBirth
            ?? throw new DomainException("Cannot decide on a Secretary of State and Ofsted notification for a care leaver: the date of birth is not recorded.");
        var dateOfDeath = incident.DateOfIncident
            ?? throw new DomainException("Cannot decide on a Secretary of State and Ofsted notification for a care leaver: the date of death is not recorded.");
        var age = AgeInYears(dateOfBirth, dateOfDeath);
        return age <= OldestCareLeaverAge
            ? new(true, $"Notify the Secretary of State and Ofsted: death of a care leaver aged {age} (up to and including {OldestCareLeaverAge}).")
            : new(false, $"No Secretary of State and Ofsted notification: the care leaver was {age}, older than {OldestCareLeaverAge}.");
    }

    /// <summary>
    /// Completed years of age on <paramref name="on"/>. Someone born on 29 February has their
    /// birthday on 1 March in other years (the usual reading in England and Wales).
    /// </summary>
    public static int AgeInYears(DateOnly dateOfBirth, DateOnly on)
    {
        if (on < dateOfBirth) throw new DomainException("The date is before the date of birth.");
        var age = on.Year - dateOfBirth.Year;
        var birthdayThisYear = dateOfBirth.Month == 2 && dateOfBirth.Day == 29 && !DateTime.IsLeapYear(on.Year)
            ? new DateOnly(on.Year, 3, 1)
            : new DateOnly(on.Year, dateOfBirth.Month, dateOfBirth.Day);
        return on < birthdayThisYear ? age - 1 : age;
    }
}
