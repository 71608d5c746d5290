using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Csp.Domain;

/// <summary>
/// The one email-address rule, for referrals, action forms and configuration alike: a single plain
/// address (no display name, no spaces or control characters) with a dotted domain, at most
/// <see cref="MaxLength"/> characters.
/// </summary>
public static partial class EmailAddresses
{
    public const int MaxLength = 254;

    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= MaxLength }
        && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
        && Pattern().IsMatch(value)
        && MailAddress.TryCreate(value, out var address) && address.Address == value;

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")]
    private static partial Regex Pattern();
}
