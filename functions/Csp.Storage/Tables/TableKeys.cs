using System.Text;

namespace Csp.Storage.Tables;

/// <summary>
/// The rules for PartitionKey and RowKey values: no '/', '\', '#', '?' or control characters
/// (U+0000-U+001F, U+007F-U+009F), and at most 1 KiB as UTF-16 (512 characters).
/// </summary>
public static class TableKeys
{
    /// <summary>Maximum key length in characters (1 KiB of UTF-16).</summary>
    public const int MaxLength = 512;

    /// <summary>Throws <see cref="ArgumentException"/> naming the key and the offending character.</summary>
    public static void Validate(string partitionKey, string rowKey)
    {
        ValidateKey(partitionKey, "PartitionKey");
        ValidateKey(rowKey, "RowKey");
    }

    /// <summary>Validates one key; <paramref name="keyName"/> names it in the message.</summary>
    public static void ValidateKey(string key, string keyName)
    {
        if (key is null) throw new ArgumentNullException(keyName, $"The {keyName} cannot be null.");
        if (key.Length > MaxLength)
        {
            throw new ArgumentException(
                $"The {keyName} is {key.Length} characters ({key.Length * 2} bytes as UTF-16); Azure Tables allow at most " +
                $"{MaxLength} characters (1 KiB). It starts \"{Show(key[..Math.Min(40, key.Length)])}\".",
                keyName);
        }
        var index = IndexOfForbidden(key);
        if (index >= 0)
        {
            var c = key[index];
            throw new ArgumentException(
                $"The {keyName} \"{Show(key)}\" contains the character {Describe(c)} at index {index}; " +
                "Azure Tables forbid '/', '\\', '#', '?' and control characters in keys. TableKeys.Escape makes any text safe.",
                keyName);
        }
    }

    /// <summary>True when <paramref name="key"/> passes <see cref="ValidateKey"/>.</summary>
    public static bool IsValid(string? key) => key is not null && key.Length <= MaxLength && IndexOfForbidden(key) < 0;

    /// <summary>
    /// Makes any text usable as a key by replacing each forbidden character, and '%' itself, with
    /// '%' and two hex digits (reversible with <see cref="Unescape"/>). It does not shorten text:
    /// the result can still exceed <see cref="MaxLength"/>.
    /// </summary>
    public static string Escape(string anyText)
    {
        ArgumentNullException.ThrowIfNull(anyText);
        var first = anyText.AsSpan().IndexOfAny(NeedsEscapeSearch);
        if (first < 0) return anyText;
        var sb = new StringBuilder(anyText.Length + 16);
        sb.Append(anyText, 0, first);
        for (var i = first; i < anyText.Length; i++)
        {
            var c = anyText[i];
            if (c == '%' || IsForbidden(c)) sb.Append('%').Append(((int)c).ToString("X2"));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Reverses <see cref="Escape"/>.</summary>
    public static string Unescape(string escaped)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        var first = escaped.IndexOf('%');
        if (first < 0) return escaped;
        var sb = new StringBuilder(escaped.Length);
        sb.Append(escaped, 0, first);
        for (var i = first; i < escaped.Length; i++)
        {
            if (escaped[i] == '%' && i + 2 < escaped.Length &&
                int.TryParse(escaped.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier,
                    System.Globalization.CultureInfo.InvariantCulture, out var code))
            {
                sb.Append((char)code);
                i += 2;
            }
            else
            {
                sb.Append(escaped[i]);
            }
        }
        return sb.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> ForbiddenSearch = System.Buffers.SearchValues.Create(BuildForbidden(false));
    private static readonly System.Buffers.SearchValues<char> NeedsEscapeSearch = System.Buffers.SearchValues.Create(BuildForbidden(true));

    private static string BuildForbidden(bool withPercent)
    {
        var sb = new StringBuilder("/\\#?");
        for (var c = '\u0000'; c <= '\u001F'; c++) sb.Append(c);
        for (var c = '\u007F'; c <= '\u009F'; c++) sb.Append(c);
        if (withPercent) sb.Append('%');
        return sb.ToString();
    }

    private static int IndexOfForbidden(string key) => key.AsSpan().IndexOfAny(ForbiddenSearch);

    private static bool IsForbidden(char c) => c is '/' or '\\' or '#' or '?' || char.IsControl(c);

    private static string Describe(char c) => char.IsControl(c) ? $"U+{(int)c:X4} (a control character)" : $"'{c}' (U+{(int)c:X4})";

    private static string Show(string key)
    {
        var sb = new StringBuilder(key.Length);
        foreach (var c in key) sb.Append(char.IsControl(c) ? $"\\u{(int)c:X4}" : c);
        return sb.Length > 80 ? sb.ToString(0, 80) + "..." : sb.ToString();
    }
}
