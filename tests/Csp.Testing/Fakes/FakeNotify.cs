using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace Csp.Testing.Fakes;

/// <summary>
/// GOV.UK Notify's <c>POST /v2/notifications/email</c> on loopback: checks the client's JWT (HS256
/// with the key's secret, issuer the service id), records each request and answers 201 as Notify does,
/// unless a scripted reply is queued.
/// </summary>
public sealed class FakeNotify : LoopbackServer
{
    public const string ServiceId = "26785a09-ab16-4eb0-8407-a37497a57506";
    public const string Secret = "3d844edf-8d35-48ac-975b-e847b4f122b0";

    /// <summary>An API key in Notify's format: name, service id, secret.</summary>
    public const string ApiKey = "csp_test-" + ServiceId + "-" + Secret;

    private readonly ConcurrentQueue<FakeReply> _scripted = new();

    private FakeNotify(WebApplication app) : base(app)
    {
    }

    public static Task<FakeNotify> StartAsync() => StartAsync(app => new FakeNotify(app), static (s, r) => s.Answer(r));

    public void Enqueue(params FakeReply[] replies)
    {
        foreach (var r in replies) _scripted.Enqueue(r);
    }

    /// <summary>The email notifications received, parsed.</summary>
    public IReadOnlyList<JsonElement> Emails => Requests.Where(r => r.Method == "POST" && r.Path == "/v2/notifications/email")
        .Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();

    private FakeReply Answer(RecordedRequest request)
    {
        if (request.Method != "POST" || request.Path != "/v2/notifications/email")
            return new FakeReply(404, """{"errors":[{"error":"NotFound","message":"Not found"}],"status_code":404}""");
        if (!ValidToken(request.Header("Authorization")))
            return new FakeReply(403, """{"errors":[{"error":"AuthError","message":"Invalid token: signature, api token not found"}],"status_code":403}""");
        if (_scripted.TryDequeue(out var scripted)) return scripted;
        var body = JsonDocument.Parse(request.Body).RootElement;
        var reply = new
        {
            id = Guid.NewGuid().ToString(),
            reference = body.TryGetProperty("reference", out var r) ? r.GetString() : null,
            content = new { body = "body", from_email = "csp@notifications.service.gov.uk", subject = "subject" },
            uri = "https://api.notifications.service.gov.uk/v2/notifications/1",
            template = new { id = body.GetProperty("template_id").GetString(), version = 1, uri = "https://api.notifications.service.gov.uk/v2/templates/1" },
        };
        return new FakeReply(201, JsonSerializer.Serialize(reply));
    }

    private static bool ValidToken(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal)) return false;
        var parts = authorization["Bearer ".Length..].Split('.');
        if (parts.Length != 3) return false;
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(parts[0] + "." + parts[1]));
        if (!CryptographicOperations.FixedTimeEquals(expected, FromBase64Url(parts[2]))) return false;
        var claims = JsonDocument.Parse(FromBase64Url(parts[1])).RootElement;
        return claims.TryGetProperty("iss", out var iss) && iss.GetString() == ServiceId;
    }

    private static byte[] FromBase64Url(string value)
    {
        var s = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
