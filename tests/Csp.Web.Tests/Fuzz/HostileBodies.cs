using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Csp.Web.Tests.Fuzz;

/// <summary>One generated request: what kind of hostility it carries, where it goes and its exact bytes.</summary>
public sealed record FuzzRequest(string Shape, string Path, byte[] Body, string ContentType, string? IdempotencyKey)
{
    public override string ToString() => $"{Shape} -> {Path}: {Convert.ToBase64String(Body.AsSpan(0, Math.Min(Body.Length, 600)))}";
}

/// <summary>
/// FsCheck generators of hostile request bodies, built from the sample referral and from action
/// fields: the shapes a fault-injection run found (lone surrogate escapes, duplicate keys with a
/// wrongly typed second value, invalid UTF-8 in names and values, control characters in names,
/// year-one dates, untrimmed emails, enums as numbers, unbounded names) and the usual ones (wrong
/// types, missing and unknown fields, truncation, flipped bytes, deep nesting, non-objects).
/// Raw JSON text that no serializer writes (lone escapes, repeated names, invalid bytes) is put in
/// through marker strings replaced after serialization.
/// </summary>
public static class HostileBodies
{
    public const string Json = "application/json";

    /// <summary>The shapes every run must contain.</summary>
    public static readonly string[] RequiredShapes =
    [
        "lone-surrogate-value", "lone-surrogate-name", "duplicate-key-wrong-type", "invalid-utf8-name-wrong-type", "invalid-utf8-value",
        "date-of-birth-year-one", "control-characters-in-name", "untrimmed-email", "enum-ordinal", "enum-numeric-string", "unbounded-agency-name",
        "wrong-type", "missing-field", "unknown-field", "truncated", "flipped-bytes", "deep-nesting", "not-an-object", "valid",
        "action-nul-in-agency-name", "action-unbounded-agency-name", "action-lone-surrogate", "action-duplicate-key", "action-invalid-utf8", "action-wrong-type",
    ];

    private static readonly string[] InvalidUtf8 = ["\xC3\x28", "\xFF", "\xED\xA0\x80", "\xF8\x88\x80\x80\x80", "\x80", "\xC0\xAF", "\xE2\x82"];
    private static readonly string[] LoneSurrogates = ["\\ud800", "\\udc00", "\\udbff", "\\udfff", "a\\ud83d", "\\ude00b"];
    private static readonly string[] ControlText = ["\r\nBcc: evil@evil.example", "Name\u0000", "\u0007bell", "tab\there", "\u001b[31mred", "\u0085next", "line\nbreak"];

    private static readonly JsonNode?[] WrongValues =
    [
        null, 0, -1, 1.5, 123456789012345678L, true, false, new JsonArray(), new JsonObject(), "", " ", "x",
        new JsonArray(1, "two", null), new JsonObject { ["nested"] = new JsonObject { ["deeper"] = 1 } },
        "9999-12-31", "2024-02-30", "0001-01-01", "24/03/2024", "<script>alert(1)</script>", "../../etc/passwd", "\u202Eevil", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    ];

    private static readonly string[][] EnumFields =
        [["child", "gender"], ["incident", "outcome"], ["incident", "abuseOrNeglect"], ["incident", "location"], ["involvedAgencies", "0", "agencyType"]];

    private static readonly string[][] NameFields =
        [["child", "firstName"], ["child", "lastName"], ["involvedAgencies", "1", "name"], ["referrer", "name"], ["signOff", "name"], ["referrer", "agency"]];

    private static readonly string[][] EmailFields = [["referrer", "email"], ["signOff", "email"], ["involvedAgencies", "2", "contactEmail"]];

