using System.Text.Json.Serialization;
using Csp.Domain.Referrals;

namespace Csp.Workflow.Configuration;

/// <summary>
/// The people and addresses of one safeguarding partnership. The business unit keeps them on the
/// Partnership page (stored by <see cref="Ports.IPartnershipDirectory"/>); section <c>Csp:Partnership</c>,
/// when present, only seeds the directory on first start. No child's data lives here: these are the
/// professionals and statutory bodies the process writes to.
/// </summary>
public sealed class PartnershipOptions
{
    public const string SectionName = "Csp:Partnership";

    /// <summary>The partnership's name as it appears in emails.</summary>
    public string Name { get; set; } = "";

    public PersonOptions BusinessManager { get; set; } = new();

    /// <summary>The business unit's shared mailbox (referrals, quality assurance); defaults to the business manager.</summary>
    public PersonOptions? BusinessUnit { get; set; }

    public PersonOptions PartnershipChair { get; set; } = new();

    /// <summary>Chair of the Rapid Review / CSPR panel (triage, meeting, decision).</summary>
    public PersonOptions PanelChair { get; set; } = new();

    public PersonOptions? IndependentScrutineer { get; set; }

    public PersonOptions LocalAuthorityDesignatedOfficer { get; set; } = new();

    public PersonOptions SubgroupChair { get; set; } = new();

    /// <summary>The lead safeguarding partners (LA, police, ICB) told of a notifiable incident.</summary>
    public List<PersonOptions> SafeguardingPartners { get; set; } = [];

    /// <summary>Core panel members, each with a deputy; quorum needs social care, education, police and health.</summary>
    public List<PanelMemberOptions> PanelMembers { get; set; } = [];

    public NotificationAddresses Notifications { get; set; } = new();

    /// <summary>The agencies the partnership usually asks for scoping returns, with the address each takes them at.</summary>
    public List<ScopingAgencyOptions> ScopingAgencies { get; set; } = [];

    [JsonIgnore]
    public PersonOptions BusinessUnitOrManager => BusinessUnit is { Email.Length: > 0 } unit ? unit : BusinessManager;

    /// <summary>
    /// False when nothing at all is set (a fresh deployment before the business unit has entered its
    /// people): the service starts and says what to set up instead of refusing to start. Anything
    /// set makes the whole section checked at start-up.
    /// </summary>
    [JsonIgnore]
    public bool IsConfigured =>
        Name.Length > 0 || BusinessUnit is not null || IndependentScrutineer is not null
        || new[] { BusinessManager, PartnershipChair, PanelChair, LocalAuthorityDesignatedOfficer, SubgroupChair }.Any(p => p.Name.Length > 0 || p.Email.Length > 0)
        || SafeguardingPartners.Count > 0 || PanelMembers.Count > 0 || ScopingAgencies.Count > 0
        || Notifications.NationalPanel.Length > 0 || Notifications.SecretaryOfState.Length > 0 || Notifications.Ofsted.Length > 0 || Notifications.DfE.Length > 0;
}

public sealed class PersonOptions
{
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";

    /// <summary>
    /// Whether the person signs in to the staff site (true unless set): their links act only when they
    /// are signed in as themselves. False for someone without an account (an external chair): their
    /// links ask for a one-time code sent to <see cref="Email"/> instead.
    /// </summary>
    public bool SignsIn { get; set; } = true;

    /// <summary>The Entra ID object id of the person's account, when their sign-in's email may differ from <see cref="Email"/>.</summary>
    public string? ObjectId { get; set; }
}

public sealed class PanelMemberOptions
{
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    public AgencyType AgencyType { get; set; }
    public PersonOptions? Deputy { get; set; }

    /// <summary>As <see cref="PersonOptions.SignsIn"/>.</summary>
    public bool SignsIn { get; set; } = true;

    /// <summary>As <see cref="PersonOptions.ObjectId"/>.</summary>
    public string? ObjectId { get; set; }
}

/// <summary>Where statutory notices go.</summary>
public sealed class NotificationAddresses
{
    /// <summary>
    /// The National Panel's address, for notices that only inform it (a local CSPR decided, its
    /// reviewer). Notifications and reports go through the Panel's online system instead.
    /// </summary>
    public string NationalPanel { get; set; } = "";

    /// <summary>Where the business unit submits notifications and reports to the Panel: its online system (GOV.UK's page leads to it).</summary>
    public string NationalPanelOnlineSystem { get; set; } = "https://www.gov.uk/guidance/report-a-serious-child-safeguarding-incident";

    public string SecretaryOfState { get; set; } = "";
    public string Ofsted { get; set; } = "";
    public string DfE { get; set; } = "";
}

/// <summary>An agency the partnership usually scopes, and the mailbox its scoping requests go to.</summary>
public sealed class ScopingAgencyOptions
{
    public string Name { get; set; } = "";
    public AgencyType AgencyType { get; set; }
    public string ContactEmail { get; set; } = "";
}
