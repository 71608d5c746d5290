using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace Csp.Testing.Fakes;

/// <summary>
/// SendGrid v3 <c>POST /v3/mail/send</c> on loopback: records each request; answers 202 with an
/// <c>X-Message-Id</c> unless a scripted reply is queued (a 429 with Retry-After, a 400 with errors).
/// </summary>
public sealed class FakeSendGrid : LoopbackServer
{
    private readonly ConcurrentQueue<FakeReply> _scripted = new();
    private readonly ConcurrentDictionary<string, FakeReply> _refused = new(StringComparer.OrdinalIgnoreCase);
    private int _sent;

    private FakeSendGrid(WebApplication app) : base(app)
    {
    }

    public static Task<FakeSendGrid> StartAsync() => StartAsync(app => new FakeSendGrid(app), static (s, r) => s.Answer(r));

    /// <summary>The next replies, in order, before the default 202s resume.</summary>
    public void Enqueue(params FakeReply[] replies)
    {
        foreach (var r in replies) _scripted.Enqueue(r);
    }

    /// <summary>Every mail to <paramref name="address"/> gets <paramref name="reply"/> (SendGrid refusing that recipient).</summary>
    public void RefuseTo(string address, FakeReply reply) => _refused[address] = reply;

    /// <summary>A 400 as SendGrid words it.</summary>
    public static FakeReply BadRequest(string message, string field) =>
        new(400, JsonSerializer.Serialize(new { errors = new[] { new { message, field, help = (string?)null } } }));

    public static FakeReply TooManyRequests(int retryAfterSeconds) =>
        new(429, """{"errors":[{"field":null,"message":"too many requests"}]}""", new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    /// <summary>The bodies of the mail sends received, parsed.</summary>
    public IReadOnlyList<JsonElement> Mails => Requests.Where(r => r.Method == "POST" && r.Path == "/v3/mail/send")
        .Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();

    /// <summary>The mails accepted for <paramref name="recipient"/> (subject, plain text), newest first.</summary>
    public IReadOnlyList<(string Subject, string TextBody)> Inbox(string recipient) => Mails
        .Where(m => string.Equals(m.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString(), recipient, StringComparison.OrdinalIgnoreCase))
        .Select(m => (m.GetProperty("subject").GetString() ?? "", m.GetProperty("content")[0].GetProperty("value").GetString() ?? ""))
        .Reverse()
        .ToList();

    private FakeReply Answer(RecordedRequest request)
    {
        if (request.Method != "POST" || request.Path != "/v3/mail/send") return new FakeReply(404, """{"errors":[{"message":"not found"}]}""");
        if (_scripted.TryDequeue(out var scripted)) return scripted;
        if (!_refused.IsEmpty)
        {
            var to = JsonDocument.Parse(request.Body).RootElement.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString() ?? "";
            if (_refused.TryGetValue(to, out var refusal)) return refusal;
        }
        var id = $"fake-{Interlocked.Increment(ref _sent):D4}";
        return new FakeReply(202, null, new Dictionary<string, string> { ["X-Message-Id"] = id });
    }
}
