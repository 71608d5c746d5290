using Microsoft.Extensions.Configuration;

namespace Csp.LocalWorkflow.Simulation;

/// <summary>
/// A fictional partnership's settings (every address on a reserved <c>.example</c> domain), for tests,
/// simulations and the local sample: its <c>Csp:Partnership</c> seeds the partnership directory on
/// first start, which the workflow then reads as a deployment's does.
/// </summary>
public static class SamplePartnership
{
    public static Dictionary<string, string?> Settings(string storageMode = "InMemory", string approver = "chair") => new()
    {
        ["Csp:PublicBaseUrl"] = "https://csp.exampleshire.example",
        ["Csp:Approvals:Approver"] = approver,
        ["Csp:Storage:Mode"] = storageMode,
        ["Csp:Partnership:Name"] = "Exampleshire Safeguarding Children Partnership",
        ["Csp:Partnership:BusinessManager:Name"] = "Bea Manager",
        ["Csp:Partnership:BusinessManager:Email"] = "business.manager@exampleshire.example",
        ["Csp:Partnership:BusinessUnit:Name"] = "Business unit",
        ["Csp:Partnership:BusinessUnit:Email"] = "business.unit@exampleshire.example",
        ["Csp:Partnership:PartnershipChair:Name"] = "Pat Chair",
        ["Csp:Partnership:PartnershipChair:Email"] = "partnership.chair@exampleshire.example",
        ["Csp:Partnership:PanelChair:Name"] = "Rowan Panelchair",
        ["Csp:Partnership:PanelChair:Email"] = "panel.chair@exampleshire.example",
        ["Csp:Partnership:IndependentScrutineer:Name"] = "Sam Scrutineer",
        ["Csp:Partnership:IndependentScrutineer:Email"] = "scrutineer@exampleshire.example",
        ["Csp:Partnership:LocalAuthorityDesignatedOfficer:Name"] = "Lee Officer",
        ["Csp:Partnership:LocalAuthorityDesignatedOfficer:Email"] = "designated.officer@exampleshire.example",
        ["Csp:Partnership:SubgroupChair:Name"] = "Sasha Subgroup",
        ["Csp:Partnership:SubgroupChair:Email"] = "subgroup.chair@exampleshire.example",
        ["Csp:Partnership:SafeguardingPartners:0:Name"] = "Director of Children's Services",
        ["Csp:Partnership:SafeguardingPartners:0:Email"] = "dcs@exampleshire.example",
        ["Csp:Partnership:SafeguardingPartners:1:Name"] = "Chief Constable's lead",
        ["Csp:Partnership:SafeguardingPartners:1:Email"] = "safeguarding.lead@police.example",
        ["Csp:Partnership:SafeguardingPartners:2:Name"] = "ICB chief nurse",
        ["Csp:Partnership:SafeguardingPartners:2:Email"] = "chief.nurse@icb.example",
        ["Csp:Partnership:PanelMembers:0:Name"] = "Casey Socialcare",
        ["Csp:Partnership:PanelMembers:0:Email"] = "csc.member@exampleshire.example",
        ["Csp:Partnership:PanelMembers:0:AgencyType"] = "ChildrensSocialCare",
        ["Csp:Partnership:PanelMembers:0:Deputy:Name"] = "Dana Socialcare",
        ["Csp:Partnership:PanelMembers:0:Deputy:Email"] = "csc.deputy@exampleshire.example",
        ["Csp:Partnership:PanelMembers:1:Name"] = "Ellis Police",
        ["Csp:Partnership:PanelMembers:1:Email"] = "police.member@police.example",
        ["Csp:Partnership:PanelMembers:1:AgencyType"] = "Police",
        ["Csp:Partnership:PanelMembers:1:Deputy:Name"] = "Frankie Police",
        ["Csp:Partnership:PanelMembers:1:Deputy:Email"] = "police.deputy@police.example",
        ["Csp:Partnership:PanelMembers:2:Name"] = "Gale Health",
        ["Csp:Partnership:PanelMembers:2:Email"] = "health.member@icb.example",
        ["Csp:Partnership:PanelMembers:2:AgencyType"] = "Health",
        ["Csp:Partnership:PanelMembers:2:Deputy:Name"] = "Harper Health",
        ["Csp:Partnership:PanelMembers:2:Deputy:Email"] = "health.deputy@icb.example",
        ["Csp:Partnership:PanelMembers:3:Name"] = "Indy Education",
        ["Csp:Partnership:PanelMembers:3:Email"] = "education.member@exampleshire.example",
        ["Csp:Partnership:PanelMembers:3:AgencyType"] = "Education",
        ["Csp:Partnership:PanelMembers:3:Deputy:Name"] = "Jules Education",
        ["Csp:Partnership:PanelMembers:3:Deputy:Email"] = "education.deputy@exampleshire.example",
        ["Csp:Partnership:Notifications:NationalPanel"] = "notifications@panel.example",
        ["Csp:Partnership:Notifications:SecretaryOfState"] = "secretary.of.state@education.example",
        ["Csp:Partnership:Notifications:Ofsted"] = "notifications@ofsted.example",
        ["Csp:Partnership:Notifications:DfE"] = "cspr@education.example",
    };

    public static IConfiguration Configuration(string storageMode = "InMemory", string approver = "chair", IDictionary<string, string?>? overrides = null)
    {
        var settings = Settings(storageMode, approver);
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) settings[k] = v;
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }
}
