using Csp.Domain.Timescales;
using Csp.Workflow.Actions;
using Microsoft.Extensions.Options;

namespace Csp.Workflow.Configuration;

/// <summary>Checks <c>Csp</c> at start-up: a usable public address, a known approver and reminder settings that make sense.</summary>
public sealed class WorkflowOptionsValidator : IValidateOptions<WorkflowOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkflowOptions options)
    {
        var problems = new List<string>();
        if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            problems.Add("Csp:PublicBaseUrl must be the absolute http(s) address of the web app (links in emails start with it).");
        if (options.Approvals.Approver is not (ApprovalOptions.Chair or ApprovalOptions.Scrutineer))
            problems.Add("Csp:Approvals:Approver must be 'chair' or 'scrutineer'.");
        var r = options.Reminders;
        if (!TimeOnly.TryParseExact(r.TimeOfDay, "HH:mm", out _)) problems.Add("Csp:Reminders:TimeOfDay must be HH:mm.");
        if (r.WorkingDaysBeforeDue is < 0 or > 20) problems.Add("Csp:Reminders:WorkingDaysBeforeDue must be 0 to 20.");
        if (r.EscalationRepeatWorkingDays is < 1 or > 60 || r.LongEscalationRepeatWorkingDays is < 1 or > 120)
            problems.Add("Csp:Reminders:EscalationRepeatWorkingDays must be 1 to 60 and Csp:Reminders:LongEscalationRepeatWorkingDays 1 to 120.");
        if (r.MaxEscalations is < 0 or > 100) problems.Add("Csp:Reminders:MaxEscalations must be 0 to 100.");
        if (r.LinkLifetimeDays is < 1 or > 366) problems.Add("Csp:Reminders:LinkLifetimeDays must be 1 to 366.");
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(r.TimeZone);
        }
        catch (Exception) when (r.TimeZone != "Europe/London")
        {
            problems.Add($"Csp:Reminders:TimeZone '{r.TimeZone}' is not a known time zone.");
        }
        catch (Exception)
        {
            // Europe/London has a built-in fallback.
        }
        if (!string.IsNullOrEmpty(options.ReferencePrefix) && !options.ReferencePrefix.All(char.IsAsciiLetterUpper))
            problems.Add("Csp:ReferencePrefix must be capital letters (e.g. CSP).");
        if (options.SubmissionPatienceSeconds is < 1 or > 120)
            problems.Add("Csp:SubmissionPatienceSeconds must be from 1 to 120 seconds.");
        if (options.Storage.Mode is not (WorkflowStorageOptions.Table or WorkflowStorageOptions.InMemory))
            problems.Add("Csp:Storage:Mode must be 'Table' or 'InMemory'.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>
/// Checks <c>Csp:Partnership</c>: every address the process writes to is present and well formed.
/// Nothing set at all is not refused (<see cref="PartnershipOptions.IsConfigured"/>): the web layer
/// then answers that the partnership is not set up, and <see cref="Problems"/> lists what to set.
/// </summary>
public sealed class PartnershipOptionsValidator : IValidateOptions<PartnershipOptions>
{
    public ValidateOptionsResult Validate(string? name, PartnershipOptions p) =>
        !p.IsConfigured ? ValidateOptionsResult.Success
            : Problems(p) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;

    /// <summary>What is missing or malformed; for an empty section, everything the business unit must set.</summary>
    public static List<string> Problems(PartnershipOptions p)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(p.Name)) problems.Add("Csp:Partnership:Name is required.");
        Person(p.BusinessManager, "BusinessManager", problems);
        Person(p.PartnershipChair, "PartnershipChair", problems);
        Person(p.PanelChair, "PanelChair", problems);
        Person(p.LocalAuthorityDesignatedOfficer, "LocalAuthorityDesignatedOfficer", problems);
        Person(p.SubgroupChair, "SubgroupChair", problems);
        if (p.BusinessUnit is { } unit) Person(unit, "BusinessUnit", problems);
        if (p.IndependentScrutineer is { } scrutineer) Person(scrutineer, "IndependentScrutineer", problems);
        if (p.SafeguardingPartners.Count == 0) problems.Add("Csp:Partnership:SafeguardingPartners needs the lead safeguarding partners (LA, police, ICB).");
        for (var i = 0; i < p.SafeguardingPartners.Count; i++) Person(p.SafeguardingPartners[i], $"SafeguardingPartners:{i}", problems);
        if (p.PanelMembers.Count == 0) problems.Add("Csp:Partnership:PanelMembers needs the core panel members.");
        for (var i = 0; i < p.PanelMembers.Count; i++)
        {
            var m = p.PanelMembers[i];
            if (string.IsNullOrWhiteSpace(m.Name) || !ActionForm.IsEmail(m.Email)) problems.Add($"Csp:Partnership:PanelMembers:{i} needs a name and a valid email.");
            if (m.Deputy is { } d) Person(d, $"PanelMembers:{i}:Deputy", problems);
        }
        foreach (var (label, address) in new[] { ("NationalPanel", p.Notifications.NationalPanel), ("SecretaryOfState", p.Notifications.SecretaryOfState), ("Ofsted", p.Notifications.Ofsted), ("DfE", p.Notifications.DfE) })
        {
            if (!ActionForm.IsEmail(address)) problems.Add($"Csp:Partnership:Notifications:{label} must be a valid email address.");
        }
        if (!Uri.TryCreate(p.Notifications.NationalPanelOnlineSystem, UriKind.Absolute, out var system) || system.Scheme != Uri.UriSchemeHttps)
            problems.Add("Csp:Partnership:Notifications:NationalPanelOnlineSystem must be the https address of the Panel's online system.");
        return problems;
    }

    private static void Person(PersonOptions person, string path, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(person.Name) || !ActionForm.IsEmail(person.Email))
            problems.Add($"Csp:Partnership:{path} needs a Name and a valid Email.");
    }
}

/// <summary>Checks <c>Csp:Timescales</c> with the domain's own rules.</summary>
public sealed class TimescalesValidator : IValidateOptions<StatutoryTimescales>
{
    public ValidateOptionsResult Validate(string? name, StatutoryTimescales options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
