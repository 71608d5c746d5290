using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;

namespace Csp.Testing.Fakes;

/// <summary>
/// The Microsoft Graph calendar endpoints the product uses, on loopback (<c>/v1.0/users/{user}/events</c>):
/// list with a filter on the meeting-key extended property, create, update, cancel. Events live in
/// memory; a test sets attendees' answers as people would in Outlook.
/// </summary>
public sealed partial class FakeGraph : LoopbackServer
{
    private readonly Dictionary<string, JsonObject> _events = new(StringComparer.Ordinal);
    private readonly Queue<FakeReply> _scripted = new();
    private int _created;

    private FakeGraph(WebApplication app) : base(app)
    {
    }

    public static Task<FakeGraph> StartAsync() => StartAsync(app => new FakeGraph(app), static (s, r) => s.Answer(r));

    /// <summary>The base address to configure (<c>.../v1.0</c>).</summary>
    public Uri ApiBase => new(BaseAddress, "v1.0");

    public IReadOnlyList<JsonObject> Events
    {
        get
        {
            lock (this) return _events.Values.Select(e => (JsonObject)e.DeepClone()).ToList();
        }
    }

    /// <summary>The next replies, in order (Graph throttling a mailbox: a 429 with Retry-After), before the calendar answers again.</summary>
    public void Enqueue(params FakeReply[] replies)
    {
        lock (this)
        {
            foreach (var r in replies) _scripted.Enqueue(r);
        }
    }

    /// <summary>A 429 as Graph words it.</summary>
    public static FakeReply TooManyRequests(int retryAfterSeconds) =>
        new(429, """{"error":{"code":"ApplicationThrottled","message":"Application is over its MailboxConcurrency limit."}}""",
            new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    /// <summary>An attendee answers in their calendar (<c>accepted</c>, <c>tentativelyAccepted</c>, <c>declined</c>).</summary>
    public void Answer(string eventId, string email, string response)
    {
        lock (this)
        {
            foreach (var a in _events[eventId]["attendees"]!.AsArray())
                if (string.Equals((string?)a!["emailAddress"]!["address"], email, StringComparison.OrdinalIgnoreCase))
                    a["status"] = new JsonObject { ["response"] = response, ["time"] = "2025-03-06T10:00:00Z" };
        }
    }

    private FakeReply Answer(RecordedRequest request)
    {
        if (_scripted.TryDequeue(out var scripted)) return scripted;
        var match = EventsPath().Match(request.Path);
        if (!match.Success) return Error(404, "ResourceNotFound");
        var id = match.Groups["id"].Success ? match.Groups["id"].Value : null;
        var action = match.Groups["action"].Success ? match.Groups["action"].Value : null;
        switch (request.Method, id, action)
        {
            case ("GET", null, null):
            {
                var key = KeyFilter().Match(request.Query) is { Success: true } m ? m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal) : null;
                var found = _events.Values.Where(e => key is not null && (string?)e["_key"] == key).Select(Public).ToArray();
                return Json(200, new JsonObject { ["value"] = new JsonArray(found) });
            }
            case ("POST", null, null):
            {
                var body = JsonNode.Parse(request.Body)!.AsObject();
                var newId = $"AAMk-{Interlocked.Increment(ref _created)}";
                body["id"] = newId;
                body["iCalUId"] = $"040000008200E00074C5B7101A82E008{_created:D8}";
                body["isCancelled"] = false;
                body["_key"] = body["singleValueExtendedProperties"]?[0]?["value"]?.GetValue<string>();
                foreach (var a in body["attendees"]?.AsArray() ?? [])
                    a!["status"] = new JsonObject { ["response"] = "none", ["time"] = "0001-01-01T00:00:00Z" };
                _events[newId] = body;
                return Json(201, Public(body));
            }
            case ("PATCH", not null, null):
            {
                if (!_events.TryGetValue(id, out var existing) || (bool?)existing["isCancelled"] == true) return Error(404, "ErrorItemNotFound");
                foreach (var (name, value) in JsonNode.Parse(request.Body)!.AsObject()) existing[name] = value?.DeepClone();
                foreach (var a in existing["attendees"]?.AsArray() ?? [])
                    a!["status"] ??= new JsonObject { ["response"] = "none", ["time"] = "0001-01-01T00:00:00Z" };
                return Json(200, Public(existing));
            }
            case ("POST", not null, "cancel"):
            {
                if (!_events.TryGetValue(id, out var existing) || (bool?)existing["isCancelled"] == true) return Error(404, "ErrorItemNotFound");
                existing["isCancelled"] = true;
                existing["_cancelComment"] = JsonNode.Parse(request.Body)?["Comment"]?.DeepClone() ?? JsonNode.Parse(request.Body)?["comment"]?.DeepClone();
                return new FakeReply(202);
            }
            default:
                return Error(405, "MethodNotAllowed");
        }
    }

    /// <summary>The event as Graph shows it (without the fake's own bookkeeping).</summary>
    private static JsonObject Public(JsonObject e)
    {
        var copy = (JsonObject)e.DeepClone();
        foreach (var name in copy.Select(p => p.Key).Where(k => k.StartsWith('_')).ToList()) copy.Remove(name);
        return copy;
    }

    private static FakeReply Json(int status, JsonNode body) => new(status, body.ToJsonString());

    private static FakeReply Error(int status, string code) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = code } }.ToJsonString());

    [GeneratedRegex(@"^/v1\.0/users/[^/]+/events(?:/(?<id>[^/]+)(?:/(?<action>cancel))?)?$")]
    private static partial Regex EventsPath();

    [GeneratedRegex(@"ep/value eq '((?:[^']|'')*)'")]
    private static partial Regex KeyFilter();
}
