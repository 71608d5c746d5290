using OpenTelemetry;
using OpenTelemetry.Logs;

namespace CspFunctions.Telemetry;

/// <summary>
/// Runs on every log record before export: a capability token in a link address
/// (<c>/a/{token}</c>, <c>/s/{token}</c>) in the message, its template or any attribute is
/// replaced with <c>{token}</c>, so a request line or an error that quotes an address cannot hand
/// a working link to whoever reads the logs.
/// </summary>
public sealed class LogRedaction : BaseProcessor<LogRecord>
{
    public override void OnEnd(LogRecord data)
    {
        if (data.FormattedMessage is { } message) data.FormattedMessage = TelemetryRedaction.RedactTokens(message);
        if (data.Body is { } body) data.Body = TelemetryRedaction.RedactTokens(body);
        if (data.Attributes is { Count: > 0 } attributes && attributes.Any(a => a.Value is string))
        {
            data.Attributes = attributes
                .Select(a => a.Value is string text ? new KeyValuePair<string, object?>(a.Key, TelemetryRedaction.RedactTokens(text)) : a)
                .ToList();
        }
    }
}
