using System.Globalization;
using Csp.Domain;
using Csp.Domain.Calendar;
using Csp.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Csp.Web.Api;

/// <summary>
/// <c>GET /api/calendar/working-days?from=YYYY-MM-DD&amp;add=N</c>: the date N working days after
/// (before, if negative) the start on the partnership's calendar. Public reference data: no sign-in.
/// </summary>
public static class CalendarApi
{
    public const string Route = "/api/calendar/working-days";
    public const int MaxWorkingDays = 100_000;

    public sealed record WorkingDaysResult(string Date);

    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, AddWorkingDays).AllowAnonymous();
        return endpoints;
    }

    private static IResult AddWorkingDays(HttpContext context, WorkingDayCalendar calendar)
    {
        var query = context.Request.Query;
        var errors = new List<FieldError>();
        DateOnly from = default;
        var fromText = query["from"].ToString();
        if (fromText.Length == 0)
            errors.Add(new("from", "Enter the start date, written YYYY-MM-DD"));
        else if (query["from"].Count > 1 || !DateOnly.TryParseExact(fromText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out from))
            errors.Add(new("from", "The start date must be a real date, written YYYY-MM-DD"));

        var add = 0;
        var addText = query["add"].ToString();
        if (addText.Length == 0)
            errors.Add(new("add", "Enter the number of working days to add"));
        else if (query["add"].Count > 1 || !int.TryParse(addText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out add))
            errors.Add(new("add", "The number of working days must be a whole number"));
        else if (add is < -MaxWorkingDays or > MaxWorkingDays)
            errors.Add(new("add", $"The number of working days must be between {-MaxWorkingDays} and {MaxWorkingDays}"));
        if (errors.Count > 0) return Problems.Validation(errors, "The query has invalid parameters");

        try
        {
            var date = calendar.AddWorkingDays(from, add);
            return TypedResults.Json(new WorkingDaysResult(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), WebJson.Options);
        }
        catch (ArgumentOutOfRangeException)
        {
            return Problems.Validation([new("add", "The result falls outside the dates the calendar supports")], "The query has invalid parameters");
        }
    }
}
