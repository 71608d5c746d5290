namespace Csp.Domain;

/// <summary>
/// One problem with one input field. <paramref name="Field"/> is a JSON-path-like name matching the
/// camelCase JSON property names (for example <c>involvedAgencies[1].contactEmail</c>), so the web
/// layer can put the message next to the right form control.
/// </summary>
public sealed record FieldError(string Field, string Message);
