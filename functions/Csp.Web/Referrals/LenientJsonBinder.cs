using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Csp.Domain;
using Csp.Web.Http;

namespace Csp.Web.Referrals;

/// <summary>
/// Binds JSON to a model reporting every value of the wrong type, not just the first: each value the
/// serializer cannot convert is recorded as a field error and taken out, and binding is tried again.
/// The model's own validation then reports what is missing or wrong in the rest.
/// </summary>
public static class LenientJsonBinder
{
    private const int MaxAttempts = 200;

    public static T Bind<T>(JsonObject root, List<FieldError> errors) where T : new()
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            try
            {
                return root.Deserialize<T>(WebJson.Options) ?? new T();
            }
            catch (JsonException ex) when (ParsePath(ex.Path ?? "") is { Count: > 0 } segments)
            {
                var field = FieldName(segments);
                if (!reported.Add(field))
                {
                    // The value was nulled but null is not allowed there either (an item of a list of
                    // enums): take out the whole list, already reported.
                    segments.RemoveAt(segments.Count - 1);
                    if (segments.Count == 0 || !TryRemove(root, segments)) break;
                    continue;
                }
                if (!TryRemove(root, segments)) break;
                errors.Add(new FieldError(field, MessageFor(typeof(T), segments)));
            }
            catch (JsonException)
            {
                break;
            }
        }
        errors.Add(new FieldError("", "The body does not have the expected structure"));
        return new T();
    }

    /// <summary>Removes (or, in a list, nulls) the value at the path.</summary>
    internal static bool TryRemove(JsonObject root, IReadOnlyList<object> segments)
    {
        JsonNode? parent = root;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            parent = segments[i] switch
            {
                string name when parent is JsonObject o && o.TryGetPropertyValue(FindName(o, name), out var child) => child,
                int index when parent is JsonArray a && index < a.Count => a[index],
                _ => null,
            };
            if (parent is null) return false;
        }
        var last = segments[^1];
        switch (last)
        {
            case string name when parent is JsonObject o && o.ContainsKey(FindName(o, name)):
                o.Remove(FindName(o, name));
                break;
            case int index when parent is JsonArray a && index < a.Count:
                a[index] = null; // Keep the indexes of later items as the client sent them.
                break;
            default:
                return false;
        }
        return true;
    }

    private static string FindName(JsonObject o, string name) =>
        o.ContainsKey(name) ? name : o.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) ?? name;

    internal static string FieldName(IReadOnlyList<object> segments)
    {
        var text = new System.Text.StringBuilder();
        foreach (var segment in segments)
        {
            if (segment is int index) text.Append('[').Append(index).Append(']');
            else
            {
                if (text.Length > 0) text.Append('.');
                var name = (string)segment;
                text.Append(name.Length > 0 ? char.ToLowerInvariant(name[0]) + name[1..] : name);
            }
        }
        return text.ToString();
    }

    /// <summary>The segments of an STJ path (<c>$.a.b[1].c</c> or <c>$['a.b']</c>): names and list indexes.</summary>
    internal static List<object>? ParsePath(string path)
    {
        if (!path.StartsWith('$')) return null;
        var segments = new List<object>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] != '.' && path[end] != '[') end++;
                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path[i] == '[')
            {
                if (i + 1 < path.Length && path[i + 1] == '\'')
                {
                    var close = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                    if (close < 0) return null;
                    segments.Add(path[(i + 2)..close]);
                    i = close + 2;
                }
                else
                {
                    var close = path.IndexOf(']', i);
                    if (close < 0 || !int.TryParse(path.AsSpan(i + 1, close - i - 1), out var index)) return null;
                    segments.Add(index);
                    i = close + 1;
                }
            }
            else return null;
        }
        return segments;
    }

    /// <summary>A GOV.UK-style message from the type the field should have.</summary>
    internal static string MessageFor(Type root, IReadOnlyList<object> segments)
    {
        var type = ResolveType(root, segments);
        if (type is null) return "This value is not valid";
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(DateOnly)) return "Enter a real date, written YYYY-MM-DD";
        if (type == typeof(bool)) return "Enter true or false";
        if (type.IsEnum) return "Enter one of: " + string.Join(", ", Enum.GetNames(type));
        if (type == typeof(string)) return "Enter text (in double quotes)";
        if (type == typeof(int) || type == typeof(long) || type == typeof(decimal) || type == typeof(double)) return "Enter a number";
        if (ElementType(type) is not null) return "Enter a list (in square brackets)";
        return "Enter an object (in curly brackets) with the expected fields";
    }

    private static Type? ResolveType(Type type, IReadOnlyList<object> segments)
    {
        Type? current = type;
        foreach (var segment in segments)
        {
            if (current is null) return null;
            current = Nullable.GetUnderlyingType(current) ?? current;
            current = segment switch
            {
                int => ElementType(current),
                string name => current.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType,
                _ => null,
            };
        }
        return current;
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type)) return null;
        if (type.IsArray) return type.GetElementType();
        return type.IsGenericType ? type.GetGenericArguments()[0] : null;
    }
}
