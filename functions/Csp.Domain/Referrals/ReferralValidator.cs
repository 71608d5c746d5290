using System.Globalization;
using System.Text.RegularExpressions;

namespace Csp.Domain.Referrals;

/// <summary>
/// Quality assurance of a referral's content: every problem at once, so the referrer can fix the
/// form in one pass. Field names match the camelCase JSON property names, with list indexes
/// (<c>involvedAgencies[1].contactEmail</c>). Messages follow the GOV.UK error message style.
/// </summary>
public static partial class ReferralValidator
{
    public const int MaxNameLength = 200;
    public const int MaxShortTextLength = 200;
    public const int MaxEmailLength = EmailAddresses.MaxLength;
    public const int MaxPhoneLength = 30;
    public const int MaxNarrativeLength = 20_000;
    public const int MaxNotesLength = 5_000;
    public const int MaxInvolvedAgencies = 100;

    /// <summary>
    /// The oldest a referral's subject can be on the day of the incident: a child, or a care leaver
    /// up to and including age 24 (Working Together 2023).
    /// </summary>
    public const int MaxAgeInYears = 24;

    /// <param name="today">The date of the check (UK local date), for "not in the future" rules.</param>
    public static IReadOnlyList<FieldError> Validate(Referral referral, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(referral);
        var errors = new List<FieldError>();
        var incidentDate = referral.Incident?.DateOfIncident;

        ValidateChild(referral.Child, incidentDate, today, errors);
        ValidateIncident(referral.Incident, today, errors);
        ValidateAgencies(referral.InvolvedAgencies, errors);
        ValidateReferrer(referral.Referrer, errors);
        ValidateSignOff(referral.SignOff, incidentDate, today, errors);

        RequiredText(referral.ReferrerRationale, "referrerRationale", "the reason you think this case needs a review", MaxNarrativeLength, errors, multiline: true);

        var criteria = referral.CriteriaReferrerThinksApply ?? [];
        for (var i = 0; i < criteria.Count; i++)
        {
            if (!Enum.IsDefined(criteria[i]))
                errors.Add(new($"criteriaReferrerThinksApply[{i}]", "Select a criterion from the list"));
        }
        if (criteria.Distinct().Count() != criteria.Count)
            errors.Add(new("criteriaReferrerThinksApply", "Select each criterion only once"));

        var proceedings = referral.ParallelProceedings ?? [];
        for (var i = 0; i < proceedings.Count; i++)
        {
            var path = $"parallelProceedings[{i}]";
            var proceeding = proceedings[i];
            if (proceeding is null)
            {
                errors.Add(new(path, "Enter the details of the proceedings or remove them"));
                continue;
            }
            RequiredEnum(proceeding.Type, $"{path}.type", "the type of proceedings", errors);
            if (proceeding.Type == ParallelProceedingType.Other && string.IsNullOrWhiteSpace(proceeding.Notes))
                errors.Add(new($"{path}.notes", "Enter what the other proceedings are"));
            OptionalText(proceeding.Notes, $"{path}.notes", "Notes", MaxNotesLength, errors, multiline: true);
        }

        return errors;
    }

    private static void ValidateChild(ReferralChild? child, DateOnly? incidentDate, DateOnly today, List<FieldError> errors)
    {
        if (child is null)
        {
            errors.Add(new("child", "Enter the child's details"));
            return;
        }
        RequiredText(child.FirstName, "child.firstName", "the child's first name", MaxNameLength, errors);
        RequiredText(child.LastName, "child.lastName", "the child's last name", MaxNameLength, errors);
        if (child.DateOfBirth is not { } dateOfBirth)
            errors.Add(new("child.dateOfBirth", "Enter the child's date of birth"));
        else if (dateOfBirth > today)
            errors.Add(new("child.dateOfBirth", "The child's date of birth must be today or in the past"));
        else if (incidentDate is { } incident && dateOfBirth > incident)
            errors.Add(new("child.dateOfBirth", "The child's date of birth must be on or before the date of the incident"));
        else if ((incidentDate ?? today).AddYears(-(MaxAgeInYears + 1)) >= dateOfBirth)
            errors.Add(new("child.dateOfBirth", $"The child's date of birth must make them {MaxAgeInYears} or younger on the date of the incident"));
        RequiredEnum(child.Gender, "child.gender", "the child's gender", errors);
        RequiredText(child.Ethnicity, "child.ethnicity", "the child's ethnicity (or 'Not known')", MaxShortTextLength, errors);
        RequiredText(child.HomeLocalAuthority, "child.homeLocalAuthority", "the child's home local authority", MaxShortTextLength, errors);
        if (child.LookedAfter is null)
            errors.Add(new("child.lookedAfter", "Select whether the child was looked after"));
        if (child.CareLeaver is null)
            errors.Add(new("child.careLeaver", "Select whether the young person was a care leaver"));
        else if (child.CareLeaver == true && child.LookedAfter == true)
            errors.Add(new("child.careLeaver", "A young person cannot be both looked after and a care leaver: select one"));
    }

