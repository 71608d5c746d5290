namespace Csp.Host.LocalHost;

/// <summary>
/// A fictional partnership for development mode, so <c>dotnet run</c> on a fresh machine has every
/// address the workflow writes to. Applied only when development mode is on, below the settings
/// file and environment variables; it seeds the partnership directory on the first start (after
/// that the Partnership page changes it); every email goes to the local mailbox. The people have
/// names, so the development sign-in can act as any of them and the record names who acted.
/// </summary>
public static class DevelopmentPartnership
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = Build();

    private static Dictionary<string, string?> Build()
    {
        var s = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Csp:Partnership:Name"] = "Exampleton Safeguarding Children Partnership (fictional)",
        };
        void Person(string path, string name, string email)
        {
            s[$"Csp:Partnership:{path}:Name"] = name;
            s[$"Csp:Partnership:{path}:Email"] = email;
        }
        Person("BusinessManager", "Bea Manager", "business.manager@partnership.example");
        Person("BusinessUnit", "Safeguarding partnership business unit", "business.unit@partnership.example");
        Person("PartnershipChair", "Pat Partnershipchair", "partnership.chair@partnership.example");
        Person("PanelChair", "Dr Chris Chair", "panel.chair@partnership.example");
        Person("IndependentScrutineer", "Sam Scrutineer", "scrutineer@partnership.example");
        Person("LocalAuthorityDesignatedOfficer", "Lee Designated-Officer", "lado@council.example");
        Person("SubgroupChair", "Sasha Subgroupchair", "subgroup.chair@partnership.example");
        Person("SafeguardingPartners:0", "Director of children's services", "dcs@council.example");
        Person("SafeguardingPartners:1", "Chief officer of police", "chief.officer@police.example");
        Person("SafeguardingPartners:2", "ICB chief nursing officer", "chief.nurse@icb.example");
        (string Agency, string Member, string Email)[] panel =
        [
            ("ChildrensSocialCare", "Head of children's social care", "social.care"),
            ("Education", "Head of education safeguarding", "education"),
            ("Police", "Detective chief inspector, public protection", "police"),
            ("Health", "Designated nurse", "health"),
        ];
        for (var i = 0; i < panel.Length; i++)
        {
            Person($"PanelMembers:{i}", panel[i].Member, $"{panel[i].Email}.panel@partnership.example");
            s[$"Csp:Partnership:PanelMembers:{i}:AgencyType"] = panel[i].Agency;
            Person($"PanelMembers:{i}:Deputy", "Deputy: " + panel[i].Member, $"{panel[i].Email}.deputy@partnership.example");
        }
        // The agencies the fictional partnership usually scopes: a referral ticks them instead of typing them.
        (string Name, string Type, string Email)[] usual =
        [
            ("Exampleton Children's Social Care", "ChildrensSocialCare", "csc.scoping@exampleton.example"),
            ("Exampleshire Police Public Protection Unit", "Police", "ppu.scoping@police.example"),
            ("Exampleton Community Health NHS Trust", "Health", "safeguarding.team@health.example"),
        ];
        for (var i = 0; i < usual.Length; i++)
        {
            s[$"Csp:Partnership:ScopingAgencies:{i}:Name"] = usual[i].Name;
            s[$"Csp:Partnership:ScopingAgencies:{i}:AgencyType"] = usual[i].Type;
            s[$"Csp:Partnership:ScopingAgencies:{i}:ContactEmail"] = usual[i].Email;
        }
        s["Csp:Partnership:Notifications:NationalPanel"] = "national.panel@panel.example";
        s["Csp:Partnership:Notifications:SecretaryOfState"] = "secretary.of.state@dfe.example";
        s["Csp:Partnership:Notifications:Ofsted"] = "notifications@ofsted.example";
        s["Csp:Partnership:Notifications:DfE"] = "notifications@dfe.example";
        return s;
    }
}
