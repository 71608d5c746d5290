using System.Diagnostics;
using System.Text.RegularExpressions;
using Csp.Workflow.Ports;

namespace CspFunctions.Telemetry;

/// <summary>
/// A span for each email the app sends, a child of whatever span is current: in an activity
/// function, the worker's invocation span, which Durable Functions' distributed tracing parents on
/// the activity and so on the orchestration and the HTTP request that started it. The span says
/// what kind of email it was and how it went; never to whom, the subject or the body (the email
/// key holds the recipient's address, so only its kind is kept).
/// </summary>
public sealed partial class TracedEmailSender(IEmailSender inner) : IEmailSender
{
    /// <summary>The <see cref="ActivitySource"/> of the spans, added to the app's tracing.</summary>
    public const string SourceName = "CspFunctions.Email";

    public const string KindTag = "csp.email.kind";
    public const string OutcomeTag = "csp.email.outcome";

    private static readonly ActivitySource Source = new(SourceName);

    public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var span = Source.StartActivity("send email", ActivityKind.Internal);
        span?.SetTag(KindTag, Kind(message.Step));
        try
        {
            var result = await inner.SendAsync(message, cancellation);
            span?.SetTag(OutcomeTag, result.Duplicate ? "duplicate" : "sent");
            return result;
        }
        catch (Exception ex)
        {
            // The type only: a service's error text can quote the recipient.
            span?.SetTag(OutcomeTag, "failed");
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    /// <summary>
    /// The kind of email: the first part of its step (<c>notification</c>, <c>scoping</c>,
    /// <c>meeting</c>, ...), as the Notify templates are chosen; anything that does not look like
    /// one is <c>other</c>, so nothing else from a step can reach a span.
    /// </summary>
    public static string Kind(string? step)
    {
        var kind = (step ?? "").Split(':', 2)[0];
        return KindPattern().IsMatch(kind) ? kind : "other";
    }

    [GeneratedRegex("^[a-z][a-z-]{0,39}$")]
    private static partial Regex KindPattern();
}