    private static void ValidateIncident(ReferralIncident? incident, DateOnly today, List<FieldError> errors)
    {
        if (incident is null)
        {
            errors.Add(new("incident", "Enter the details of the incident"));
            return;
        }
        if (incident.DateOfIncident is not { } dateOfIncident)
            errors.Add(new("incident.dateOfIncident", "Enter the date of the incident"));
        else if (dateOfIncident > today)
            errors.Add(new("incident.dateOfIncident", "The date of the incident must be today or in the past"));

        if (incident.DateLocalAuthorityAware is not { } aware)
            errors.Add(new("incident.dateLocalAuthorityAware", "Enter the date the local authority became aware of the incident"));
        else if (aware > today)
            errors.Add(new("incident.dateLocalAuthorityAware", "The date the local authority became aware must be today or in the past"));
        else if (incident.DateOfIncident is { } happened && aware < happened)
            errors.Add(new("incident.dateLocalAuthorityAware", "The date the local authority became aware must be on or after the date of the incident"));

        RequiredText(incident.WhatHappened, "incident.whatHappened", "what happened", MaxNarrativeLength, errors, multiline: true);
        RequiredEnum(incident.Outcome, "incident.outcome", "whether the child died or was seriously harmed", errors);
        RequiredEnum(incident.AbuseOrNeglect, "incident.abuseOrNeglect", "whether abuse or neglect is known or suspected", errors);
        RequiredEnum(incident.Location, "incident.location", "where the incident happened", errors);
    }

    private static void ValidateAgencies(IReadOnlyList<InvolvedAgency>? agencies, List<FieldError> errors)
    {
        if (agencies is null || agencies.Count == 0)
        {
            errors.Add(new("involvedAgencies", "Add at least one involved agency"));
            return;
        }
        if (agencies.Count > MaxInvolvedAgencies)
            errors.Add(new("involvedAgencies", $"Add no more than {MaxInvolvedAgencies} involved agencies"));
        for (var i = 0; i < agencies.Count; i++)
        {
            var path = $"involvedAgencies[{i}]";
            var agency = agencies[i];
            if (agency is null)
            {
                errors.Add(new(path, "Enter the agency's details or remove it"));
                continue;
            }
            RequiredText(agency.Name, $"{path}.name", "the agency's name", MaxNameLength, errors);
            RequiredEnum(agency.AgencyType, $"{path}.agencyType", "the type of agency", errors);
            // A form can hold several agencies' addresses beside the referrer's and the senior manager's: each error names whose.
            var which = agency.Name is { Length: > 0 and <= MaxNameLength } named && !string.IsNullOrWhiteSpace(named) ? named.Trim() : $"agency {i + 1}";
            RequiredEmail(agency.ContactEmail, $"{path}.contactEmail", $"the contact email address for {which}", errors);
        }
    }

    private static void ValidateReferrer(Referrer? referrer, List<FieldError> errors)
    {
        if (referrer is null)
        {
            errors.Add(new("referrer", "Enter your details as the referrer"));
            return;
        }
        RequiredText(referrer.Name, "referrer.name", "your name", MaxNameLength, errors);
        RequiredText(referrer.Role, "referrer.role", "your role", MaxShortTextLength, errors);
        RequiredText(referrer.Agency, "referrer.agency", "your agency", MaxShortTextLength, errors);
        RequiredEmail(referrer.Email, "referrer.email", "your email address", errors);
        if (!string.IsNullOrWhiteSpace(referrer.Phone))
        {
            if (referrer.Phone.Length > MaxPhoneLength)
                errors.Add(new("referrer.phone", $"Phone number must be {MaxPhoneLength} characters or fewer"));
            else if (!PhonePattern().IsMatch(referrer.Phone.Trim()) || referrer.Phone.Count(char.IsAsciiDigit) < 7)
                errors.Add(new("referrer.phone", "Enter a phone number, like 01632 960 001 or +44 808 157 0192"));
        }
    }

