using System.Text.Json.Serialization;
using Csp.Domain;
using Microsoft.AspNetCore.Http;

namespace Csp.Web.Http;

/// <summary>
/// RFC 9457 problem details for every API error. Field errors are listed in <c>errors</c>, each
/// with the JSON field path (<c>involvedAgencies[1].contactEmail</c>), a JSON Pointer to the same
/// place and the message, in the order the fields appear.
/// </summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static IResult Validation(IReadOnlyList<FieldError> errors, string title = "The request has invalid fields") =>
        Write(new ProblemBody(
            "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1", title, StatusCodes.Status400BadRequest,
            errors.Count == 1 ? errors[0].Message : $"{errors.Count} fields are invalid. Correct every one listed in 'errors'.")
        {
            Errors = errors.Select(e => new ProblemFieldError(e.Field, JsonPointer(e.Field), e.Message)).ToList(),
        });

    /// <summary>422: the fields were well-formed but the process refuses the action (a date past its deadline, a step out of order), with the reason.</summary>
    public static IResult Refused(string reason, IReadOnlyList<FieldError> errors) =>
        Write(new ProblemBody("https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21", "The action was refused", StatusCodes.Status422UnprocessableEntity, reason)
        {
            Errors = errors.Select(e => new ProblemFieldError(e.Field, JsonPointer(e.Field), e.Message)).ToList(),
        });

    /// <summary>409: what the action acts on changed since the form was shown (a newer report version to approve), with what to do and the field.</summary>
    public static IResult Changed(string reason, IReadOnlyList<FieldError> errors) =>
        Write(new ProblemBody(TypeFor(StatusCodes.Status409Conflict), "Changed since you opened it", StatusCodes.Status409Conflict, reason)
        {
            Errors = errors.Select(e => new ProblemFieldError(e.Field, JsonPointer(e.Field), e.Message)).ToList(),
        });

    public static IResult BadRequest(string detail, string title = "The request is not valid") =>
        Status(StatusCodes.Status400BadRequest, title, detail);

    public static IResult Unauthorized(string detail) =>
        Status(StatusCodes.Status401Unauthorized, "Sign-in required", detail);

    public static IResult Forbidden(string detail) =>
        Status(StatusCodes.Status403Forbidden, "Not allowed", detail);

    public static IResult NotFound(string detail) =>
        Status(StatusCodes.Status404NotFound, "Not found", detail);

    public static IResult Conflict(string detail, string title = "No longer possible") =>
        Status(StatusCodes.Status409Conflict, title, detail);

    public static IResult TooLarge(long limitBytes) =>
        Status(StatusCodes.Status413PayloadTooLarge, "The request body is too large",
            $"The body must be {limitBytes / 1024:N0} KiB or smaller.");

    public static IResult UnsupportedMediaType() =>
        Status(StatusCodes.Status415UnsupportedMediaType, "The body must be JSON",
            "Send the body as JSON with the header 'Content-Type: application/json'.");

    public static IResult Status(int status, string title, string detail) =>
        Write(new ProblemBody(TypeFor(status), title, status, detail));

    /// <summary>The problem as an object (for writers that are not minimal API results).</summary>
    public static ProblemBody Body(int status, string title, string detail) => new(TypeFor(status), title, status, detail);

    public static IResult Write(ProblemBody body) =>
        TypedResults.Json(body, WebJson.Options, ContentType, body.Status);

    /// <summary><c>involvedAgencies[1].contactEmail</c> as the JSON Pointer <c>#/involvedAgencies/1/contactEmail</c>.</summary>
    public static string JsonPointer(string field)
    {
        var parts = new List<string>();
        foreach (var segment in field.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = segment;
            var bracket = rest.IndexOf('[');
            if (bracket < 0)
            {
                parts.Add(Escape(rest));
                continue;
            }
            if (bracket > 0) parts.Add(Escape(rest[..bracket]));
            foreach (var index in rest[bracket..].Split(['[', ']'], StringSplitOptions.RemoveEmptyEntries))
                parts.Add(Escape(index));
        }
        return "#/" + string.Join('/', parts);

        static string Escape(string s) => s.Replace("~", "~0").Replace("/", "~1");
    }

    private static string TypeFor(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        403 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        405 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        410 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.11",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        415 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        _ when status >= 500 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
        _ => "about:blank",
    };
}

/// <summary>The problem details document.</summary>
public sealed record ProblemBody(string Type, string Title, int Status, string Detail)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ProblemFieldError>? Errors { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceId { get; init; }
}

public sealed record ProblemFieldError(string Field, string Pointer, string Message);
