using Csp.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Csp.Web.Forms;

/// <summary>
/// What a person typed (to show again) and the errors against it. Field names are the same JSON
/// paths the API reports (<c>involvedAgencies[1].contactEmail</c>), so API and page errors agree.
/// </summary>
public sealed class FormState
{
    public static readonly FormState Empty = new(new Dictionary<string, StringValues>(), []);

    private readonly IReadOnlyDictionary<string, StringValues> _values;
    private readonly Dictionary<string, string> _errorByField;

    public FormState(IReadOnlyDictionary<string, StringValues> values, IReadOnlyList<FieldError> errors, string idPrefix = "")
    {
        _values = values;
        Errors = errors;
        IdPrefix = idPrefix;
        _errorByField = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var error in errors) _errorByField.TryAdd(error.Field, error.Message);
    }

    public static FormState From(IFormCollection form, IReadOnlyList<FieldError> errors, string idPrefix = "") =>
        new(form.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), errors, idPrefix);

    public IReadOnlyList<FieldError> Errors { get; }

    /// <summary>Prefix of element ids, so two forms on one page can have fields of the same name.</summary>
    public string IdPrefix { get; }

    /// <summary>Fields whose first control is not the field's own id (date inputs: the day box).</summary>
    public HashSet<string> DateFields { get; } = new(StringComparer.Ordinal);

    /// <summary>Fields shown as radios or checkboxes (errors link to the first option).</summary>
    public HashSet<string> ChoiceFields { get; } = new(StringComparer.Ordinal);

    public string Value(string name) => _values.TryGetValue(name, out var v) ? v.ToString() : "";

    public bool IsChosen(string name, string value) =>
        _values.TryGetValue(name, out var v) && v.Any(x => string.Equals(x, value, StringComparison.Ordinal));

    public string? ErrorFor(string field) => _errorByField.GetValueOrDefault(field);

    /// <summary>The message of the first error on this field or any part of it (a date's whole group).</summary>
    public string? ErrorForGroup(string field) =>
        ErrorFor(field) ?? Errors.FirstOrDefault(e => e.Field.StartsWith(field + ".", StringComparison.Ordinal))?.Message;

    public string Id(string field) => IdPrefix + field;

    /// <summary>The element an error summary link goes to.</summary>
    public string Anchor(string field)
    {
        if (DateFields.Contains(field)) return Id(field) + "-day";
        return Id(field);
    }
}
