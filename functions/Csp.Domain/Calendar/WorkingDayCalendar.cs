using System.Collections.Concurrent;

namespace Csp.Domain.Calendar;

/// <summary>
/// Working days in England and Wales: Monday to Friday except bank holidays (rule-based days,
/// substitute days and one-off proclaimed days). Counting follows the statutory guidance: day 0 is
/// the trigger day and the next working day is day 1. Immutable and thread-safe.
/// </summary>
public sealed class WorkingDayCalendar
{
    private readonly ConcurrentDictionary<int, IReadOnlyList<BankHoliday>> _byYear = new();
    private readonly ConcurrentDictionary<int, HashSet<DateOnly>> _datesByYear = new();

    /// <summary>The England-and-Wales calendar with only the built-in one-off changes.</summary>
    public static WorkingDayCalendar EnglandAndWales { get; } = new();

    /// <param name="additionalChanges">
    /// The partnership's own changes (from configuration), applied on top of
    /// <see cref="BankHolidays.EnglandAndWalesOneOffChanges"/>.
    /// </param>
    public WorkingDayCalendar(IEnumerable<BankHolidayChange>? additionalChanges = null)
    {
        var extra = additionalChanges?.ToList() ?? [];
        foreach (var change in extra) change.EnsureValid();
        Changes = [.. BankHolidays.EnglandAndWalesOneOffChanges, .. extra];
        Name = extra.Count == 0
            ? "England and Wales bank holidays"
            : $"England and Wales bank holidays with {extra.Count} local change(s)";
    }

    /// <summary>Names the calendar in a deadline's basis, so a record says which calendar was used.</summary>
    public string Name { get; }

    /// <summary>Every one-off change in force: built-in first, then the partnership's.</summary>
    public IReadOnlyList<BankHolidayChange> Changes { get; }

    public IReadOnlyList<BankHoliday> BankHolidaysIn(int year) =>
        _byYear.GetOrAdd(year, y => BankHolidays.ForYear(y, Changes));

    public bool IsBankHoliday(DateOnly date) =>
        _datesByYear.GetOrAdd(date.Year, y => BankHolidaysIn(y).Select(h => h.Date).ToHashSet()).Contains(date);

    public static bool IsWeekend(DateOnly date) =>
        date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    public bool IsWorkingDay(DateOnly date) => !IsWeekend(date) && !IsBankHoliday(date);

    /// <summary>
    /// The date <paramref name="workingDays"/> working days after <paramref name="date"/> (day 0).
    /// Negative counts go backwards: -1 is the last working day before <paramref name="date"/>.
    /// Zero returns <paramref name="date"/> itself, working day or not. From a non-working day, +1
    /// is still the first working day after it.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly date, int workingDays)
    {
        var step = Math.Sign(workingDays);
        var remaining = Math.Abs(workingDays);
        var current = date;
        while (remaining > 0)
        {
            current = current.AddDays(step);
            if (IsWorkingDay(current)) remaining--;
        }
        return current;
    }

    /// <summary>
    /// The working-day count from <paramref name="from"/> to <paramref name="to"/>, counted the same way
    /// as <see cref="AddWorkingDays"/>: working days after <paramref name="from"/> up to and including
    /// <paramref name="to"/>; negative (working days on or after <paramref name="to"/> and before
    /// <paramref name="from"/>) when <paramref name="to"/> is earlier. So for any working day
    /// <c>t = AddWorkingDays(from, n)</c>, <c>WorkingDaysBetween(from, t) == n</c>.
    /// </summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to == from) return 0;
        var (start, end, sign) = to > from ? (from.AddDays(1), to, 1) : (to, from.AddDays(-1), -1);
        var count = 0;
        for (var d = start; d <= end; d = d.AddDays(1))
        {
            if (IsWorkingDay(d)) count++;
        }
        return sign * count;
    }

    /// <summary><paramref name="date"/> if it is a working day, otherwise the first working day after it.</summary>
    public DateOnly NextWorkingDayOnOrAfter(DateOnly date)
    {
        var current = date;
        while (!IsWorkingDay(current)) current = current.AddDays(1);
        return current;
    }

    /// <summary><paramref name="date"/> if it is a working day, otherwise the last working day before it.</summary>
    public DateOnly PreviousWorkingDayOnOrBefore(DateOnly date)
    {
        var current = date;
        while (!IsWorkingDay(current)) current = current.AddDays(-1);
        return current;
    }

    /// <summary>
    /// Calendar months: the same day of the month, clamped to the month's last day
    /// (31 August + 6 months = 28 or 29 February). Bank holidays play no part.
    /// </summary>
    public static DateOnly AddCalendarMonths(DateOnly date, int months)
    {
        var target = new DateOnly(date.Year, date.Month, 1).AddMonths(months);
        var day = Math.Min(date.Day, DateTime.DaysInMonth(target.Year, target.Month));
        return new DateOnly(target.Year, target.Month, day);
    }
}