    private static void ValidateSignOff(SeniorManagerSignOff? signOff, DateOnly? incidentDate, DateOnly today, List<FieldError> errors)
    {
        if (signOff is null)
        {
            errors.Add(new("signOff", "A senior manager in your agency must sign off the referral"));
            return;
        }
        RequiredText(signOff.Name, "signOff.name", "the senior manager's name", MaxNameLength, errors);
        RequiredText(signOff.Role, "signOff.role", "the senior manager's role", MaxShortTextLength, errors);
        RequiredEmail(signOff.Email, "signOff.email", "the senior manager's email address", errors);
        if (signOff.DateSignedOff is not { } signed)
            errors.Add(new("signOff.dateSignedOff", "Enter the date the senior manager signed off the referral"));
        else if (signed > today)
            errors.Add(new("signOff.dateSignedOff", "The sign-off date must be today or in the past"));
        else if (incidentDate is { } incident && signed < incident)
            errors.Add(new("signOff.dateSignedOff", "The sign-off date must be on or after the date of the incident"));
    }

    private static void RequiredText(string? value, string field, string what, int maxLength, List<FieldError> errors, bool multiline = false)
    {
        if (string.IsNullOrWhiteSpace(value))
            errors.Add(new(field, $"Enter {what}"));
        else if (value.Length > maxLength)
            errors.Add(new(field, $"{Capitalise(what)} must be {FormatCount(maxLength)} characters or fewer"));
        else if (HasControlCharacters(value, multiline))
            errors.Add(new(field, ControlMessage(Capitalise(what), multiline)));
    }

    private static void OptionalText(string? value, string field, string label, int maxLength, List<FieldError> errors, bool multiline = false)
    {
        if (value is not null && value.Length > maxLength)
            errors.Add(new(field, $"{label} must be {FormatCount(maxLength)} characters or fewer"));
        else if (value is not null && HasControlCharacters(value, multiline))
            errors.Add(new(field, ControlMessage(label, multiline)));
    }

    /// <summary>
    /// Names, roles and addresses end up in email headers and single-line displays: no control
    /// character at all (a line break there could add a header). Narratives may have line breaks and tabs.
    /// </summary>
    public static bool HasControlCharacters(string value, bool multiline) =>
        value.Any(c => char.IsControl(c) && !(multiline && c is '\t' or '\r' or '\n'));

    private static string ControlMessage(string what, bool multiline) =>
        multiline ? $"{what} must not contain control characters" : $"{what} must be one line of text, without line breaks or control characters";

    private static void RequiredEnum<T>(T? value, string field, string what, List<FieldError> errors) where T : struct, Enum
    {
        if (value is not { } v)
            errors.Add(new(field, $"Select {what}"));
        else if (!Enum.IsDefined(v))
            errors.Add(new(field, $"Select {what} from the list"));
    }

    private static void RequiredEmail(string? value, string field, string what, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
            errors.Add(new(field, $"Enter {what}"));
        else if (value.Length > MaxEmailLength)
            errors.Add(new(field, $"{char.ToUpperInvariant(what[0])}{what[1..]} must be {MaxEmailLength} characters or fewer"));
        else if (!IsEmailAddress(value))
            errors.Add(new(field, $"Enter {what} in the correct format, like name@example.org"));
    }

    /// <summary>A single plain address (no display name) with a dotted domain.</summary>
    public static bool IsEmailAddress(string value) => EmailAddresses.IsValid(value.Trim());

    private static string FormatCount(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Capitalise(string text)
    {
        // "the child's first name" -> "The child's first name"; "your name" -> "Your name".
        return text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
    }

    [GeneratedRegex(@"^\+?[0-9 ()\-]{7,}$")]
    private static partial Regex PhonePattern();
}
