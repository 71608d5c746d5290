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

    /// <summary>"2026-12-14".</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
