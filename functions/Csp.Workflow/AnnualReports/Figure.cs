namespace Csp.Workflow.AnnualReports;

/// <summary>
/// Counts for one chart of the annual report: a row per category (a month, a deadline, a band),
/// a count per series (an outcome, a state). The page draws it as stacked bars and prints the same
/// numbers as a table.
/// </summary>
public sealed record Figure(string Id, string Title, string Summary, string CategoryHeading, IReadOnlyList<FigureSeries> Series, IReadOnlyList<FigureRow> Rows)
{
    public int Total => Rows.Sum(r => r.Total);

    /// <summary>The count of one series in one row (0 when the row is not there).</summary>
    public int Count(string rowKey, string seriesKey)
    {
        var row = Rows.FirstOrDefault(r => r.Key == rowKey);
        var index = Series.ToList().FindIndex(s => s.Key == seriesKey);
        return row is null || index < 0 ? 0 : row.Counts[index];
    }

    /// <summary>One series summed over every row.</summary>
    public int SeriesTotal(string seriesKey)
    {
        var index = Series.ToList().FindIndex(s => s.Key == seriesKey);
        return index < 0 ? 0 : Rows.Sum(r => r.Counts[index]);
    }
}

public sealed record FigureSeries(string Key, string Label);

public sealed record FigureRow(string Key, string Label, IReadOnlyList<int> Counts)
{
    public int Total => Counts.Sum();
}
