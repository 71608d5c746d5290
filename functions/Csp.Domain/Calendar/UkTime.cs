namespace Csp.Domain.Calendar;

/// <summary>
/// Dates as people in England see them: statutory days are UK local dates. "Today" is always asked of
/// the one <see cref="TimeProvider"/> (or, inside an orchestration, its current time), through here.
/// </summary>
public static class UkTime
{
    public const string ZoneId = "Europe/London";

    public static TimeZoneInfo Zone { get; } = FindZone(ZoneId);

    /// <summary>Today's UK date by <paramref name="time"/>.</summary>
    public static DateOnly Today(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Date(time.GetUtcNow());
    }

    /// <summary>The UK calendar date at an instant.</summary>
    public static DateOnly Date(DateTimeOffset instant) => DateOnly.FromDateTime(Local(instant).DateTime);

    public static DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>
    /// A time zone by id; for <see cref="ZoneId"/> on a machine without time zone data, the UK rules
    /// themselves (GMT, and BST from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC).
    /// </summary>
    public static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            if (!string.Equals(id, ZoneId, StringComparison.Ordinal)) throw;
            var start = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 1, 0, 0), 3, 5, DayOfWeek.Sunday);
            var end = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 10, 5, DayOfWeek.Sunday);
            var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1), start, end);
            return TimeZoneInfo.CreateCustomTimeZone(ZoneId, TimeSpan.Zero, "UK time", "GMT", "BST", [rule]);
        }
    }
}
