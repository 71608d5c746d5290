using System.Text;
using System.Text.Json;
using Csp.Workflow.Application;

namespace Csp.Web.Auth;

/// <summary>
/// Reads the principal App Service authentication (Easy Auth) passes to the app:
/// <c>X-MS-CLIENT-PRINCIPAL</c> is base64 JSON <c>{ auth_typ, name_typ, role_typ, claims: [{ typ, val }] }</c>.
/// The Entra ID app registration defines app roles whose values are the staff roles
/// (<c>business-unit</c>, <c>chair</c>, <c>scrutineer</c>, <c>read-only</c>).
/// </summary>
public static class AppServicePrincipal
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string NameHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

    /// <summary>Roles in order of precedence when a person holds more than one.</summary>
    private static readonly string[] Precedence = [StaffRoles.BusinessUnit, StaffRoles.Chair, StaffRoles.Scrutineer, StaffRoles.ReadOnly];

    public enum Outcome { Absent, Malformed, NoRole, SignedIn }

    public static Outcome TryRead(string? principalHeader, string? nameHeader, out StaffUser? user)
    {
        user = null;
        if (string.IsNullOrEmpty(principalHeader)) return Outcome.Absent;
        if (principalHeader.Length > 32 * 1024) return Outcome.Malformed;
        try
        {
            var json = Encoding.UTF8.GetString(Convert.FromBase64String(principalHeader));
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var nameType = root.TryGetProperty("name_typ", out var nt) && nt.ValueKind == JsonValueKind.String ? nt.GetString() : null;
            var roleType = root.TryGetProperty("role_typ", out var rt) && rt.ValueKind == JsonValueKind.String ? rt.GetString() : null;
            var claims = new List<(string Type, string Value)>();
            if (root.TryGetProperty("claims", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var claim in list.EnumerateArray())
                {
                    if (claim.TryGetProperty("typ", out var t) && claim.TryGetProperty("val", out var v)
                        && t.ValueKind == JsonValueKind.String && v.ValueKind == JsonValueKind.String)
                        claims.Add((t.GetString()!, v.GetString()!));
                }
            }

            string? Find(params string?[] types) =>
                types.Where(t => t is not null).Select(t => claims.FirstOrDefault(c => c.Type == t).Value).FirstOrDefault(v => !string.IsNullOrEmpty(v));

            var name = Find(nameType, "name", "preferred_username",
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name") ?? nameHeader;
            var email = Find("preferred_username", "email", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress");
            var roleTypes = new[] { roleType, "roles", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role" };
            var roles = claims.Where(c => roleTypes.Contains(c.Type)).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (string.IsNullOrWhiteSpace(name)) return Outcome.Malformed;
            var role = Precedence.FirstOrDefault(roles.Contains);
            if (role is null) return Outcome.NoRole;
            var objectId = Find(StaffClaims.ObjectIdClaim, "oid");
            user = new StaffUser(name.Trim(), role, email is not null && email.Contains('@') ? email : null, objectId);
            return Outcome.SignedIn;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or DecoderFallbackException)
        {
            return Outcome.Malformed;
        }
    }
}
