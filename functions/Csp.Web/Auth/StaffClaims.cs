using System.Security.Claims;
using Csp.Workflow.Application;

namespace Csp.Web.Auth;

/// <summary>Turns the signed-in principal into the workflow's <see cref="StaffUser"/> and back.</summary>
public static class StaffClaims
{
    public const string Scheme = "Staff";

    /// <summary>How the person was authenticated (App Service, development header or development sign-in).</summary>
    public const string SourceClaim = "csp:source";

    /// <summary>The Entra ID object id of the signed-in account (App Service authentication's <c>oid</c> claim).</summary>
    public const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    public static ClaimsPrincipal Principal(StaffUser user, string source)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.Name),
            new(ClaimTypes.Role, user.Role),
            new(SourceClaim, source),
        };
        if (user.Email is { Length: > 0 } email) claims.Add(new Claim(ClaimTypes.Email, email));
        if (user.ObjectId is { Length: > 0 } objectId) claims.Add(new Claim(ObjectIdClaim, objectId));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The staff user, or null when nobody with a known role is signed in.</summary>
    public static StaffUser? ToStaffUser(this ClaimsPrincipal principal)
    {
        if (principal.Identity is not { IsAuthenticated: true } identity) return null;
        var role = principal.FindFirst(ClaimTypes.Role)?.Value;
        if (role is null || !StaffUser.Roles.Contains(role)) return null;
        return new StaffUser(identity.Name ?? "Unknown", role, principal.FindFirst(ClaimTypes.Email)?.Value, principal.FindFirst(ObjectIdClaim)?.Value);
    }

    /// <summary>
    /// Parses <c>name;role</c> or <c>name;role;email</c> (the development header and sign-in cookie):
    /// the email says which of the partnership's people is signed in, so their links act.
    /// </summary>
    public static bool TryParseNameAndRole(string? value, out StaffUser? user, out string? problem)
    {
        user = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = "is empty";
            return false;
        }
        string? email = null;
        var last = value.LastIndexOf(';');
        if (last > 0 && value[(last + 1)..].Contains('@'))
        {
            email = value[(last + 1)..].Trim();
            value = value[..last];
            if (email.Length > 254 || email.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || email.IndexOf('@') is <= 0 || email.EndsWith('@'))
            {
                problem = "has an email that is not one";
                return false;
            }
        }
        var separator = value.LastIndexOf(';');
        if (separator <= 0)
        {
            problem = "must be written 'name;role'";
            return false;
        }
        var name = value[..separator].Trim();
        var role = value[(separator + 1)..].Trim();
        if (name.Length is 0 or > 100 || name.Any(char.IsControl))
        {
            problem = "must have a name of 1 to 100 characters";
            return false;
        }
        if (!StaffUser.Roles.Contains(role))
        {
            problem = $"has an unknown role: use one of {string.Join(", ", StaffUser.Roles)}";
            return false;
        }
        user = new StaffUser(name, role, email);
        return true;
    }
}
