namespace Csp.Domain.Calendar;

/// <summary>
/// England-and-Wales bank holidays computed by rule for any year, plus the one-off changes
/// proclaimed for particular years. The rules are today's (early May since 1978, spring since 1971);
/// earlier years are computed with the same rules.
/// </summary>
public static class BankHolidays
{
    /// <summary>
    /// One-off changes from gov.uk's published lists. Newer proclamations go in configuration
    /// (<see cref="WorkingDayCalendar"/> takes extra changes) until they are added here.
    /// </summary>
    public static IReadOnlyList<BankHolidayChange> EnglandAndWalesOneOffChanges { get; } =
    [
        new(null, new DateOnly(2011, 4, 29), "Royal wedding"),
        new(new DateOnly(2012, 5, 28), new DateOnly(2012, 6, 4), "Spring bank holiday moved to Monday 4 June 2012 (Diamond Jubilee)"),
        new(null, new DateOnly(2012, 6, 5), "Queen's Diamond Jubilee"),
        new(new DateOnly(2020, 5, 4), new DateOnly(2020, 5, 8), "Early May bank holiday moved to Friday 8 May 2020 (VE Day)"),
        new(new DateOnly(2022, 5, 30), new DateOnly(2022, 6, 2), "Spring bank holiday moved to Thursday 2 June 2022 (Platinum Jubilee)"),
        new(null, new DateOnly(2022, 6, 3), "Platinum Jubilee bank holiday"),
        new(null, new DateOnly(2022, 9, 19), "Bank Holiday for the State Funeral of Queen Elizabeth II"),
        new(null, new DateOnly(2023, 5, 8), "Bank holiday for the coronation of King Charles III"),
    ];

    /// <summary>Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = (19 * a + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + 2 * e + 2 * i - h - k) % 7;
        var m = (a + 11 * h + 22 * l) / 451;
        var month = (h + l - 7 * m + 114) / 31;
        var day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }

    /// <summary>The bank holidays the standing rules give for <paramref name="year"/>, before one-off changes.</summary>
    public static IReadOnlyList<BankHoliday> ByRule(int year)
    {
        var easter = EasterSunday(year);
        var holidays = new List<BankHoliday>
        {
            NewYear(year),
            new(easter.AddDays(-2), "Good Friday"),
            new(easter.AddDays(1), "Easter Monday"),
            new(FirstMonday(year, 5), "Early May bank holiday"),
            new(LastMonday(year, 5), "Spring bank holiday"),
            new(LastMonday(year, 8), "Summer bank holiday"),
        };
        holidays.AddRange(ChristmasAndBoxingDay(year));
        return holidays;
    }

    /// <summary>
    /// The bank holidays of <paramref name="year"/>: the rule-based days plus the days
    /// <paramref name="changes"/> add, minus the days they remove (a removal wins, so configuration
    /// can also withdraw a built-in addition), in date order.
    /// </summary>
    public static IReadOnlyList<BankHoliday> ForYear(int year, IEnumerable<BankHolidayChange> changes)
    {
        var changeList = changes.ToList();
        var result = ByRule(year).ToList();
        foreach (var change in changeList)
        {
            if (change.Added is { } added && added.Year == year && result.All(h => h.Date != added))
                result.Add(new BankHoliday(added, change.Description));
        }
        var removed = changeList.Where(c => c.Removed is not null).Select(c => c.Removed!.Value).ToHashSet();
        return result.Where(h => !removed.Contains(h.Date)).OrderBy(h => h.Date).ToList();
    }

    private static BankHoliday NewYear(int year)
    {
        var newYear = new DateOnly(year, 1, 1);
        return newYear.DayOfWeek switch
        {
            DayOfWeek.Saturday => new(newYear.AddDays(2), "New Year's Day (substitute day)"),
            DayOfWeek.Sunday => new(newYear.AddDays(1), "New Year's Day (substitute day)"),
            _ => new(newYear, "New Year's Day"),
        };
    }

    private static IEnumerable<BankHoliday> ChristmasAndBoxingDay(int year)
    {
        var christmas = new DateOnly(year, 12, 25);
        // Substitute days go to the next weekdays not already taken by the other holiday.
        return christmas.DayOfWeek switch
        {
            DayOfWeek.Friday =>
            [
                new(christmas, "Christmas Day"),
                new(new DateOnly(year, 12, 28), "Boxing Day (substitute day)"),
            ],
            DayOfWeek.Saturday =>
            [
                new(new DateOnly(year, 12, 27), "Christmas Day (substitute day)"),
                new(new DateOnly(year, 12, 28), "Boxing Day (substitute day)"),
            ],
            DayOfWeek.Sunday =>
            [
                new(new DateOnly(year, 12, 26), "Boxing Day"),
                new(new DateOnly(year, 12, 27), "Christmas Day (substitute day)"),
            ],
            _ =>
            [
                new(christmas, "Christmas Day"),
                new(new DateOnly(year, 12, 26), "Boxing Day"),
            ],
        };
    }

    private static DateOnly FirstMonday(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return first.AddDays(((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7);
    }

    private static DateOnly LastMonday(int year, int month)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(((int)last.DayOfWeek - (int)DayOfWeek.Monday + 7) % 7));
    }
}
