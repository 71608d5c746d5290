using System.Globalization;
using Csp.Domain.Calendar;
using Csp.Domain.Timescales;
using Csp.Workflow.Application;

namespace Csp.Workflow.AnnualReports;

/// <summary>
/// The four figures a partnership board puts in its yearly report, counted from an
/// <see cref="AnnualReport"/>: incidents by month and outcome, the timeliness of each statutory
/// deadline, working days from notification to decision, and open actions by age.
/// </summary>
public sealed record AnnualReportFigures(Figure IncidentsByMonth, Figure DeadlineTimeliness, Figure NotificationToDecision, Figure OpenActionsByAge)
{
    public const string Within = "within";
    public const string After = "after";
    public const string NotYetDue = "open";
    public const string Overdue = "overdue";

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The states a deadline's row counts, in the order they are drawn.</summary>
    public static readonly IReadOnlyList<DeadlineState> TimelinessStates =
        [DeadlineState.Met, DeadlineState.MetLate, DeadlineState.Overdue, DeadlineState.Missed, DeadlineState.Due, DeadlineState.Waived];

    public IEnumerable<Figure> All => [IncidentsByMonth, DeadlineTimeliness, NotificationToDecision, OpenActionsByAge];

    public static AnnualReportFigures From(AnnualReport report, StatutoryTimescales timescales)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(timescales);
        return new AnnualReportFigures(
            IncidentsFigure(report),
            TimelinessFigure(report),
            DecisionTimeFigure(report, timescales.RapidReviewDecisionWorkingDays),
            ActionsFigure(report));
    }

    public static string StateLabel(DeadlineState state) => state switch
    {
        DeadlineState.Met => "Met on time",
        DeadlineState.MetLate => "Met late",
        DeadlineState.Overdue => "Overdue, not met",
        DeadlineState.Missed => "Missed",
        DeadlineState.Waived => "Waived",
        _ => "Open, not yet due",
    };

    private static Figure IncidentsFigure(AnnualReport report)
    {
        var outcomes = Enum.GetValues<ReviewOutcome>();
        var received = report.Incidents.Where(i => report.Period.Contains(i.ReceivedOn)).ToList();
        var rows = report.Period.Months().Select(month => new FigureRow(
            month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            month.ToString("MMMM yyyy", English),
            outcomes.Select(o => received.Count(i => i.ReceivedOn.Year == month.Year && i.ReceivedOn.Month == month.Month && i.Outcome == o)).ToList())).ToList();
        var byOutcome = outcomes.Select(o => (Outcome: o, Count: received.Count(i => i.Outcome == o))).Where(x => x.Count > 0)
            .Select(x => $"{x.Count} {Lower(ReviewOutcomes.Label(x.Outcome))}");
        var summary = received.Count == 0
            ? $"No incident was received from {Date(report.Period.From)} to {Date(report.Period.To)}."
            : $"{Plural(received.Count, "incident was", "incidents were")} received from {Date(report.Period.From)} to {Date(report.Period.To)}: {string.Join(", ", byOutcome)}.";
        return new Figure("incidents-by-month", "Incidents by month received and outcome", summary, "Month received",
            outcomes.Select(o => new FigureSeries(o.ToString(), ReviewOutcomes.Label(o))).ToList(), rows);
    }

    private static Figure TimelinessFigure(AnnualReport report)
    {
        var rows = report.Deadlines.GroupBy(d => d.Kind).OrderBy(g => AnnualReportBuilder.KindOrder(g.Key))
            .Select(g => new FigureRow(g.Key, DeadlineAssessor.Label(g.Key), TimelinessStates.Select(s => g.Count(d => d.State == s)).ToList()))
            .ToList();
        var met = report.Deadlines.Count(d => d.State == DeadlineState.Met);
        var settled = report.Deadlines.Count(d => d.State is DeadlineState.Met or DeadlineState.MetLate or DeadlineState.Missed or DeadlineState.Overdue);
        var summary = report.Deadlines.Count == 0
            ? "No statutory deadline fell due in the period."
            : $"{met} of the {Plural(settled, "statutory deadline", "statutory deadlines")} due by {Date(report.AsOf)} {(met == 1 ? "was" : "were")} met on time ({Percent(met, settled)}).";
        return new Figure("deadline-timeliness", "Timeliness of each statutory deadline", summary, "Deadline",
            TimelinessStates.Select(s => new FigureSeries(s.ToString(), StateLabel(s))).ToList(), rows);
    }

    private static Figure DecisionTimeFigure(AnnualReport report, int deadlineWorkingDays)
    {
        // Bands of about a third of the deadline: three inside it, two after it, then the rest.
        var width = Math.Max(1, (int)Math.Ceiling(deadlineWorkingDays / 3.0));
        var bands = new List<(int Low, int High)>();
        for (var low = 0; low <= deadlineWorkingDays; low = bands[^1].High + 1)
            bands.Add((low, Math.Min(low == 0 ? width : low + width - 1, deadlineWorkingDays)));
        bands.Add((deadlineWorkingDays + 1, deadlineWorkingDays + width));
        bands.Add((deadlineWorkingDays + width + 1, deadlineWorkingDays + 2 * width));
        var last = deadlineWorkingDays + 2 * width;
        var times = report.NotificationToDecisionTimes;
        var rows = bands.Select(b => new FigureRow($"{b.Low}-{b.High}", $"{b.Low} to {b.High} working days", Counts(b.Low, b.High)))
            .Append(new FigureRow($"{last + 1}-", $"More than {last} working days", Counts(last + 1, int.MaxValue)))
            .ToList();
        var within = times.Count(t => t.WorkingDays <= deadlineWorkingDays);
        var summary = times.Count == 0
            ? "No Rapid Review decision was made in the period."
            : $"{within} of {Plural(times.Count, "Rapid Review decision", "Rapid Review decisions")} made in the period came within {deadlineWorkingDays} working days of the National Panel notification ({Percent(within, times.Count)}); the median was {Median(times.Select(t => t.WorkingDays))} working days.";
        return new Figure("notification-to-decision", "Time from the National Panel notification to the Rapid Review decision", summary, "Working days",
            [new FigureSeries(Within, $"Within {deadlineWorkingDays} working days"), new FigureSeries(After, $"After {deadlineWorkingDays} working days")], rows);

        List<int> Counts(int low, int high)
        {
            var n = times.Count(t => t.WorkingDays >= low && t.WorkingDays <= high);
            return high <= deadlineWorkingDays ? [n, 0] : [0, n];
        }
    }

    private static Figure ActionsFigure(AnnualReport report)
    {
        var open = report.Actions.Where(a => a.Status is ActionStatus.Open or ActionStatus.Overdue).ToList();
        var bands = MonthBands(ActionAgeBandMonths);
        var rows = bands.Select(b =>
        {
            var inBand = open.Where(a => InBand(a.PlanAgreedOn!.Value, b.FromMonths, b.ToMonths)).ToList();
            return new FigureRow(b.Key, b.Label, [inBand.Count(a => a.Status == ActionStatus.Open), inBand.Count(a => a.Status == ActionStatus.Overdue)]);
        }).ToList();
        var overdue = open.Count(a => a.Status == ActionStatus.Overdue);
        var summary = open.Count == 0
            ? $"No action of an agreed action plan was open on {Date(report.AsOf)}."
            : $"{Plural(open.Count, "action", "actions")} of agreed action plans {(open.Count == 1 ? "was" : "were")} open on {Date(report.AsOf)}, {overdue} of them past their due date.";
        return new Figure("open-actions-by-age", "Open actions by time since the action plan was agreed", summary, "Time since agreed",
            [new FigureSeries(NotYetDue, "Open, not yet due"), new FigureSeries(Overdue, "Open, past its due date")], rows);

        bool InBand(DateOnly agreed, int fromMonths, int toMonths) =>
            WorkingDayCalendar.AddCalendarMonths(agreed, fromMonths) <= report.AsOf
            && (toMonths == int.MaxValue || WorkingDayCalendar.AddCalendarMonths(agreed, toMonths) > report.AsOf);
    }

    /// <summary>Where the open-actions figure splits its bands, in months since the plan was agreed.</summary>
    private static readonly int[] ActionAgeBandMonths = [3, 6, 12];

    /// <summary>Bands between the edges, labelled "Under 3 months", "3 to 6 months", ..., "12 months or more".</summary>
    private static List<(string Key, string Label, int FromMonths, int ToMonths)> MonthBands(int[] edges)
    {
        var bands = new List<(string, string, int, int)> { ($"0-{edges[0]}", $"Under {TimescaleWords.Months(edges[0])}", 0, edges[0]) };
        for (var i = 1; i < edges.Length; i++)
            bands.Add(($"{edges[i - 1]}-{edges[i]}", $"{edges[i - 1]} to {TimescaleWords.Months(edges[i])}", edges[i - 1], edges[i]));
        bands.Add(($"{edges[^1]}-", $"{TimescaleWords.Months(edges[^1])} or more", edges[^1], int.MaxValue));
        return bands;
    }

    /// <summary>"Local CSPR" as "local CSPR": the first letter in lower case, acronyms kept.</summary>
    private static string Lower(string label) => label.Length > 1 && char.IsUpper(label[1]) ? label : char.ToLowerInvariant(label[0]) + label[1..];

    private static string Date(DateOnly date) => Documents.DocumentWords.Date(date);

    private static string Plural(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    private static string Percent(int part, int whole) => whole == 0 ? "none due" : (100.0 * part / whole).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
        return median.ToString("0.#", CultureInfo.InvariantCulture);
    }
}
