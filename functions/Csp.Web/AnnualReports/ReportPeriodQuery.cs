using System.Globalization;
using Csp.Domain;
using Csp.Web.Forms;
using Csp.Workflow.AnnualReports;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Csp.Web.AnnualReports;

/// <summary>
/// The report's period from the query string: <c>from</c> and <c>to</c> as ISO dates (download
/// links), or the GOV.UK date inputs <c>from-day</c>, <c>from-month</c>, <c>from-year</c> (and the
/// same for <c>to</c>) that the page's form sends. Nothing given means the twelve months to today.
/// Errors name the field (<c>from</c> or <c>to</c>) with a message a person can act on.
/// </summary>
public static class ReportPeriodQuery
{
    private static readonly string[] Parts = ["day", "month", "year"];

    private static readonly (string Field, string Label)[] Dates =
        [(ReportPeriod.FromField, "The start of the period"), (ReportPeriod.ToField, "The end of the period")];

    public sealed record Result(ReportPeriod? Period, IReadOnlyList<FieldError> Errors, FormState Form);

    public static Result Read(IQueryCollection query, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(query);
        var given = Dates.Any(d => query.ContainsKey(d.Field) || Parts.Any(p => query.ContainsKey(d.Field + "-" + p)));
        var values = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        var dates = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        if (!given)
        {
            var year = ReportPeriod.YearTo(today);
            dates[ReportPeriod.FromField] = year.From;
            dates[ReportPeriod.ToField] = year.To;
        }
        else
        {
            var parts = new FormCollection(query.ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal));
            foreach (var (field, label) in Dates)
            {
                if (Read(query, parts, field, label, out var date, out var error)) dates[field] = date;
                else errors.Add(new FieldError(field, error!));
            }
        }

        ReportPeriod? period = null;
        if (errors.Count == 0)
        {
            try
            {
                period = ReportPeriod.Create(dates[ReportPeriod.FromField], dates[ReportPeriod.ToField], today);
            }
            catch (DomainException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        // Show what was typed again; an ISO date (a download link's) is shown in the date inputs.
        foreach (var (field, _) in Dates)
        {
            foreach (var part in Parts)
            {
                var key = field + "-" + part;
                values[key] = dates.TryGetValue(field, out var d) && !query.ContainsKey(key)
                    ? (part == "day" ? d.Day : part == "month" ? d.Month : d.Year).ToString(CultureInfo.InvariantCulture)
                    : query[key];
            }
        }
        var form = new FormState(values, errors);
        form.DateFields.Add(ReportPeriod.FromField);
        form.DateFields.Add(ReportPeriod.ToField);
        return new Result(period, errors, form);
    }

    private static bool Read(IQueryCollection query, IFormCollection parts, string field, string label, out DateOnly date, out string? error)
    {
        date = default;
        error = null;
        if (query.TryGetValue(field, out var iso))
        {
            if (iso.Count == 1 && DateOnly.TryParseExact(iso.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)) return true;
            error = iso.Count > 1 ? $"{label} was given more than once" : $"{label} must be a real date in the form YYYY-MM-DD";
            return false;
        }
        if (Parts.Any(p => parts[field + "-" + p].Count > 1))
        {
            error = $"{label} was given more than once";
            return false;
        }
        switch (DateParts.Read(parts, field, label, out date, out error))
        {
            case DateParts.Outcome.Date: return true;
            case DateParts.Outcome.Blank: error = $"Enter {char.ToLowerInvariant(label[0])}{label[1..]}"; return false;
            default: return false;
        }
    }

    /// <summary>The period as the query string download links carry.</summary>
    public static string QueryString(ReportPeriod period) =>
        $"from={DateParts.Iso(period.From)}&to={DateParts.Iso(period.To)}";
}
