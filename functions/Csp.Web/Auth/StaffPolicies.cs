using Csp.Workflow.Application;
using Microsoft.AspNetCore.Authorization;
using System.Security.Claims;

namespace Csp.Web.Auth;

/// <summary>Authorisation policies: any staff role may read; the read-only role may change nothing.</summary>
public static class StaffPolicies
{
    public const string Staff = "Staff";

    public static void Add(AuthorizationOptions options)
    {
        var staff = new AuthorizationPolicyBuilder(StaffClaims.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ClaimTypes.Role, StaffUser.Roles)
            .Build();
        options.AddPolicy(Staff, staff);
        options.DefaultPolicy = staff;
    }
}
