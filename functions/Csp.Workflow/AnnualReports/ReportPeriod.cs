using System.Globalization;
using Csp.Domain;

namespace Csp.Workflow.AnnualReports;

/// <summary>
/// The period an annual report or inspection export covers, both days included. A partnership
/// reports on a year (often April to March); the limit keeps one export to a size a spreadsheet
/// and a page open comfortably.
/// </summary>
public sealed record ReportPeriod
{
    /// <summary>The longest period one report covers: three years.</summary>
    public const int MaxYears = 3;

    public const string FromField = "from";
    public const string ToField = "to";

    private ReportPeriod(DateOnly from, DateOnly to)
    {
        From = from;
        To = to;
    }

    public DateOnly From { get; }
    public DateOnly To { get; }

    public bool Contains(DateOnly date) => date >= From && date <= To;

    /// <summary>The first day of every month the period touches, in order.</summary>
    public IReadOnlyList<DateOnly> Months()
    {
        var months = new List<DateOnly>();
        for (var m = new DateOnly(From.Year, From.Month, 1); m <= To; m = m.AddMonths(1)) months.Add(m);
        return months;
    }

    /// <summary>The twelve months up to and including <paramref name="today"/>: what the page shows first.</summary>
    public static ReportPeriod YearTo(DateOnly today) => new(today.AddYears(-1).AddDays(1), today);

    /// <summary>
    /// A period, or the reasons it is not one (field <c>from</c> or <c>to</c>): it must start no
    /// later than today and end on or after its start, and be at most <see cref="MaxYears"/> years long.
    /// It may end after today (a year to date).
    /// </summary>
    public static ReportPeriod Create(DateOnly from, DateOnly to, DateOnly today)
    {
        var errors = new List<FieldError>();
        if (from > today)
            errors.Add(new(FromField, $"The start of the period must be today ({Iso(today)}) or earlier"));
        if (to < from)
            errors.Add(new(ToField, "The end of the period must be the same as or after the start"));
        else if (to >= from.AddYears(MaxYears))
            errors.Add(new(ToField, $"The period must be {MaxYears} years or shorter"));
        if (errors.Count > 0) throw new DomainException("The period is not valid.", errors);
        return new ReportPeriod(from, to);
    }

    public override string ToString() => $"{Iso(From)} to {Iso(To)}";

    private static string Iso(DateOnly date) => DateWords.Iso(date);
}
