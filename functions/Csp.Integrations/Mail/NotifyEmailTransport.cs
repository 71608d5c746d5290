using System.Globalization;
using System.Text.RegularExpressions;
using Csp.Workflow.Ports;
using Microsoft.Extensions.Options;
using Notify.Client;
using Notify.Exceptions;

namespace Csp.Integrations.Mail;

/// <summary>
/// Sends each email through GOV.UK Notify with the Notify client: the template configured for the
/// kind of message, the subject and text body as personalisation (<c>subject</c>, <c>body</c>), and
/// the delivery id as Notify's <c>reference</c> (it comes back on the delivery receipt). Notify
/// cannot carry attachments of our kinds, so a calendar invitation arrives as its text; use the
/// Graph calendar with Notify. 429 and 5xx are retried (<see cref="Http.ResilientHttp"/>, under the
/// Notify client); any other 4xx is a refusal with Notify's text.
/// </summary>
public sealed partial class NotifyEmailTransport : IEmailTransport
{
    private readonly NotificationClient _client;
    private readonly EmailOptions _options;

    /// <param name="inner">The handler that sends (a pooled one by default); retries and timeouts wrap it.</param>
    public NotifyEmailTransport(IOptions<EmailOptions> options, HttpMessageHandler? inner = null)
    {
        _options = options.Value;
        var http = Http.ResilientHttp.Client(_options.MaxAttempts, TimeSpan.FromSeconds(_options.MaxRetryDelaySeconds), inner);
        _client = new NotificationClient(new FixedBaseHttpClient(http, new Uri(_options.Notify.BaseUrl.TrimEnd('/') + "/")), _options.Notify.ApiKey);
    }

    public string Name => "GOV.UK Notify";

    public async Task<EmailTransportResult> SendAsync(EmailMessage message, string deliveryId, CancellationToken cancellation)
    {
        var personalisation = new Dictionary<string, dynamic>
        {
            ["subject"] = message.Subject,
            ["body"] = message.TextBody,
        };
        var template = _options.Notify.TemplateFor(message.Step);
        var replyTo = _options.Notify.ReplyToId.Length > 0 ? _options.Notify.ReplyToId : null;
        cancellation.ThrowIfCancellationRequested();
        try
        {
            var response = await _client.SendEmailAsync(message.To.Address, template, personalisation, deliveryId, replyTo);
            return EmailTransportResult.Sent(response.id);
        }
        catch (Exception ex) when (ex is NotifyClientException or NotifyAuthException or HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            var status = StatusOf(ex);
            if (status is { } refused && !Http.ResilientHttp.IsTransient(refused))
                return EmailTransportResult.Refused(refused, ErrorText(ex.Message));
            throw new EmailServiceUnavailableException($"GOV.UK Notify did not take the email after {_options.MaxAttempts} attempts ({status?.ToString(CultureInfo.InvariantCulture) ?? "no answer"}).", ex);
        }
    }

    /// <summary>
    /// The Notify client over our HTTP client (retries and timeouts), at the configured base address:
    /// the client would otherwise set its own (the live service) on the HTTP client it is given.
    /// </summary>
    private sealed class FixedBaseHttpClient : Notify.Interfaces.IHttpClient
    {
        private readonly HttpClient http;
        private readonly Uri baseAddress;

        public FixedBaseHttpClient(HttpClient http, Uri baseAddress)
        {
            this.http = http;
            this.baseAddress = baseAddress;
            http.BaseAddress = baseAddress;
        }

        public Uri BaseAddress
        {
            get => baseAddress;
            set { }
        }

        public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => http.SendAsync(request);

        public void SetClientBaseAddress() => http.BaseAddress = baseAddress;

        public void AddContentHeader(string header) =>
            http.DefaultRequestHeaders.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue(header));

        public void AddUserAgent(string userAgent) => http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);

        // The transport lives as long as the process; the client is not released early.
        public void Dispose()
        {
        }
    }

    /// <summary>The HTTP status in the client's message ("Status code 400. ..."); an auth problem is a 403.</summary>
    internal static int? StatusOf(Exception ex) =>
        ex is NotifyAuthException ? 403
        : StatusCode().Match(ex.Message) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
        : null;

    private static string ErrorText(string message)
    {
        var text = StatusCode().Replace(message, "").Trim(' ', '.');
        return text.Length == 0 ? "no error text" : text.Length <= 500 ? text : text[..500];
    }

    [GeneratedRegex(@"Status code (\d{3})\.?")]
    private static partial Regex StatusCode();
}
