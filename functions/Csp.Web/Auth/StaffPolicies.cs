using Csp.Workflow.Application;
using Microsoft.AspNetCore.Authorization;
using System.Security.Claims;

namespace Csp.Web.Auth;

/// <summary>Authorisation policies: any staff role may read; the read-only role may change nothing.</summary>
public static class StaffPolicies
{
    public const string Staff = "Staff";

    /// <summary>Pages and calls that change something (a referral, an action): every role but read-only.</summary>
    public const string Change = "StaffWhoChange";

    /// <summary>The partnership's people and addresses: only the business unit keeps them.</summary>
    public const string BusinessUnit = "BusinessUnit";

    public static readonly IReadOnlyList<string> ChangingRoles = StaffUser.Roles.Where(r => r != StaffRoles.ReadOnly).ToList();

    public static void Add(AuthorizationOptions options)
    {
        var staff = new AuthorizationPolicyBuilder(StaffClaims.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ClaimTypes.Role, StaffUser.Roles)
            .Build();
        options.AddPolicy(Staff, staff);
        options.DefaultPolicy = staff;
        options.AddPolicy(Change, new AuthorizationPolicyBuilder(StaffClaims.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ClaimTypes.Role, ChangingRoles)
            .Build());
        options.AddPolicy(BusinessUnit, new AuthorizationPolicyBuilder(StaffClaims.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ClaimTypes.Role, StaffRoles.BusinessUnit)
            .Build());
    }

    /// <summary>True when the person may change the partnership's people (the rule of <see cref="BusinessUnit"/>).</summary>
    public static bool MayKeepPartnership(StaffUser user) => user.Role == StaffRoles.BusinessUnit;

    /// <summary>True when the person's role may change things (the same rule as <see cref="Change"/>, for handlers that authorise themselves).</summary>
    public static bool MayChange(StaffUser user) => ChangingRoles.Contains(user.Role, StringComparer.Ordinal);
}
