using Csp.Workflow.Application;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace Csp.Web.Auth;

/// <summary>
/// The development sign-in: the chosen name, role and (for one of the partnership's people) email in
/// an encrypted, HttpOnly, SameSite=Strict cookie. Read only in development mode.
/// </summary>
public sealed class DevSignIn(IDataProtectionProvider dataProtection)
{
    public const string CookieName = "csp-dev-user";
    public const string HeaderName = "X-Csp-Dev-User";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Csp.Web.DevSignIn.v1");

    public void SignIn(HttpContext context, StaffUser user) =>
        context.Response.Cookies.Append(CookieName, _protector.Protect(user.Name + ";" + user.Role + (user.Email is { Length: > 0 } email ? ";" + email : "")), CookieOptions(context));

    public void SignOut(HttpContext context) => context.Response.Cookies.Delete(CookieName, CookieOptions(context));

    public StaffUser? Read(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(CookieName, out var value) || value is not { Length: > 0 and < 4096 }) return null;
        try
        {
            return StaffClaims.TryParseNameAndRole(_protector.Unprotect(value), out var user, out _) ? user : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // Tampered with, or issued under keys this host no longer has.
        }
    }

    private static CookieOptions CookieOptions(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        IsEssential = true,
    };
}
