using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Csp.Workflow.Activities;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Csp.Web.Links;

/// <summary>
/// The proof that this browser entered a link's one-time code (so it may see a scoping request's
/// child's details, and send the link's form): a data-protected value naming the link (its token's
/// hash) and when the proof ends, in a cookie that only that link's path receives, HttpOnly,
/// SameSite=Strict and Secure over https. Nothing is stored server-side; a cookie for one link opens
/// no other, and it ends after <see cref="Lifetime"/> by the service's clock.
/// </summary>
public static class LinkCodeCookie
{
    public const string Name = "csp-link-code";

    /// <summary>How long the proof lasts after the code is entered (the child's details stay visible, the form can be sent).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private const string Purpose = "Csp.Web.Links.ScopingAccess.v1";

    public static void Issue(HttpContext context, Csp.Workflow.Application.LinkKind kind, string token)
    {
        ArgumentNullException.ThrowIfNull(context);
        var until = Clock(context).GetUtcNow() + Lifetime;
        var value = Protector(context).Protect(CapabilityTokens.Hash(token) + "|" + until.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        context.Response.Cookies.Append(Name, value, new CookieOptions
        {
            Path = LinkEndpoints.PathFor(kind, token),
            HttpOnly = true,
            Secure = IsHttps(context),
            SameSite = SameSiteMode.Strict,
            MaxAge = Lifetime,
            IsEssential = true,
        });
    }

    /// <summary>True when the request carries a live proof for this link's token.</summary>
    public static bool Grants(HttpContext context, string token)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value) || value.Length > 2048) return false;
        string payload;
        try
        {
            payload = Protector(context).Unprotect(value);
        }
        catch (CryptographicException)
        {
            return false; // tampered with, or made with a key this service no longer has
        }
        var parts = payload.Split('|');
        if (parts.Length != 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var until)) return false;
        var expected = Encoding.ASCII.GetBytes(CapabilityTokens.Hash(token));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts[0]), expected)
               && Clock(context).GetUtcNow().ToUnixTimeSeconds() < until;
    }

    private static IDataProtector Protector(HttpContext context) =>
        context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    private static TimeProvider Clock(HttpContext context) => context.RequestServices.GetRequiredService<TimeProvider>();

    /// <summary>Secure when the browser reached the service over https (directly, or through the public address behind a proxy).</summary>
    private static bool IsHttps(HttpContext context) =>
        context.Request.IsHttps
        || context.RequestServices.GetRequiredService<IOptionsMonitor<CspWebOptions>>().CurrentValue.PublicBaseUrl?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;
}
