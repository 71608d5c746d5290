using System.Globalization;
using Csp.Domain;
using Microsoft.AspNetCore.Http;

namespace Csp.Web.Forms;

/// <summary>The GOV.UK date input: <c>name-day</c>, <c>name-month</c>, <c>name-year</c>, with its error messages.</summary>
public static class DateParts
{
    public enum Outcome { Blank, Date, Invalid }

    /// <param name="label">How the error names the date, like "The child's date of birth".</param>
    public static Outcome Read(IFormCollection form, string name, string label, out DateOnly date, out string? error)
    {
        date = default;
        error = null;
        var day = form[name + "-day"].ToString().Trim();
        var month = form[name + "-month"].ToString().Trim();
        var year = form[name + "-year"].ToString().Trim();
        if (day.Length == 0 && month.Length == 0 && year.Length == 0) return Outcome.Blank;

        var missing = new[] { ("day", day), ("month", month), ("year", year) }.Where(p => p.Item2.Length == 0).Select(p => p.Item1).ToList();
        if (missing.Count > 0)
        {
            error = $"{label} must include a {string.Join(" and ", missing)}";
            return Outcome.Invalid;
        }
        if (!int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            || !int.TryParse(month, NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || year.Length != 4 || y < 1900 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            error = $"{label} must be a real date";
            return Outcome.Invalid;
        }
        date = new DateOnly(y, m, d);
        return Outcome.Date;
    }

    public static string Iso(DateOnly date) => DateWords.Iso(date);
}
