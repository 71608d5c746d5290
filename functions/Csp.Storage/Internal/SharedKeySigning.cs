using System.Text;

namespace Csp.Storage.Internal;

/// <summary>
/// The canonical strings of "Authorize with Shared Key" (Blob service, version 2015-02-21 and later;
/// Table service SharedKey and SharedKeyLite). Pure functions, so they can be checked against
/// known examples.
/// </summary>
internal static class SharedKeySigning
{
    [ThreadStatic] private static StringBuilder? t_builder;

    private static readonly string[] BlobStandardHeaders =
    [
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    ];

    /// <summary>
    /// Blob StringToSign: verb, eleven standard headers (Content-Length empty when zero), the
    /// canonicalized <c>x-ms-</c> headers and the canonicalized resource with every query parameter.
    /// </summary>
    /// <param name="getHeader">Header lookup by name (case-insensitive); null when absent.</param>
    /// <param name="headers">All request headers, for the <c>x-ms-</c> ones.</param>
    /// <param name="path">The URI path as sent (escaped), starting with '/'.</param>
    /// <param name="query">The query string as sent, with or without the leading '?'.</param>
    public static string BlobStringToSign(
        string method, Func<string, string?> getHeader, IEnumerable<KeyValuePair<string, string>> headers,
        long contentLength, string accountName, string path, string query)
    {
        var sb = Rent();
        sb.Append(method).Append('\n');
        foreach (var name in BlobStandardHeaders)
        {
            if (name == "Content-Length")
            {
                if (contentLength > 0) sb.Append(contentLength);
            }
            else
            {
                sb.Append(getHeader(name));
            }
            sb.Append('\n');
        }

        AppendCanonicalizedHeaders(sb, headers);
        sb.Append('/').Append(accountName).Append(path.Length == 0 ? "/" : path);
        AppendCanonicalizedQuery(sb, query);
        return Return(sb);
    }

    /// <summary>
    /// Table SharedKey StringToSign: verb, Content-MD5, Content-Type, date and the resource
    /// (<c>/account/path</c> plus <c>?comp=</c> when present).
    /// </summary>
    public static string TableStringToSign(
        string method, string? contentMd5, string? contentType, string date, string accountName, string path, string query)
    {
        var sb = Rent();
        sb.Append(method).Append('\n')
          .Append(contentMd5).Append('\n')
          .Append(contentType).Append('\n')
          .Append(date).Append('\n');
        AppendTableResource(sb, accountName, path, query);
        return Return(sb);
    }

    /// <summary>Table SharedKeyLite StringToSign: date and resource.</summary>
    public static string TableLiteStringToSign(string date, string accountName, string path, string query)
    {
        var sb = Rent();
        sb.Append(date).Append('\n');
        AppendTableResource(sb, accountName, path, query);
        return Return(sb);
    }

    private static void AppendTableResource(StringBuilder sb, string accountName, string path, string query)
    {
        sb.Append('/').Append(accountName).Append(path.Length == 0 ? "/" : path);
        foreach (var (name, value) in ParseQuery(query))
        {
            if (name.Equals("comp", StringComparison.OrdinalIgnoreCase))
            {
                sb.Append("?comp=").Append(value);
                break;
            }
        }
    }

    private static void AppendCanonicalizedHeaders(StringBuilder sb, IEnumerable<KeyValuePair<string, string>> headers)
    {
        List<KeyValuePair<string, string>>? msHeaders = null;
        foreach (var h in headers)
        {
            if (!h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase)) continue;
            (msHeaders ??= new List<KeyValuePair<string, string>>(8))
                .Add(new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), h.Value));
        }
        if (msHeaders is null) return;
        msHeaders.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var h in msHeaders)
        {
            sb.Append(h.Key).Append(':').Append(h.Value.Trim()).Append('\n');
        }
    }

    private static void AppendCanonicalizedQuery(StringBuilder sb, string query)
    {
        var parameters = ParseQuery(query);
        if (parameters.Count == 0) return;
        // Names lower-cased and sorted; repeated names have their values sorted and comma-joined.
        var grouped = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            var key = name.ToLowerInvariant();
            if (!grouped.TryGetValue(key, out var values)) grouped[key] = values = new List<string>(1);
            values.Add(value);
        }
        foreach (var (name, values) in grouped)
        {
            values.Sort(StringComparer.Ordinal);
            sb.Append('\n').Append(name).Append(':').AppendJoin(',', values);
        }
    }

    /// <summary>Splits a query string into decoded name/value pairs.</summary>
    internal static List<(string Name, string Value)> ParseQuery(string query)
    {
        var result = new List<(string, string)>();
        var span = query.AsSpan();
        if (span.StartsWith("?")) span = span[1..];
        while (span.Length > 0)
        {
            var amp = span.IndexOf('&');
            var pair = amp < 0 ? span : span[..amp];
            span = amp < 0 ? default : span[(amp + 1)..];
            if (pair.IsEmpty) continue;
            var eq = pair.IndexOf('=');
            var name = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? default : pair[(eq + 1)..];
            result.Add((Uri.UnescapeDataString(name.ToString()), Uri.UnescapeDataString(value.ToString())));
        }
        return result;
    }

    private static StringBuilder Rent()
    {
        var sb = t_builder ?? new StringBuilder(512);
        t_builder = null;
        sb.Clear();
        return sb;
    }

    private static string Return(StringBuilder sb)
    {
        var s = sb.ToString();
        if (sb.Capacity <= 8192) t_builder = sb;
        return s;
    }
}
