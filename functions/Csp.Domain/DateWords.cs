using System.Globalization;

namespace Csp.Domain;

/// <summary>
/// The one way to write a date: in prose (emails, hints, deadline bases) the GOV.UK style with the
/// day of the week, "Monday 14 December 2026"; in files, the API and identifiers, ISO 8601 "2026-12-14".
/// </summary>
public static class DateWords
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>"Monday 14 December 2026".</summary>
    public static string Prose(DateOnly date) => date.ToString("dddd d MMMM yyyy", English);

    /// <summary>"Thursday 31 December 2026 at 10am".</summary>
    public static string ProseAt(DateTime local) => $"{Prose(DateOnly.FromDateTime(local))} at {Time(TimeOnly.FromDateTime(local))}";

    /// <summary>"Thursday 31 December 2026, 10am to 12pm" (the end's date too when it falls on another day).</summary>
    public static string ProseSpan(DateTime start, DateTime end) =>
        DateOnly.FromDateTime(start) == DateOnly.FromDateTime(end)
            ? $"{Prose(DateOnly.FromDateTime(start))}, {Time(TimeOnly.FromDateTime(start))} to {Time(TimeOnly.FromDateTime(end))}"
            : $"{ProseAt(start)} to {ProseAt(end)}";

    /// <summary>"2026-12-14".</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A time of day in the GOV.UK style: "8am", "10:30am", "12pm" (midday), "6pm".</summary>
    public static string Time(TimeOnly time)
    {
        var hour = time.Hour % 12 == 0 ? 12 : time.Hour % 12;
        var suffix = time.Hour < 12 ? "am" : "pm";
        return time.Minute == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hour}{suffix}")
            : string.Create(CultureInfo.InvariantCulture, $"{hour}:{time.Minute:00}{suffix}");
    }
}
