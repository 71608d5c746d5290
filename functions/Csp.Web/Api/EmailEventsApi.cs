using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Csp.Integrations.Mail;
using Csp.Web.Http;
using Csp.Workflow.Application;
using Csp.Workflow.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Csp.Web.Api;

/// <summary>
/// Delivery reports from the email services: SendGrid's Event Webhook (signed with ECDSA; bounce,
/// dropped and blocked events) and GOV.UK Notify's delivery receipts (bearer token; the failure
/// statuses). Each failure marks that email undeliverable on its incident and emails the business
/// unit at once. A request that is not signed or authorised is refused (401) and changes nothing.
/// Routes answer 404 unless their service is the configured provider with its webhook secret set.
/// </summary>
public static class EmailEventsApi
{
    public const string SendGridRoute = "/api/email/events/sendgrid";
    public const string NotifyRoute = "/api/email/events/notify";

    private static readonly HashSet<string> SendGridFailures = new(StringComparer.OrdinalIgnoreCase) { "bounce", "dropped", "blocked" };
    private static readonly HashSet<string> NotifyFailures = new(StringComparer.OrdinalIgnoreCase) { "permanent-failure", "temporary-failure", "technical-failure" };

    public sealed record EventsAccepted(int Events, int Undeliverable);

    public static IEndpointRouteBuilder MapEmailEventsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(SendGridRoute, SendGridAsync).AllowAnonymous().DisableAntiforgery();
        endpoints.MapPost(NotifyRoute, NotifyAsync).AllowAnonymous().DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> SendGridAsync(HttpContext context, IOptions<EmailOptions> options, TimeProvider time, IServiceProvider services)
    {
        var settings = options.Value;
        if (!settings.UsesSendGrid || settings.SendGrid.WebhookPublicKey.Length == 0 || services.GetService<TrackedEmailSender>() is not { } sender)
            return Problems.NotFound("The SendGrid event webhook is not configured here.");
        var (body, problem) = await ReadAsync(context);
        if (problem is not null) return problem;

        var signature = context.Request.Headers[SendGridEventSignature.SignatureHeader].ToString();
        var timestamp = context.Request.Headers[SendGridEventSignature.TimestampHeader].ToString();
        if (signature.Length == 0 || timestamp.Length == 0)
            return Problems.Unauthorized("The request is not signed: SendGrid's signature and timestamp headers are required.");
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 4_102_444_800
            || (time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > TimeSpan.FromMinutes(settings.SendGrid.WebhookMaxAgeMinutes))
            return Problems.Unauthorized("The signature's timestamp is missing, malformed or too old.");
        if (!new SendGridEventSignature(settings.SendGrid.WebhookPublicKey).Verify(Encoding.UTF8.GetString(body!), signature, timestamp))
            return Problems.Unauthorized("The signature does not match the configured SendGrid verification key.");

        JsonElement events;
        try
        {
            events = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return Problems.BadRequest("The body is not well-formed JSON.", "The body is not valid JSON");
        }
        if (events.ValueKind != JsonValueKind.Array) return Problems.BadRequest("The body must be a JSON array of events.");

        var count = 0;
        var undeliverable = 0;
        foreach (var e in events.EnumerateArray())
        {
            count++;
            if (e.ValueKind != JsonValueKind.Object) continue;
            var kind = Text(e, "event");
            if (kind is null || !SendGridFailures.Contains(kind)) continue;
            if (Text(e, SendGridEmailTransport.DeliveryIdArg) is not { } id || !EmailDeliveryIds.LooksValid(id)) continue;
            var type = Text(e, "type") is { } t && !string.Equals(t, kind, StringComparison.OrdinalIgnoreCase) ? $" ({t})" : "";
            var reason = $"SendGrid reported it {kind}{type}" + (Text(e, "reason") is { } r ? ": " + Cut(r) : ".");
            if (await sender.ReportUndeliverableAsync(id, reason, context.RequestAborted)) undeliverable++;
        }
        return TypedResults.Json(new EventsAccepted(count, undeliverable), WebJson.Options);
    }

    private static async Task<IResult> NotifyAsync(HttpContext context, IOptions<EmailOptions> options, IServiceProvider services)
    {
        var settings = options.Value;
        if (!settings.UsesNotify || settings.Notify.CallbackBearerToken.Length == 0 || services.GetService<TrackedEmailSender>() is not { } sender)
            return Problems.NotFound("The GOV.UK Notify delivery receipt callback is not configured here.");
        var authorization = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            || !CryptographicOperations.FixedTimeEquals(
                SHA256.HashData(Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim())),
                SHA256.HashData(Encoding.UTF8.GetBytes(settings.Notify.CallbackBearerToken))))
            return Problems.Unauthorized("The bearer token is missing or is not the configured Notify callback token.");
        var (body, problem) = await ReadAsync(context);
        if (problem is not null) return problem;

        JsonElement receipt;
        try
        {
            receipt = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return Problems.BadRequest("The body is not well-formed JSON.", "The body is not valid JSON");
        }
        if (receipt.ValueKind != JsonValueKind.Object) return Problems.BadRequest("The body must be a JSON object (a Notify delivery receipt).");
        var status = Text(receipt, "status");
        var undeliverable = 0;
        if (status is not null && NotifyFailures.Contains(status) && Text(receipt, "reference") is { } id && EmailDeliveryIds.LooksValid(id)
            && await sender.ReportUndeliverableAsync(id, $"GOV.UK Notify reported it {status}.", context.RequestAborted))
            undeliverable = 1;
        return TypedResults.Json(new EventsAccepted(1, undeliverable), WebJson.Options);
    }

    private static async Task<(byte[]? Body, IResult? Problem)> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > RequestLimits.EmailEventBytes) return (null, Problems.TooLarge(RequestLimits.EmailEventBytes));
        if (!RequestBodies.IsJson(request)) return (null, Problems.UnsupportedMediaType());
        RequestBodies.LimitTo(context, RequestLimits.EmailEventBytes);
        var body = await RequestBodies.ReadBoundedAsync(request.Body, RequestLimits.EmailEventBytes, context.RequestAborted);
        if (body is null) return (null, Problems.TooLarge(RequestLimits.EmailEventBytes));
        if (body.Length == 0) return (null, Problems.BadRequest("The request body is empty."));
        return (body, null);
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    private static string Cut(string text)
    {
        var clean = new string(text.Where(c => !char.IsControl(c)).ToArray());
        return clean.Length <= 300 ? clean : clean[..300];
    }
}
