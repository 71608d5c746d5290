using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Csp.Web.Auth;

/// <summary>
/// Keys for systems that submit referrals without a person signed in (the <c>x-functions-key</c>
/// header, as Azure Functions names it). Compared in constant time.
/// </summary>
public sealed class ApiKeys(IOptionsMonitor<CspWebOptions> options)
{
    public const string HeaderName = "x-functions-key";

    public bool IsValid(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 512) return false;
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var valid = false;
        foreach (var key in options.CurrentValue.ParsedApiKeys())
        {
            // Compare every key (no early exit) on fixed-length hashes, so timing says nothing.
            valid |= CryptographicOperations.FixedTimeEquals(presentedHash, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }
        return valid;
    }
}
