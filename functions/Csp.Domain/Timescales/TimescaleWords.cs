namespace Csp.Domain.Timescales;

/// <summary>
/// A configured period in words, for emails, hints and timeline lines: "5 working days", "1 working day",
/// "6 months". Message text renders its periods through here from <see cref="StatutoryTimescales"/> (or the
/// local procedure's options), so a partnership that changes a timescale gets text that matches its deadlines.
/// </summary>
public static class TimescaleWords
{
    public static string WorkingDays(int days) => Count(days, "working day", "working days");

    public static string CalendarDays(int days) => Count(days, "day", "days");

    public static string Months(int months) => Count(months, "month", "months");

    public static string Minutes(int minutes) => Count(minutes, "minute", "minutes");

    public static string Hours(int hours) => Count(hours, "hour", "hours");

    /// <summary>A length of time in minutes as a person says it: "15 minutes", "8 hours", "1 hour 30 minutes".</summary>
    public static string Duration(int minutes)
    {
        var (hours, rest) = (minutes / 60, minutes % 60);
        return hours == 0 ? Minutes(rest) : rest == 0 ? Hours(hours) : $"{Hours(hours)} {Minutes(rest)}";
    }

    private static string Count(int n, string one, string many) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{n} {(Math.Abs(n) == 1 ? one : many)}");
}