    /// <summary>Referral bodies: mostly hostile, a few valid (which create incidents, or replay the shared key's).</summary>
    public static Gen<FuzzRequest> Referrals(string sampleJson, string path)
    {
        var leaves = Leaves(JsonNode.Parse(sampleJson)!).ToArray();
        var leaf = Gen.Elements(leaves);
        var wrong = Gen.Elements(WrongValues.Select((_, i) => i).ToArray()).Select(i => WrongValues[i]?.DeepClone());
        Gen<FuzzRequest> Doc(string shape, Func<JsonObject, JsonObject> change) =>
            Gen.Constant(0).Select(_ => Build(shape, path, change(Sample(sampleJson))));

        var shapes = new (int, Gen<FuzzRequest>)[]
        {
            (2, Doc("valid", d => d)),
            (8, from at in leaf from surrogate in Gen.Elements(LoneSurrogates)
                select Request("lone-surrogate-value", path, Marked(Sample(sampleJson), at, "\"" + surrogate + "\""))),
            (4, from surrogate in Gen.Elements(LoneSurrogates) from at in Gen.Elements("child", "incident", "referrer", "")
                select Request("lone-surrogate-name", path, WithRawProperty(Sample(sampleJson), at, "\"zz" + surrogate + "\"", "\"value\""))),
            (8, from at in leaf from value in wrong
                select Request("duplicate-key-wrong-type", path, WithDuplicate(Sample(sampleJson), at, value))),
            (6, from at in Gen.Elements("child", "incident", "referrer", "signOff", "") from bad in Gen.Elements(InvalidUtf8) from value in wrong
                select Bytes("invalid-utf8-name-wrong-type", path, WithRawProperty(Sample(sampleJson), at, "\"first" + Marker(0) + "Name\"", (value ?? JsonValue.Create(0)!).ToJsonString()), bad)),
            (4, from at in leaf from bad in Gen.Elements(InvalidUtf8)
                select Bytes("invalid-utf8-value", path, Marked(Sample(sampleJson), at, "\"ab" + Marker(0) + "cd\""), bad)),
            (3, Doc("date-of-birth-year-one", d => Set(d, ["child", "dateOfBirth"], "0001-01-01"))),
            (6, from at in Gen.Elements(NameFields) from text in Gen.Elements(ControlText)
                select Build("control-characters-in-name", path, Set(Sample(sampleJson), at, "Sam" + text))),
            (3, from at in Gen.Elements(EmailFields) from pad in Gen.Elements(" ", "  ", "\t", " \u00A0")
                select Build("untrimmed-email", path, Set(Sample(sampleJson), at, pad + (string)Get(Sample(sampleJson), at)! + pad))),
            (4, from at in Gen.Elements(EnumFields) from n in Gen.Choose(-2, 12)
                select Build("enum-ordinal", path, Set(Sample(sampleJson), at, JsonValue.Create(n)))),
            (4, from at in Gen.Elements(EnumFields) from n in Gen.Choose(-2, 12)
                select Build("enum-numeric-string", path, Set(Sample(sampleJson), at, n.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
            (3, from length in Gen.Elements(201, 1_000, 60_000, 200_000)
                select Build("unbounded-agency-name", path, Set(Sample(sampleJson), ["involvedAgencies", "0", "name"], new string('A', length)))),
            (14, from at in leaf from value in wrong select Build("wrong-type", path, Set(Sample(sampleJson), at, value))),
            (4, from at in leaf select Build("missing-field", path, Remove(Sample(sampleJson), at))),
            (3, from at in Gen.Elements("child", "incident", "referrer", "") from value in wrong
                select Build("unknown-field", path, Add(Sample(sampleJson), at, "surprise", value))),
            (6, from cut in Gen.Choose(0, 99) select Request("truncated", path, Truncate(sampleJson, cut))),
            (6, from flips in Gen.ListOf(Gen.Choose(0, int.MaxValue), 3) select new FuzzRequest("flipped-bytes", path, Flip(sampleJson, flips), Json, null)),
            (3, from depth in Gen.Elements(33, 64, 1_000, 5_000) from brace in Gen.Elements('[', '{')
                select Request("deep-nesting", path, Nest(depth, brace))),
            (3, from text in Gen.Elements("[]", "[{}]", "null", "0", "\"text\"", "true", "", "   ", "\uFEFF{}", "{}", "{\"child\":null}")
                select Request(text.Trim().Length == 0 ? "empty" : "not-an-object", path, text)),
            (1, from type in Gen.Elements("text/plain", "application/json; charset=utf-16", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")
                select new FuzzRequest("wrong-content-type", path, Encoding.UTF8.GetBytes(sampleJson), type, null)),
        };
        return Gen.Frequency(shapes);
    }

    /// <summary>Action bodies for an action with a text <c>name</c>, an enum <c>agencyType</c> and an email (add-scoping-agency).</summary>
    public static Gen<FuzzRequest> AgencyActions(string path)
    {
        static JsonObject Valid() => new() { ["name"] = "Exampleton Youth Offending Team", ["agencyType"] = "Other", ["contactEmail"] = "yot@exampleton.example" };
        var wrong = Gen.Elements(WrongValues.Select((_, i) => i).ToArray()).Select(i => WrongValues[i]?.DeepClone());
        var field = Gen.Elements("name", "agencyType", "contactEmail");
        return Gen.Frequency(
            (3, from nul in Gen.Elements("Agency\u0000", "\u0000", "A\u0000B", "Agency\r\nBcc: evil@evil.example")
                select Build("action-nul-in-agency-name", path, Set(Valid(), ["name"], nul))),
            (3, from length in Gen.Elements(201, 500, 10_000, 60_000)
                select Build("action-unbounded-agency-name", path, Set(Valid(), ["name"], new string('N', length)))),
            (3, from at in field from surrogate in Gen.Elements(LoneSurrogates)
                select Request("action-lone-surrogate", path, Marked(Valid(), [at], "\"" + surrogate + "\""))),
            (3, from at in field from value in wrong
                select Request("action-duplicate-key", path, WithDuplicate(Valid(), [at], value))),
            (3, from bad in Gen.Elements(InvalidUtf8) from value in wrong
                select Bytes("action-invalid-utf8", path, WithRawProperty(Valid(), "", "\"na" + Marker(0) + "me\"", (value ?? JsonValue.Create(1)!).ToJsonString()), bad)),
            (3, from at in field from value in wrong select Build("action-wrong-type", path, Set(Valid(), [at], value))),
            (1, from n in Gen.Choose(-1, 9) select Build("enum-ordinal", path, Set(Valid(), ["agencyType"], JsonValue.Create(n)))));
    }

    private static JsonObject Sample(string json) => JsonNode.Parse(json)!.AsObject();

    private static FuzzRequest Build(string shape, string path, JsonObject body) => Request(shape, path, body.ToJsonString());

    private static FuzzRequest Request(string shape, string path, string json) => new(shape, path, Encoding.UTF8.GetBytes(json), Json, null);

    /// <summary>The text with the first marker's bytes replaced by raw (invalid) bytes.</summary>
    private static FuzzRequest Bytes(string shape, string path, string json, string rawBytes)
    {
        var marker = Encoding.UTF8.GetBytes(Marker(0));
        var bytes = Encoding.UTF8.GetBytes(json);
        var at = bytes.AsSpan().IndexOf(marker);
        var raw = rawBytes.Select(c => (byte)c).ToArray();
        byte[] body = at < 0 ? [.. bytes, .. raw] : [.. bytes.AsSpan(0, at), .. raw, .. bytes.AsSpan(at + marker.Length)];
        return new FuzzRequest(shape, path, body, Json, null);
    }

    private static string Marker(int n) => $"ZZMARK{n}ZZ";

    /// <summary>The document with the value at <paramref name="at"/> replaced by raw JSON text.</summary>
    private static string Marked(JsonObject doc, IReadOnlyList<string> at, string rawValue)
    {
        Set(doc, at, Marker(1));
        return doc.ToJsonString().Replace("\"" + Marker(1) + "\"", rawValue, StringComparison.Ordinal);
    }

    /// <summary>A property added to the object at <paramref name="parent"/> ("" the root) with a raw name and value.</summary>
    private static string WithRawProperty(JsonObject doc, string parent, string rawName, string rawValue)
    {
        var target = parent.Length == 0 ? doc : doc[parent] as JsonObject ?? doc;
        target[Marker(2)] = 0;
        return doc.ToJsonString().Replace("\"" + Marker(2) + "\":0", rawName + ":" + rawValue, StringComparison.Ordinal);
    }

    /// <summary>The field at <paramref name="at"/> given a second time, with <paramref name="value"/>.</summary>
    private static string WithDuplicate(JsonObject doc, IReadOnlyList<string> at, JsonNode? value)
    {
        if (Parent(doc, at) is not JsonObject parent) return doc.ToJsonString();
        var name = at[^1];
        parent[Marker(3)] = value;
        return doc.ToJsonString().Replace("\"" + Marker(3) + "\":", "\"" + name + "\":", StringComparison.Ordinal);
    }

    private static JsonObject Set(JsonObject doc, IReadOnlyList<string> at, JsonNode? value)
    {
        switch (Parent(doc, at))
        {
            case JsonObject o:
                o[at[^1]] = value;
                break;
            case JsonArray a when int.TryParse(at[^1], out var i) && i < a.Count:
                a[i] = value;
                break;
        }
        return doc;
    }

    private static JsonObject Remove(JsonObject doc, IReadOnlyList<string> at)
    {
        if (Parent(doc, at) is JsonObject o) o.Remove(at[^1]);
        else if (Parent(doc, at) is JsonArray a && int.TryParse(at[^1], out var i) && i < a.Count) a.RemoveAt(i);
        return doc;
    }

    private static JsonObject Add(JsonObject doc, string parent, string name, JsonNode? value)
    {
        var target = parent.Length == 0 ? doc : doc[parent] as JsonObject ?? doc;
        target[name] = value;
        return doc;
    }

    private static JsonNode? Get(JsonObject doc, IReadOnlyList<string> at) => Parent(doc, at) switch
    {
        JsonObject o => o[at[^1]],
        JsonArray a when int.TryParse(at[^1], out var i) && i < a.Count => a[i],
        _ => null,
    };

    private static JsonNode? Parent(JsonObject doc, IReadOnlyList<string> at)
    {
        JsonNode? node = doc;
        foreach (var segment in at.Take(at.Count - 1))
        {
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }
        return node;
    }

    private static IEnumerable<string[]> Leaves(JsonNode node, string[]? path = null)
    {
        path ??= [];
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                {
                    string[] next = [.. path, name];
                    yield return next;
                    if (child is not null) foreach (var leaf in Leaves(child, next)) yield return leaf;
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    string[] next = [.. path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)];
                    yield return next;
                    if (a[i] is { } child) foreach (var leaf in Leaves(child, next)) yield return leaf;
                }
                break;
        }
    }

    private static string Truncate(string json, int percent) => json[..(json.Length * percent / 100)];

    private static byte[] Flip(string json, IReadOnlyList<int> positions)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        foreach (var p in positions) bytes[p % bytes.Length] ^= (byte)(1 << (p % 8));
        return bytes;
    }

    private static string Nest(int depth, char open) =>
        open == '['
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"child\":", depth)) + "1" + new string('}', depth);
}
