using System.Text.Json;
using Csp.Domain;
using Csp.Domain.Referrals;
using Csp.Workflow.Actions;
using Csp.Workflow.Model;

namespace Csp.Workflow.Configuration;

/// <summary>
/// What the business unit may save as its partnership, what a change says in the history, and what
/// is still missing. Field names are the JSON paths of <see cref="PartnershipOptions"/> in camel
/// case (<c>panelMembers[1].deputy.email</c>), so the page and the import endpoint report alike.
/// </summary>
public static class PartnershipRules
{
    public const int MaxName = 100;
    public const int MaxRows = 20;

    /// <summary>The single roles, their field names and the words for them.</summary>
    public static readonly IReadOnlyList<(string Field, string Label, Func<PartnershipOptions, PersonOptions?> Get)> Roles =
    [
        ("businessUnit", "Business unit mailbox", p => p.BusinessUnit),
        ("businessManager", "Business manager", p => p.BusinessManager),
        ("partnershipChair", "Partnership chair", p => p.PartnershipChair),
        ("panelChair", "Panel chair", p => p.PanelChair),
        ("independentScrutineer", "Independent scrutineer", p => p.IndependentScrutineer),
        ("localAuthorityDesignatedOfficer", "Designated officer (LADO)", p => p.LocalAuthorityDesignatedOfficer),
        ("subgroupChair", "Subgroup chair", p => p.SubgroupChair),
    ];

    public static readonly IReadOnlyList<(string Field, string Label, Func<NotificationAddresses, string> Get)> StatutoryAddresses =
    [
        ("nationalPanel", "National Panel", n => n.NationalPanel),
        ("secretaryOfState", "Secretary of State (DfE)", n => n.SecretaryOfState),
        ("ofsted", "Ofsted", n => n.Ofsted),
        ("dfE", "Department for Education", n => n.DfE),
    ];

