using System.Text.Json;
using Csp.Workflow.Configuration;
using Csp.Workflow.Ports;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Csp.Integrations.Mail;

/// <summary>
/// Posts each email to SendGrid v3 <c>mail/send</c> through the SendGrid client: the partnership's
/// from and reply-to addresses, text and HTML bodies, attachments, and the delivery id as the custom
/// arg <see cref="DeliveryIdArg"/> (it comes back on every webhook event). 429 and 5xx are retried
/// honouring <c>Retry-After</c> (<see cref="Http.ResilientHttp"/>); any other 4xx is a refusal with
/// SendGrid's error text.
/// </summary>
public sealed class SendGridEmailTransport : IEmailTransport
{
    /// <summary>The custom arg that carries the delivery id (never child data).</summary>
    public const string DeliveryIdArg = "csp_delivery_id";

    private readonly SendGridClient _client;
    private readonly EmailOptions _options;

    private readonly Csp.Workflow.Ports.EmailAddress _from;

    /// <param name="inner">The handler that sends (a pooled one by default); retries and timeouts wrap it.</param>
    public SendGridEmailTransport(IOptions<EmailOptions> options, IOptions<PartnershipOptions> partnership, HttpMessageHandler? inner = null)
    {
        _options = options.Value;
        // Without a configured sender, the partnership's business unit sends (its address must be a verified SendGrid sender).
        var unit = partnership.Value.BusinessUnitOrManager;
        _from = new Csp.Workflow.Ports.EmailAddress(
            _options.FromAddress.Length > 0 ? _options.FromAddress : unit.Email,
            _options.FromName.Length > 0 ? _options.FromName : partnership.Value.Name);
        var http = Http.ResilientHttp.Client(_options.MaxAttempts, TimeSpan.FromSeconds(_options.MaxRetryDelaySeconds), inner);
        _client = new SendGridClient(http, new SendGridClientOptions
        {
            ApiKey = _options.SendGrid.ApiKey,
            Host = _options.SendGrid.Host.TrimEnd('/'),
            HttpErrorAsException = false,
        });
    }

    public string Name => "SendGrid";

    public async Task<EmailTransportResult> SendAsync(EmailMessage message, string deliveryId, CancellationToken cancellation)
    {
        var mail = Compose(message, deliveryId);
        Response response;
        try
        {
            response = await _client.SendEmailAsync(mail, cancellation);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            throw new EmailServiceUnavailableException($"SendGrid did not answer after {_options.MaxAttempts} attempts.", ex);
        }
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
            return EmailTransportResult.Sent(response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.FirstOrDefault() : null);
        if (Http.ResilientHttp.IsTransient(status))
            throw new EmailServiceUnavailableException($"SendGrid answered {status} to {_options.MaxAttempts} attempts.");
        var body = response.Body is null ? "" : await response.Body.ReadAsStringAsync(cancellation);
        return EmailTransportResult.Refused(status, ErrorText(body));
    }

    private SendGridMessage Compose(EmailMessage message, string deliveryId)
    {
        var mail = new SendGridMessage
        {
            From = new SendGrid.Helpers.Mail.EmailAddress(_from.Address, NullIfEmpty(_from.Name)),
            Subject = message.Subject,
            PlainTextContent = message.TextBody,
            HtmlContent = message.HtmlBody,
        };
        if (_options.ReplyToAddress.Length > 0) mail.ReplyTo = new SendGrid.Helpers.Mail.EmailAddress(_options.ReplyToAddress);
        mail.AddTo(new SendGrid.Helpers.Mail.EmailAddress(message.To.Address, NullIfEmpty(message.To.Name)));
        foreach (var a in message.Attachments)
            mail.AddAttachment(a.FileName, Convert.ToBase64String(a.Content), MediaType(a.ContentType), a.Disposition);
        mail.AddCustomArg(DeliveryIdArg, deliveryId);
        if (_options.SendGrid.SandboxMode) mail.SetSandBoxMode(true);
        return mail;
    }

    /// <summary>SendGrid refuses an attachment type with parameters (<c>;</c>): <c>text/calendar; method=REQUEST</c> goes as <c>text/calendar</c>.</summary>
    internal static string MediaType(string contentType) => contentType.Split(';', 2)[0].Trim();

    /// <summary>SendGrid's <c>errors[].message</c> (with the field), or the start of the body.</summary>
    internal static string ErrorText(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                var parts = errors.EnumerateArray()
                    .Select(e => (e.TryGetProperty("message", out var m) ? m.GetString() : null)
                        + (e.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String ? $" ({f.GetString()})" : ""))
                    .Where(p => !string.IsNullOrWhiteSpace(p));
                var text = string.Join("; ", parts);
                if (text.Length > 0) return Cut(text);
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw text.
        }
        return body.Length == 0 ? "no error text" : Cut(body);
    }

    private static string Cut(string text) => text.Length <= 500 ? text : text[..500];

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
