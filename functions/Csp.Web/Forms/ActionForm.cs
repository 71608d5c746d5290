using System.Globalization;
using System.Text.Json.Nodes;
using Csp.Domain;
using Csp.Domain.Calendar;
using Csp.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Csp.Web.Forms;

/// <summary>
/// Turns a form built from <see cref="ActionField"/>s (an incident action, an approval or a scoping
/// return) into the JSON object the API takes for the same action, so pages and API cannot drift.
/// Only the listed fields are read: anything else in the post (an incident id, say) is ignored.
/// </summary>
public static class ActionForm
{
    public const string Text = "text";
    public const string TextArea = "textarea";
    public const string Date = "date";
    public const string DateTime = "datetime";
    public const string Email = "email";
    public const string Select = "select";
    public const string Boolean = "boolean";
    public const string Number = "number";

    /// <summary>A value the page sets when it is shown and the person does not edit (the report version being approved).</summary>
    public const string Hidden = "hidden";

    public static JsonObject Bind(IFormCollection form, IReadOnlyList<ActionField> fields, List<FieldError> errors)
    {
        var body = new JsonObject();
        foreach (var field in fields)
        {
            var label = field.Label;
            var raw = form[field.Name].ToString().Trim();
            switch (field.Type)
            {
                case Date:
                    switch (DateParts.Read(form, field.Name, label, out var date, out var dateError))
                    {
                        case DateParts.Outcome.Date: body[field.Name] = DateParts.Iso(date); break;
                        case DateParts.Outcome.Invalid: errors.Add(new(field.Name, dateError!)); break;
                        default: Required(field, errors, $"Enter {Lower(label)}"); break;
                    }
                    break;
                case DateTime:
                    var time = form[field.Name + "-time"].ToString().Trim();
                    var dateOutcome = DateParts.Read(form, field.Name, label, out var day, out var dayError);
                    if (dateOutcome == DateParts.Outcome.Blank && time.Length == 0)
                    {
                        Required(field, errors, $"Enter {Lower(label)}");
                    }
                    else if (dateOutcome == DateParts.Outcome.Invalid)
                    {
                        errors.Add(new(field.Name, dayError!));
                    }
                    else if (dateOutcome == DateParts.Outcome.Blank
                             || !TimeOnly.TryParseExact(time, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock))
                    {
                        errors.Add(new(field.Name, $"{label} must be a real date and a time like 14:30"));
                    }
                    else
                    {
                        var local = day.ToDateTime(clock);
                        var offset = UkTime.Zone.GetUtcOffset(local);
                        body[field.Name] = new DateTimeOffset(local, offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
                    }
                    break;
                case Boolean:
                    // A single checkbox: ticked sends "true", unticked sends nothing, which means false.
                    if (raw is "true" or "false") body[field.Name] = raw == "true";
                    else if (raw.Length == 0) body[field.Name] = false;
                    else errors.Add(new(field.Name, $"{label}: tick the box or leave it empty"));
                    break;
                case Number:
                    if (raw.Length == 0) Required(field, errors, $"Enter {Lower(label)}");
                    else if (decimal.TryParse(raw, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                        body[field.Name] = number;
                    else errors.Add(new(field.Name, $"{label} must be a number"));
                    break;
                case Select:
                    if (raw.Length == 0) Required(field, errors, $"Select {Lower(label)}");
                    else if (field.AllowedValues is { } allowed && !allowed.Contains(raw, StringComparer.Ordinal))
                        errors.Add(new(field.Name, $"Select {Lower(label)} from the list"));
                    else body[field.Name] = raw;
                    break;
                default: // text, textarea, email and any type this page does not know: a string.
                    if (raw.Length == 0) Required(field, errors, $"Enter {Lower(label)}");
                    else body[field.Name] = form[field.Name].ToString();
                    break;
            }
        }
        return body;
    }

    private static void Required(ActionField field, List<FieldError> errors, string message)
    {
        if (field.Required) errors.Add(new(field.Name, message));
    }

    private static string Lower(string label) =>
        label.Length > 1 && char.IsUpper(label[0]) && !char.IsUpper(label[1]) ? char.ToLowerInvariant(label[0]) + label[1..] : label;

    /// <summary>
    /// The errors with those on a hidden field moved to the form's first visible field, so the error
    /// summary links to something the person can see and the message shows beside it.
    /// </summary>
    public static IReadOnlyList<FieldError> OnVisibleFields(IReadOnlyList<FieldError> errors, IReadOnlyList<ActionField> fields)
    {
        var visible = fields.FirstOrDefault(f => f.Type != Hidden)?.Name ?? "";
        var hidden = fields.Where(f => f.Type == Hidden).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        return errors.Select(e => hidden.Contains(e.Field) ? e with { Field = visible } : e).ToList();
    }

    /// <summary>The form state to show the fields (dates are registered so error links reach the day box).</summary>
    public static FormState State(IFormCollection? form, IReadOnlyList<FieldError> errors, IReadOnlyList<ActionField> fields, string idPrefix)
    {
        // Not yet posted: the form starts from the values the workflow filled in (a revision starts from the decision as recorded).
        var state = form is null
            ? new FormState(fields.Where(f => f.Type != Hidden && f.Value is not null).ToDictionary(f => f.Name, f => new Microsoft.Extensions.Primitives.StringValues(f.Value), StringComparer.Ordinal), errors, idPrefix)
            : FormState.From(form, errors, idPrefix);
        foreach (var field in fields.Where(f => f.Type is Date or DateTime)) state.DateFields.Add(field.Name);
        return state;
    }

    /// <summary>The fields filled in beforehand (a resubmission starts from the earlier answers), without errors.</summary>
    public static FormState State(IReadOnlyDictionary<string, Microsoft.Extensions.Primitives.StringValues> values, IReadOnlyList<ActionField> fields)
    {
        var state = new FormState(values, []);
        foreach (var field in fields.Where(f => f.Type is Date or DateTime)) state.DateFields.Add(field.Name);
        return state;
    }
}