    /// <summary>Field errors; none means the partnership may be saved.</summary>
    public static List<FieldError> Errors(PartnershipOptions p)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(p.Name)) errors.Add(new("name", "Enter the partnership's name"));
        else if (p.Name.Length > 200) errors.Add(new("name", "The partnership's name must be 200 characters or fewer"));
        foreach (var (field, label, get) in Roles)
        {
            if (get(p) is { } person) Person(person, field, label, errors, optional: true);
        }
        if (p.SafeguardingPartners.Count > MaxRows || p.PanelMembers.Count > MaxRows || p.ScopingAgencies.Count > MaxRows)
            errors.Add(new("", $"Each list may have up to {MaxRows} rows"));

        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < p.SafeguardingPartners.Count; i++)
        {
            var field = $"safeguardingPartners[{i}]";
            Person(p.SafeguardingPartners[i], field, $"Safeguarding partner {i + 1}", errors, optional: false);
            Unique(p.SafeguardingPartners[i].Email, field + ".email", $"safeguarding partner {i + 1}", seen, errors);
        }
        seen.Clear();
        for (var i = 0; i < p.PanelMembers.Count; i++)
        {
            var m = p.PanelMembers[i];
            var field = $"panelMembers[{i}]";
            Person(new PersonOptions { Name = m.Name, Email = m.Email }, field, $"Panel member {i + 1}", errors, optional: false);
            if (!Enum.IsDefined(m.AgencyType)) errors.Add(new(field + ".agencyType", $"Select panel member {i + 1}'s agency type"));
            Unique(m.Email, field + ".email", $"panel member {i + 1}", seen, errors);
            if (m.Deputy is { } d)
            {
                Person(d, field + ".deputy", $"Panel member {i + 1}'s deputy", errors, optional: true);
                Unique(d.Email, field + ".deputy.email", $"panel member {i + 1}'s deputy", seen, errors);
            }
        }
        var agencies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < p.ScopingAgencies.Count; i++)
        {
            var a = p.ScopingAgencies[i];
            var field = $"scopingAgencies[{i}]";
            if (string.IsNullOrWhiteSpace(a.Name)) errors.Add(new(field + ".name", $"Enter scoping agency {i + 1}'s name"));
            else if (a.Name.Length > MaxName) errors.Add(new(field + ".name", $"Scoping agency {i + 1}'s name must be {MaxName} characters or fewer"));
            else if (!agencies.TryAdd(a.Name.Trim(), $"scoping agency {i + 1}"))
                errors.Add(new(field + ".name", $"{a.Name.Trim()} is already listed as {agencies[a.Name.Trim()]}"));
            if (!Enum.IsDefined(a.AgencyType)) errors.Add(new(field + ".agencyType", $"Select scoping agency {i + 1}'s type"));
            if (!ActionForm.IsEmail(a.ContactEmail))
                errors.Add(new(field + ".contactEmail", $"Enter scoping agency {i + 1}'s scoping email address in the correct format, like name@example.org"));
        }
        foreach (var (field, label, get) in StatutoryAddresses)
        {
            var address = get(p.Notifications);
            if (address.Length > 0 && !ActionForm.IsEmail(address))
                errors.Add(new("notifications." + field, $"Enter the {label}'s email address in the correct format, like name@example.org"));
        }
        if (!Uri.TryCreate(p.Notifications.NationalPanelOnlineSystem, UriKind.Absolute, out var system) || system.Scheme != Uri.UriSchemeHttps)
            errors.Add(new("notifications.nationalPanelOnlineSystem", "Enter the https address of the National Panel's online system"));
        return errors;
    }

    private static void Person(PersonOptions person, string field, string label, List<FieldError> errors, bool optional)
    {
        var name = person.Name.Trim();
        var email = person.Email.Trim();
        if (optional && name.Length == 0 && email.Length == 0) return;
        if (name.Length == 0) errors.Add(new(field + ".name", $"Enter the {Lower(label)}'s name"));
        else if (name.Length > MaxName) errors.Add(new(field + ".name", $"The {Lower(label)}'s name must be {MaxName} characters or fewer"));
        if (email.Length == 0) errors.Add(new(field + ".email", $"Enter the {Lower(label)}'s email address"));
        else if (!ActionForm.IsEmail(email)) errors.Add(new(field + ".email", $"Enter the {Lower(label)}'s email address in the correct format, like name@example.org"));
    }

    private static void Unique(string email, string field, string label, Dictionary<string, string> seen, List<FieldError> errors)
    {
        if (email.Trim().Length == 0) return;
        if (!seen.TryAdd(email.Trim(), label)) errors.Add(new(field, $"{email.Trim()} is already listed as {seen[email.Trim()]}: each person once"));
    }

    private static string Lower(string label) => label.Length > 1 && char.IsUpper(label[0]) && !char.IsUpper(label[1]) ? char.ToLowerInvariant(label[0]) + label[1..] : label;

    /// <summary>
    /// Enough to run a case: a name and someone at the business unit to write to. Everything else
    /// missing is shown to staff, and a step that needs it waits for it.
    /// </summary>
    public static bool CanRun(PartnershipOptions p) => p.Name.Trim().Length > 0 && ActionForm.IsEmail(p.BusinessUnitOrManager.Email);

    /// <summary>What the business unit still has to enter, in words.</summary>
    public static List<string> Missing(PartnershipOptions p)
    {
        var missing = new List<string>();
        if (p.Name.Trim().Length == 0) missing.Add("the partnership's name");
        if (!ActionForm.IsEmail(p.BusinessManager.Email)) missing.Add("the business manager");
        foreach (var (_, label, get) in Roles.Where(r => r.Field is not ("businessUnit" or "businessManager" or "independentScrutineer")))
        {
            if (!ActionForm.IsEmail(get(p)?.Email)) missing.Add("the " + Lower(label));
        }
        if (p.SafeguardingPartners.Count == 0) missing.Add("the lead safeguarding partners");
        if (p.PanelMembers.Count == 0) missing.Add("the panel members");
        foreach (var (_, label, get) in StatutoryAddresses)
        {
            if (!ActionForm.IsEmail(get(p.Notifications))) missing.Add($"the {label}'s address");
        }
        return missing;
    }

    /// <summary>What changed from <paramref name="before"/> to <paramref name="after"/>, one line per change.</summary>
    public static List<string> Changes(PartnershipOptions before, PartnershipOptions after)
    {
        var lines = new List<string>();
        if (before.Name != after.Name) lines.Add($"Partnership name: {Or(before.Name)} → {Or(after.Name)}");
        foreach (var (_, label, get) in Roles)
        {
            var (a, b) = (Who(get(before)), Who(get(after)));
            if (a != b) lines.Add($"{label}: {a} → {b}");
        }
        List("Safeguarding partner", before.SafeguardingPartners.Select(Who).ToList(), after.SafeguardingPartners.Select(Who).ToList(), lines);
        for (var i = 0; i < Math.Max(before.PanelMembers.Count, after.PanelMembers.Count); i++)
        {
            var a = i < before.PanelMembers.Count ? before.PanelMembers[i] : null;
            var b = i < after.PanelMembers.Count ? after.PanelMembers[i] : null;
            if (a is null) { lines.Add($"Panel member {i + 1} added: {Member(b!)}"); continue; }
            if (b is null) { lines.Add($"Panel member {i + 1} removed: {Member(a)}"); continue; }
            if (Who(a.Name, a.Email) != Who(b.Name, b.Email) || a.AgencyType != b.AgencyType)
                lines.Add($"Panel member {i + 1}: {Who(a.Name, a.Email)} ({Words(a.AgencyType)}) → {Who(b.Name, b.Email)} ({Words(b.AgencyType)})");
            if (Who(a.Deputy) != Who(b.Deputy)) lines.Add($"Panel member {i + 1}'s deputy ({Words(b.AgencyType)}): {Who(a.Deputy)} → {Who(b.Deputy)}");
        }
        List("Scoping agency", before.ScopingAgencies.Select(Agency).ToList(), after.ScopingAgencies.Select(Agency).ToList(), lines);
        foreach (var (_, label, get) in StatutoryAddresses)
        {
            if (get(before.Notifications) != get(after.Notifications)) lines.Add($"{label} address: {Or(get(before.Notifications))} → {Or(get(after.Notifications))}");
        }
        if (before.Notifications.NationalPanelOnlineSystem != after.Notifications.NationalPanelOnlineSystem)
            lines.Add($"National Panel online system: {before.Notifications.NationalPanelOnlineSystem} → {after.Notifications.NationalPanelOnlineSystem}");
        return lines;
    }

    private static void List(string label, List<string> before, List<string> after, List<string> lines)
    {
        for (var i = 0; i < Math.Max(before.Count, after.Count); i++)
        {
            if (i >= before.Count) lines.Add($"{label} {i + 1} added: {after[i]}");
            else if (i >= after.Count) lines.Add($"{label} {i + 1} removed: {before[i]}");
            else if (before[i] != after[i]) lines.Add($"{label} {i + 1}: {before[i]} → {after[i]}");
        }
    }

    private static string Member(PanelMemberOptions m) =>
        $"{Who(m.Name, m.Email)} ({Words(m.AgencyType)})" + (m.Deputy is { Email.Length: > 0 } d ? $", deputy {Who(d)}" : "");

    private static string Agency(ScopingAgencyOptions a) => $"{a.Name} ({Words(a.AgencyType)}) <{a.ContactEmail}>";

    private static string Who(PersonOptions? p) => p is null ? "nobody" : Who(p.Name, p.Email);

    private static string Who(string name, string email) =>
        name.Length == 0 && email.Length == 0 ? "nobody" : email.Length == 0 ? name : $"{name} <{email}>";

    private static string Or(string value) => value.Length == 0 ? "none" : value;

    public static string Words(AgencyType type) => type switch
    {
        AgencyType.ChildrensSocialCare => "Children's social care",
        _ => type.ToString(),
    };

    /// <summary>
    /// Keeps how each person signs in (<see cref="PersonOptions.SignsIn"/>, <see cref="PersonOptions.ObjectId"/>)
    /// across an edit that only names people and addresses: matched by email address, in any role.
    /// </summary>
    public static void KeepAccounts(PartnershipOptions edited, PartnershipOptions stored)
    {
        var known = new Dictionary<string, (bool SignsIn, string? ObjectId)>(StringComparer.OrdinalIgnoreCase);
        foreach (var person in People(stored)) known.TryAdd(person.Email.Trim(), (person.SignsIn, person.ObjectId));
        foreach (var m in stored.PanelMembers) known.TryAdd(m.Email.Trim(), (m.SignsIn, m.ObjectId));
        foreach (var person in People(edited))
        {
            if (known.TryGetValue(person.Email.Trim(), out var account)) (person.SignsIn, person.ObjectId) = account;
        }
        foreach (var m in edited.PanelMembers)
        {
            if (known.TryGetValue(m.Email.Trim(), out var account)) (m.SignsIn, m.ObjectId) = account;
        }
    }

    private static IEnumerable<PersonOptions> People(PartnershipOptions p) =>
        new[] { p.BusinessManager, p.BusinessUnit, p.PartnershipChair, p.PanelChair, p.IndependentScrutineer, p.LocalAuthorityDesignatedOfficer, p.SubgroupChair }
            .Concat(p.SafeguardingPartners).Concat(p.PanelMembers.Select(m => m.Deputy)).OfType<PersonOptions>();

    /// <summary>The partnership as stored: trimmed, empty optional roles dropped. A deep copy, so the caller's object stays its own.</summary>
    public static PartnershipOptions Normalise(PartnershipOptions p)
    {
        var copy = JsonSerializer.Deserialize<PartnershipOptions>(JsonSerializer.Serialize(p, CspJson.Options), CspJson.Options)!;
        // An imported document may leave out (or null) any part.
        copy.Name = (copy.Name ?? "").Trim();
        copy.BusinessManager ??= new();
        copy.PartnershipChair ??= new();
        copy.PanelChair ??= new();
        copy.LocalAuthorityDesignatedOfficer ??= new();
        copy.SubgroupChair ??= new();
        copy.SafeguardingPartners = (copy.SafeguardingPartners ?? []).Where(x => x is not null).ToList();
        copy.PanelMembers = (copy.PanelMembers ?? []).Where(x => x is not null).ToList();
        copy.ScopingAgencies = (copy.ScopingAgencies ?? []).Where(x => x is not null).ToList();
        copy.Notifications ??= new();
        foreach (var person in new[] { copy.BusinessManager, copy.BusinessUnit, copy.PartnershipChair, copy.PanelChair, copy.IndependentScrutineer, copy.LocalAuthorityDesignatedOfficer, copy.SubgroupChair }
                     .Concat(copy.SafeguardingPartners).Concat(copy.PanelMembers.Select(m => m.Deputy)))
        {
            if (person is null) continue;
            person.Name = (person.Name ?? "").Trim();
            person.Email = (person.Email ?? "").Trim();
        }
        foreach (var m in copy.PanelMembers)
        {
            m.Name = (m.Name ?? "").Trim();
            m.Email = (m.Email ?? "").Trim();
            if (m.Deputy is { Name.Length: 0, Email.Length: 0 }) m.Deputy = null;
        }
        foreach (var a in copy.ScopingAgencies)
        {
            a.Name = (a.Name ?? "").Trim();
            a.ContactEmail = (a.ContactEmail ?? "").Trim();
        }
        if (copy.BusinessUnit is { Name.Length: 0, Email.Length: 0 }) copy.BusinessUnit = null;
        if (copy.IndependentScrutineer is { Name.Length: 0, Email.Length: 0 }) copy.IndependentScrutineer = null;
        var n = copy.Notifications;
        n.NationalPanel = (n.NationalPanel ?? "").Trim();
        n.SecretaryOfState = (n.SecretaryOfState ?? "").Trim();
        n.Ofsted = (n.Ofsted ?? "").Trim();
        n.DfE = (n.DfE ?? "").Trim();
        n.NationalPanelOnlineSystem = (n.NationalPanelOnlineSystem ?? "").Trim();
        return copy;
    }
}
