using Csp.Workflow.Application;
using Csp.Workflow.Configuration;

namespace Csp.Web.Development;

/// <summary>
/// The partnership's people a tester can sign in as in development mode (so a tester acts as the
/// chair on the chair's links): each with the role they most likely hold on the staff site.
/// </summary>
public static class DevelopmentPeople
{
    public sealed record Person(string Email, string Name, string Label, string Role);

    public static IReadOnlyList<Person> From(PartnershipOptions partnership)
    {
        ArgumentNullException.ThrowIfNull(partnership);
        var people = new List<Person>();
        void Add(PersonOptions? p, string label, string role)
        {
            if (p is not { Email.Length: > 0 } || !p.SignsIn || people.Any(x => string.Equals(x.Email, p.Email, StringComparison.OrdinalIgnoreCase))) return;
            people.Add(new Person(p.Email, p.Name.Length > 0 ? p.Name : label, label, role));
        }
        Add(partnership.PanelChair, "Rapid Review panel chair", StaffRoles.Chair);
        Add(partnership.PartnershipChair, "Partnership chair", StaffRoles.Chair);
        Add(partnership.SubgroupChair, "Case review subgroup chair", StaffRoles.Chair);
        Add(partnership.IndependentScrutineer, "Independent scrutineer", StaffRoles.Scrutineer);
        Add(partnership.BusinessUnit, "Business unit", StaffRoles.BusinessUnit);
        Add(partnership.BusinessManager, "Business manager", StaffRoles.BusinessUnit);
        foreach (var member in partnership.PanelMembers)
        {
            // Panel members and deputies read the case and the scoping pack, and answer their own invitations.
            if (member.SignsIn) Add(new PersonOptions { Name = member.Name, Email = member.Email }, "Panel member", StaffRoles.ReadOnly);
            Add(member.Deputy, "Deputy panel member", StaffRoles.ReadOnly);
        }
        return people;
    }
}
