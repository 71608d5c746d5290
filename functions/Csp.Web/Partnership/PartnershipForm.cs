using System.Globalization;
using System.Text.RegularExpressions;
using Csp.Domain;
using Csp.Domain.Referrals;
using Csp.Workflow.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Csp.Web.Partnership;

/// <summary>
/// The Partnership page's form: field names are the directory's JSON paths
/// (<c>panelMembers[1].deputy.email</c>), so the rules' errors land on the field that caused them.
/// Blank rows are left out; errors found on the kept rows are put back on the row the person typed in.
/// </summary>
public static partial class PartnershipForm
{
    public const string VersionField = "version";
    public const string PartnerRowsField = "partnerRows";
    public const string MemberRowsField = "memberRows";
    public const string AgencyRowsField = "agencyRows";
    public const string AddPartner = "add-partner";
    public const string AddMember = "add-member";
    public const string AddAgency = "add-agency";

    public static readonly IReadOnlyList<(string Field, string Label)> Roles =
        PartnershipRules.Roles.Select(r => (r.Field, r.Label)).ToList();

    /// <summary>The form's values for a stored partnership, with one blank row more in each list to add to.</summary>
    public static Dictionary<string, StringValues> Values(PartnershipOptions p, int version)
    {
        var v = new Dictionary<string, StringValues>(StringComparer.Ordinal)
        {
            ["name"] = p.Name,
            [VersionField] = version.ToString(CultureInfo.InvariantCulture),
            [PartnerRowsField] = (p.SafeguardingPartners.Count + 1).ToString(CultureInfo.InvariantCulture),
            [MemberRowsField] = (p.PanelMembers.Count + 1).ToString(CultureInfo.InvariantCulture),
            [AgencyRowsField] = (p.ScopingAgencies.Count + 1).ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (field, _, get) in PartnershipRules.Roles)
        {
            if (get(p) is not { } person) continue;
            v[field + ".name"] = person.Name;
            v[field + ".email"] = person.Email;
        }
        for (var i = 0; i < p.SafeguardingPartners.Count; i++)
        {
            v[$"safeguardingPartners[{i}].name"] = p.SafeguardingPartners[i].Name;
            v[$"safeguardingPartners[{i}].email"] = p.SafeguardingPartners[i].Email;
        }
        for (var i = 0; i < p.PanelMembers.Count; i++)
        {
            var m = p.PanelMembers[i];
            v[$"panelMembers[{i}].name"] = m.Name;
            v[$"panelMembers[{i}].email"] = m.Email;
            v[$"panelMembers[{i}].agencyType"] = m.AgencyType.ToString();
            v[$"panelMembers[{i}].deputy.name"] = m.Deputy?.Name ?? "";
            v[$"panelMembers[{i}].deputy.email"] = m.Deputy?.Email ?? "";
        }
        for (var i = 0; i < p.ScopingAgencies.Count; i++)
        {
            var a = p.ScopingAgencies[i];
            v[$"scopingAgencies[{i}].name"] = a.Name;
            v[$"scopingAgencies[{i}].agencyType"] = a.AgencyType.ToString();
            v[$"scopingAgencies[{i}].contactEmail"] = a.ContactEmail;
        }
        foreach (var (field, _, get) in PartnershipRules.StatutoryAddresses) v["notifications." + field] = get(p.Notifications);
        v["notifications.nationalPanelOnlineSystem"] = p.Notifications.NationalPanelOnlineSystem;
        return v;
    }

    public static int Rows(IFormCollection? form, string field, int fallback) =>
        int.TryParse(form?[field], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, PartnershipRules.MaxRows) : fallback;

    public sealed record Binding(PartnershipOptions Partnership, int Version, List<FieldError> Errors, Func<IReadOnlyList<FieldError>, List<FieldError>> ToFormFields);

