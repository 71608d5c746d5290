using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

/// <summary>
/// The signed-in person. Roles: business-unit, chair, scrutineer, read-only. <paramref name="Email"/> and
/// <paramref name="ObjectId"/> (the Entra ID account's object id) say who they are where the sign-in gives them.
/// </summary>
public sealed record StaffUser(string Name, string Role, string? Email = null, string? ObjectId = null)
{
    public static readonly IReadOnlyList<string> Roles = [StaffRoles.BusinessUnit, StaffRoles.Chair, StaffRoles.Scrutineer, StaffRoles.ReadOnly];
}
