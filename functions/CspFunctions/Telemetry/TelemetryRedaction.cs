using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace CspFunctions.Telemetry;

/// <summary>
/// Runs on every span before export. Addresses are the one place a span could carry something
/// sensitive: a capability token in <c>/a/{token}</c> or <c>/s/{token}</c>, or a query string
/// (a table filter, a form's fields). Query strings are dropped and tokens replaced with
/// <c>{token}</c>, so an address says which route ran and nothing more.
/// </summary>
public sealed partial class TelemetryRedaction : BaseProcessor<Activity>
{
    /// <summary>Tags that hold an address, in the current and the older OpenTelemetry names.</summary>
    public static readonly string[] AddressTags = ["url.full", "url.path", "url.query", "http.url", "http.target", "server.address.path"];

    public override void OnEnd(Activity data)
    {
        foreach (var tag in AddressTags)
        {
            if (data.GetTagItem(tag) is not string value) continue;
            data.SetTag(tag, tag == "url.query" ? null : Redact(value));
        }
        data.DisplayName = Redact(data.DisplayName);
    }

    /// <summary>The address without its query string and with capability tokens replaced.</summary>
    public static string Redact(string address)
    {
        var query = address.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0) address = address[..query];
        return RedactTokens(address);
    }

    /// <summary>Any text with the capability tokens of link addresses in it replaced.</summary>
    public static string RedactTokens(string text) => CapabilityToken().Replace(text, "/$1/{token}");

    [GeneratedRegex("/(a|s)/[A-Za-z0-9_-]{16,}")]
    private static partial Regex CapabilityToken();
}
