using System.Globalization;
using System.Text.Json;
using Csp.Domain;
using Csp.Domain.Referrals;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;

namespace Csp.Workflow.Actions;

/// <summary>
/// Reads and validates an action's submitted fields against its definition: every error at once,
/// values normalised to strings (dates <c>yyyy-MM-dd</c>, date-times ISO 8601 with offset, booleans
/// <c>true</c>/<c>false</c>, selects in their canonical spelling). Unknown fields are ignored.
/// </summary>
public static class ActionForm
{
    public const int MaxTextLength = 500;
    public const int MaxTextAreaLength = 20_000;

    public sealed record Result(IReadOnlyDictionary<string, string> Values, IReadOnlyList<FieldError> Errors)
    {
        public bool IsValid => Errors.Count == 0;
    }

    /// <param name="fields">The fields to read (an action's fields, or the subset a link page shows).</param>
    public static Result Read(IReadOnlyList<ActionField> fields, JsonElement submission, WorkflowCalendar calendar)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        if (submission.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            errors.Add(new FieldError("", "The form must be a JSON object of field values"));
            return new Result(values, errors);
        }
        foreach (var field in fields)
        {
            string? raw = null;
            if (submission.ValueKind == JsonValueKind.Object && TryGetProperty(submission, field.Name, out var element))
            {
                raw = element.ValueKind switch
                {
                    JsonValueKind.String => element.GetString(),
                    JsonValueKind.Number => element.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null => null,
                    _ => "\u0000invalid",
                };
            }
            if (raw == "\u0000invalid")
            {
                errors.Add(new FieldError(field.Name, $"{field.Label} must be a single value"));
                continue;
            }
            raw = raw?.Trim();
            if (string.IsNullOrEmpty(raw))
            {
                if (field.Type == "boolean") values[field.Name] = "false";
                else if (field.Required) errors.Add(new FieldError(field.Name, $"Enter {Lower(field.Label)}"));
                continue;
            }
            var (value, error) = Normalise(field, raw, calendar);
            if (error is not null) errors.Add(new FieldError(field.Name, error));
            else values[field.Name] = value!;
        }
        return new Result(values, errors);
    }

    private static (string? Value, string? Error) Normalise(ActionField field, string raw, WorkflowCalendar calendar)
    {
        switch (field.Type)
        {
            case "text":
                var max = field.MaxLength ?? MaxTextLength;
                if (raw.Length > max) return (null, $"{field.Label} must be {max:N0} characters or fewer");
                return ReferralValidator.HasControlCharacters(raw, multiline: false)
                    ? (null, $"{field.Label} must be one line of text, without line breaks or control characters")
                    : (raw, null);
            case "hidden":
                // Set by the page, not typed: still only a short line of text.
                return raw.Length > MaxTextLength || ReferralValidator.HasControlCharacters(raw, multiline: false)
                    ? (null, $"{field.Label} is not valid: reload the page")
                    : (raw, null);
            case "textarea":
                var areaMax = field.MaxLength ?? MaxTextAreaLength;
                if (raw.Length > areaMax) return (null, $"{field.Label} must be {areaMax:N0} characters or fewer");
                return ReferralValidator.HasControlCharacters(raw, multiline: true) ? (null, $"{field.Label} must not contain control characters") : (raw, null);
            case "email":
                return IsEmail(raw) ? (raw, null) : (null, $"Enter {Lower(field.Label)} in the correct format, like name@example.org");
            case "date":
                return DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? (d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null)
                    : (null, $"{field.Label} must be a real date written YYYY-MM-DD");
            case "datetime":
                return ParseDateTime(raw, calendar) is { } at
                    ? (at.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture), null)
                    : (null, $"{field.Label} must be a date and time written YYYY-MM-DDTHH:MM");
            case "number":
                return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
                    ? (n.ToString(CultureInfo.InvariantCulture), null)
                    : (null, $"{field.Label} must be a whole number, 0 or more");
            case "boolean":
                return raw.ToLowerInvariant() switch
                {
                    "true" or "on" or "yes" or "1" => ("true", null),
                    "false" or "off" or "no" or "0" => ("false", null),
                    _ => (null, $"{field.Label} must be yes or no"),
                };
            case "select":
                var match = field.AllowedValues?.FirstOrDefault(v => string.Equals(v, raw, StringComparison.OrdinalIgnoreCase));
                return match is null ? (null, $"Select {Lower(field.Label)} from the list") : (match, null);
            default:
                return (raw, null);
        }
    }

    /// <summary>A date-time with an offset, or a local (UK) date-time without one.</summary>
    public static DateTimeOffset? ParseDateTime(string raw, WorkflowCalendar calendar)
    {
        if (raw.Length > 10 && (raw.EndsWith('Z') || raw.LastIndexOfAny(['+', '-']) > 10)
            && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
            return withOffset;
        string[] formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"];
        if (System.DateTime.TryParseExact(raw, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            var utc = calendar.AtLocal(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
            return new DateTimeOffset(utc, TimeSpan.Zero);
        }
        return null;
    }

    public static bool IsEmail(string? value) => EmailAddresses.IsValid(value);

    private static bool TryGetProperty(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.TryGetProperty(name, out value)) return true;
        foreach (var p in obj.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = p.Value;
                return true;
            }
        }
        return false;
    }

    private static string Lower(string label) => label.Length > 1 && char.IsUpper(label[0]) && !char.IsUpper(label[1])
        ? char.ToLowerInvariant(label[0]) + label[1..]
        : label;
}
