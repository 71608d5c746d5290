using System.Security.Cryptography;
using System.Text;

namespace Csp.Workflow.Application;

/// <summary>
/// Six-digit one-time codes: random, stored only as PBKDF2 (SHA-256) with a random salt per code,
/// compared in fixed time. Six digits are few, so the hash alone is not the protection: the code
/// lives minutes, works once and locks after a few wrong tries.
/// </summary>
public static class AccessCodes
{
    public const int Digits = 6;
    private const int Iterations = 20_000;

    public static string NewCode() =>
        RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public static string NewSalt() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    public static string Hash(string code, string salt) =>
        Convert.ToBase64String(Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(code), Convert.FromBase64String(salt), Iterations, HashAlgorithmName.SHA256, 32));

    public static bool Matches(string code, string salt, string hash) =>
        CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(Hash(code, salt)), Convert.FromBase64String(hash));

    /// <summary>The code as typed, without spaces or dashes; null unless it is six digits.</summary>
    public static string? Normalise(string? typed)
    {
        var digits = new string((typed ?? "").Where(c => c is not (' ' or '-' or '\t')).ToArray());
        return digits.Length == Digits && digits.All(char.IsAsciiDigit) ? digits : null;
    }
}
