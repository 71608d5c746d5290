namespace Csp.Web;

/// <summary>Dates as people in England see them (statutory days are UK local dates).</summary>
public static class UkTime
{
    public static readonly TimeZoneInfo Zone = FindZone();

    public static DateOnly Today(TimeProvider time) => Date(time.GetUtcNow());

    /// <summary>The UK calendar date at an instant.</summary>
    public static DateOnly Date(DateTimeOffset instant) => DateOnly.FromDateTime(Local(instant).DateTime);

    public static DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc; // A machine without time zone data: UTC is at most an hour out.
        }
    }
}
