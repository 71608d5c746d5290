using System.Text.Json;
using System.Text.Unicode;
using Csp.Domain;
using Csp.Domain.Referrals;

namespace Csp.Web.Http;

/// <summary>
/// What JSON's grammar allows but no field of ours can hold, found in one pass over the bytes
/// before anything is bound: invalid UTF-8, escapes that are not Unicode text (a lone surrogate
/// such as <c>\ud800</c>), control characters other than tab and line breaks, and a field given
/// twice in one object (names compared as the binder compares them, ignoring case). Each is a
/// field error where there is a field to name; none reaches the binder, which would fail on them.
/// </summary>
public static class JsonBodyCheck
{
    /// <summary>The problem with the body, or null when every string and name is text and no name repeats.</summary>
    public static IReadOnlyList<FieldError>? Check(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        if (!Utf8.IsValid(utf8)) return [new FieldError("", "The body is not valid UTF-8 text")];

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth });
        var frames = new Stack<Frame>();
        string? pendingName = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var segment = ValueSegment(frames, pendingName);
                        pendingName = null;
                        frames.Push(new Frame(segment, reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var field = Field(frames, null);
                        if (!TryText(ref reader, out var name)) return [new FieldError(field, "A field name here is not valid text")];
                        var frame = frames.Peek();
                        if (!frame.Names.Add(name))
                            return [new FieldError(Field(frames, name), "This field is given more than once: give it once")];
                        if (ReferralValidator.HasControlCharacters(name, multiline: false))
                            return [new FieldError(field, "A field name here contains control characters")];
                        pendingName = name;
                        break;
                    case JsonTokenType.String:
                        var at = Field(frames, ValueSegment(frames, pendingName));
                        pendingName = null;
                        if (!TryText(ref reader, out var text)) return [new FieldError(at, "Enter text without invalid characters (a \\u escape here is not a character)")];
                        if (ReferralValidator.HasControlCharacters(text, multiline: true)) return [new FieldError(at, "Enter text without control characters")];
                        break;
                    default:
                        ValueSegment(frames, pendingName);
                        pendingName = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not well-formed: the parser that follows reports where.
            return null;
        }
        return null;
    }

    private sealed class Frame(string? segment, bool isArray)
    {
        public string? Segment { get; } = segment;
        public bool IsArray { get; } = isArray;
        public int NextIndex { get; set; }
        public HashSet<string> Names { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The path segment of the value about to be read: the property name, or the next index in an array.</summary>
    private static string? ValueSegment(Stack<Frame> frames, string? pendingName)
    {
        if (frames.Count == 0) return null;
        var parent = frames.Peek();
        if (!parent.IsArray) return pendingName;
        return "[" + parent.NextIndex++ + "]";
    }

    private static string Field(Stack<Frame> frames, string? last)
    {
        var segments = frames.Reverse().Select(f => f.Segment).Append(last).Where(s => s is not null).Cast<string>();
        var text = new System.Text.StringBuilder();
        foreach (var segment in segments)
        {
            if (segment.StartsWith('[')) text.Append(segment);
            else
            {
                if (text.Length > 0) text.Append('.');
                text.Append(segment.Length > 0 ? char.ToLowerInvariant(segment[0]) + segment[1..] : segment);
            }
        }
        return text.ToString();
    }

    private static bool TryText(ref Utf8JsonReader reader, out string text)
    {
        try
        {
            text = reader.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }
}