    /// <summary>The partnership the form describes, and errors the binding itself finds (an agency type not on the list).</summary>
    public static Binding Bind(IFormCollection form)
    {
        string Text(string name) => form[name].ToString();
        var errors = new List<FieldError>();
        var p = new PartnershipOptions { Name = Text("name") };
        PersonOptions Person(string field) => new() { Name = Text(field + ".name"), Email = Text(field + ".email") };
        p.BusinessUnit = Person("businessUnit");
        p.BusinessManager = Person("businessManager");
        p.PartnershipChair = Person("partnershipChair");
        p.PanelChair = Person("panelChair");
        p.IndependentScrutineer = Person("independentScrutineer");
        p.LocalAuthorityDesignatedOfficer = Person("localAuthorityDesignatedOfficer");
        p.SubgroupChair = Person("subgroupChair");

        var partnerMap = new List<int>();
        for (var i = 0; i < Rows(form, PartnerRowsField, 1); i++)
        {
            var person = Person($"safeguardingPartners[{i}]");
            if (Blank(person.Name, person.Email)) continue;
            partnerMap.Add(i);
            p.SafeguardingPartners.Add(person);
        }
        var memberMap = new List<int>();
        for (var i = 0; i < Rows(form, MemberRowsField, 1); i++)
        {
            var field = $"panelMembers[{i}]";
            var deputy = Person(field + ".deputy");
            var type = Text(field + ".agencyType");
            if (Blank(Text(field + ".name"), Text(field + ".email"), type, deputy.Name, deputy.Email)) continue;
            var member = new PanelMemberOptions { Name = Text(field + ".name"), Email = Text(field + ".email"), Deputy = Blank(deputy.Name, deputy.Email) ? null : deputy };
            if (Enum.TryParse<AgencyType>(type, out var agency) && Enum.IsDefined(agency) && !type.All(char.IsDigit)) member.AgencyType = agency;
            else errors.Add(new(field + ".agencyType", $"Select panel member {i + 1}'s agency type"));
            memberMap.Add(i);
            p.PanelMembers.Add(member);
        }
        var agencyMap = new List<int>();
        for (var i = 0; i < Rows(form, AgencyRowsField, 1); i++)
        {
            var field = $"scopingAgencies[{i}]";
            var type = Text(field + ".agencyType");
            if (Blank(Text(field + ".name"), Text(field + ".contactEmail"), type)) continue;
            var agency = new ScopingAgencyOptions { Name = Text(field + ".name"), ContactEmail = Text(field + ".contactEmail") };
            if (Enum.TryParse<AgencyType>(type, out var t) && Enum.IsDefined(t) && !type.All(char.IsDigit)) agency.AgencyType = t;
            else errors.Add(new(field + ".agencyType", $"Select scoping agency {i + 1}'s type"));
            agencyMap.Add(i);
            p.ScopingAgencies.Add(agency);
        }
        p.Notifications = new NotificationAddresses
        {
            NationalPanel = Text("notifications.nationalPanel"),
            SecretaryOfState = Text("notifications.secretaryOfState"),
            Ofsted = Text("notifications.ofsted"),
            DfE = Text("notifications.dfE"),
            NationalPanelOnlineSystem = Text("notifications.nationalPanelOnlineSystem"),
        };
        var version = int.TryParse(Text(VersionField), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1;

        List<FieldError> ToForm(IReadOnlyList<FieldError> ruleErrors) => ruleErrors.Select(e => e with { Field = Remap(e.Field, partnerMap, memberMap, agencyMap) }).ToList();
        return new Binding(p, version, errors, ToForm);
    }

    private static string Remap(string field, List<int> partners, List<int> members, List<int> agencies)
    {
        var match = ListField().Match(field);
        if (!match.Success) return field;
        var map = match.Groups[1].Value switch { "safeguardingPartners" => partners, "panelMembers" => members, _ => agencies };
        var index = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return index < map.Count ? $"{match.Groups[1].Value}[{map[index]}]{match.Groups[3].Value}" : field;
    }

    private static bool Blank(params string[] values) => values.All(string.IsNullOrWhiteSpace);

    [GeneratedRegex(@"^(safeguardingPartners|panelMembers|scopingAgencies)\[(\d+)\](.*)$")]
    private static partial Regex ListField();
}
