using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CspFunctions.Tests.Infrastructure;

/// <summary>
/// Evaluates the ARM template expressions <c>bicep build</c> writes for app settings
/// (<c>[union(createObject('Name', parameters('x'), ...), if(equals(...), createObject(...), createObject()))]</c>)
/// under given parameter values, so tests see exactly the settings a deployment writes. Functions
/// whose value only Azure knows (<c>reference</c>, <c>environment</c>, ...) give <see cref="Unknown"/>.
/// </summary>
public static class ArmExpression
{
    /// <summary>A value Azure computes at deployment (a resource's endpoint, an identity's id).</summary>
    public const string Unknown = "<unknown>";

    public static object? Evaluate(JsonElement value, IReadOnlyDictionary<string, object?> parameters) => value.ValueKind switch
    {
        JsonValueKind.String => Evaluate(value.GetString()!, parameters),
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => Evaluate(p.Value, parameters), StringComparer.Ordinal),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => value.ToString(),
    };

    public static object? Evaluate(string text, IReadOnlyDictionary<string, object?> parameters)
    {
        if (!(text.StartsWith('[') && text.EndsWith(']')) || text.StartsWith("[[", StringComparison.Ordinal)) return text;
        var parser = new Parser(text[1..^1], parameters);
        var result = parser.Expression();
        parser.End();
        return result;
    }

    private sealed class Parser(string text, IReadOnlyDictionary<string, object?> parameters)
    {
        private int _at;

        public void End()
        {
            Skip();
            if (_at != text.Length) throw new FormatException($"Unexpected '{text[_at..]}' in an ARM expression.");
        }

        public object? Expression()
        {
            Skip();
            object? value;
            if (text[_at] == '\'') value = StringLiteral();
            else if (char.IsDigit(text[_at])) value = Number();
            else
            {
                var name = Identifier();
                Expect('(');
                var args = new List<object?>();
                Skip();
                if (text[_at] != ')')
                {
                    do args.Add(Expression()); while (TryTake(','));
                }
                Expect(')');
                value = Call(name, args);
            }
            // Property access (environment().authentication.loginEndpoint) and indexing.
            while (true)
            {
                Skip();
                if (TryTake('.'))
                {
                    var property = Identifier();
                    value = value is IDictionary<string, object?> map && map.TryGetValue(property, out var v) ? v : Unknown;
                }
                else if (TryTake('['))
                {
                    _ = Expression();
                    Expect(']');
                    value = Unknown;
                }
                else return value;
            }
        }

        private object? Call(string name, List<object?> args)
        {
            switch (name)
            {
                case "parameters":
                    return parameters.TryGetValue((string)args[0]!, out var p) ? p : Unknown;
                case "createObject":
                    var created = new Dictionary<string, object?>(StringComparer.Ordinal);
                    for (var i = 0; i + 1 < args.Count; i += 2) created[(string)args[i]!] = args[i + 1];
                    return created;
                case "union":
                    var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var arg in args)
                    {
                        if (arg is not IDictionary<string, object?> map) return Unknown;
                        foreach (var (k, v) in map) merged[k] = v;
                    }
                    return merged;
                case "if":
                    return args[0] switch { true => args[1], false => args[2], _ => Unknown };
                case "equals":
                    return args[0] is string a && args[1] is string b && a != Unknown && b != Unknown
                        ? string.Equals(a, b, StringComparison.OrdinalIgnoreCase) : Unknown;
                case "not":
                    return args[0] is bool x ? !x : Unknown;
                case "empty":
                    return args[0] switch { string s when s != Unknown => s.Length == 0, IDictionary<string, object?> m => m.Count == 0, _ => Unknown };
                case "format":
                    var format = (string)args[0]!;
                    var builder = new StringBuilder();
                    for (var i = 0; i < format.Length; i++)
                    {
                        if (format[i] == '{' && i + 2 < format.Length && char.IsDigit(format[i + 1]))
                        {
                            var close = format.IndexOf('}', i);
                            var index = int.Parse(format[(i + 1)..close], CultureInfo.InvariantCulture);
                            builder.Append(args[index + 1] is string s ? s : Unknown);
                            i = close;
                        }
                        else builder.Append(format[i]);
                    }
                    return builder.ToString();
                case "toLower":
                    return args[0] is string t && t != Unknown ? t.ToLowerInvariant() : Unknown;
                default:
                    return Unknown;
            }
        }

        private string StringLiteral()
        {
            Expect('\'');
            var builder = new StringBuilder();
            while (true)
            {
                if (text[_at] == '\'')
                {
                    if (_at + 1 < text.Length && text[_at + 1] == '\'')
                    {
                        builder.Append('\'');
                        _at += 2;
                        continue;
                    }
                    _at++;
                    return builder.ToString();
                }
                builder.Append(text[_at++]);
            }
        }

        private string Number()
        {
            var start = _at;
            while (_at < text.Length && char.IsDigit(text[_at])) _at++;
            return text[start.._at];
        }

        private string Identifier()
        {
            Skip();
            var start = _at;
            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] == '_')) _at++;
            if (start == _at) throw new FormatException($"Expected a name at '{text[start..]}'.");
            return text[start.._at];
        }

        private void Expect(char c)
        {
            Skip();
            if (_at >= text.Length || text[_at] != c) throw new FormatException($"Expected '{c}' at '{text[Math.Min(_at, text.Length)..]}'.");
            _at++;
        }

        private bool TryTake(char c)
        {
            Skip();
            if (_at < text.Length && text[_at] == c)
            {
                _at++;
                return true;
            }
            return false;
        }

        private void Skip()
        {
            while (_at < text.Length && text[_at] == ' ') _at++;
        }
    }
}
