using Csp.Domain.Calendar;
using FsCheck;
using FsCheck.Fluent;

namespace Csp.Domain.Tests.Calendar;

public class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.EnglandAndWales;
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(500);

    private static DateOnly D(string iso) => DateOnly.Parse(iso);

    [Theory]
    // Easter 2024: Good Friday 29 Mar and Easter Monday 1 Apr are skipped.
    [InlineData("2024-03-22", 5, "2024-04-02")]
    [InlineData("2024-03-22", 1, "2024-03-25")]
    [InlineData("2024-03-28", 1, "2024-04-02")]
    // Christmas 2022 (Sunday): Mon 26 and Tue 27 are holidays.
    [InlineData("2022-12-23", 1, "2022-12-28")]
    // Christmas 2021 (Saturday) and New Year 2022 (Saturday, substitute Mon 3 Jan).
    [InlineData("2021-12-24", 1, "2021-12-29")]
    [InlineData("2021-12-31", 1, "2022-01-04")]
    // Platinum Jubilee: Thu 2 and Fri 3 June 2022; the old spring date (Mon 30 May) is a working day.
    [InlineData("2022-05-27", 1, "2022-05-30")]
    [InlineData("2022-06-01", 1, "2022-06-06")]
    // State funeral, Monday 19 September 2022.
    [InlineData("2022-09-16", 1, "2022-09-20")]
    // Day 0 is the trigger day, even when it is not a working day.
    [InlineData("2024-03-23", 0, "2024-03-23")]
    // From a weekend, +1 is the first working day after it.
    [InlineData("2024-03-23", 1, "2024-03-25")]
    [InlineData("2024-03-24", 1, "2024-03-25")]
    // Negative: that many working days before.
    [InlineData("2024-04-02", -1, "2024-03-28")]
    [InlineData("2024-04-02", -5, "2024-03-22")]
    [InlineData("2024-03-24", -1, "2024-03-22")]
    [InlineData("2024-06-19", -7, "2024-06-10")]
    public void AddWorkingDays_WorkedExamples_SkipWeekendsAndBankHolidays(string from, int days, string expected)
    {
        Assert.Equal(D(expected), Calendar.AddWorkingDays(D(from), days));
    }

    [Theory]
    [InlineData("2024-03-22", "2024-04-02", 5)]
    [InlineData("2024-04-02", "2024-03-22", -5)]
    [InlineData("2024-03-22", "2024-03-22", 0)]
    [InlineData("2024-03-23", "2024-03-24", 0)] // Saturday to Sunday
    [InlineData("2024-01-01", "2024-12-31", 254)] // 262 weekdays less 8 bank holidays (1 Jan is the start, itself a holiday)
    public void WorkingDaysBetween_WorkedExamples_CountsWorkingDaysAfterStart(string from, string to, int expected)
    {
        Assert.Equal(expected, Calendar.WorkingDaysBetween(D(from), D(to)));
    }

    [Theory]
    [InlineData("2024-03-29", "2024-04-02")] // Good Friday → Tuesday after Easter Monday
    [InlineData("2024-03-27", "2024-03-27")]
    [InlineData("2021-12-25", "2021-12-29")]
    public void NextWorkingDayOnOrAfter_Date_ReturnsFirstWorkingDayFromIt(string date, string expected)
    {
        Assert.Equal(D(expected), Calendar.NextWorkingDayOnOrAfter(D(date)));
    }

    [Theory]
    [InlineData("2024-04-01", "2024-03-28")]
    [InlineData("2024-03-27", "2024-03-27")]
    public void PreviousWorkingDayOnOrBefore_Date_ReturnsLastWorkingDayUpToIt(string date, string expected)
    {
        Assert.Equal(D(expected), Calendar.PreviousWorkingDayOnOrBefore(D(date)));
    }

    [Theory]
    [InlineData("2023-08-31", 6, "2024-02-29")] // leap year
    [InlineData("2024-08-31", 6, "2025-02-28")]
    [InlineData("2024-01-31", 1, "2024-02-29")]
    [InlineData("2024-03-31", 3, "2024-06-30")]
    [InlineData("2024-05-15", 6, "2024-11-15")]
    [InlineData("2024-10-31", 3, "2025-01-31")]
    [InlineData("2024-02-29", 12, "2025-02-28")]
    [InlineData("2024-03-31", -1, "2024-02-29")]
    public void AddCalendarMonths_Date_SameDayOrMonthEnd(string from, int months, string expected)
    {
        Assert.Equal(D(expected), WorkingDayCalendar.AddCalendarMonths(D(from), months));
    }

    // ---------------------------------------------------------------- properties

    private static readonly Gen<DateOnly> Dates =
        Gen.Choose(0, 365 * 40).Select(offset => new DateOnly(2000, 1, 1).AddDays(offset));

    private static readonly Gen<int> Counts = Gen.Choose(-300, 300);

    [Fact]
    public void AddWorkingDays_ThenSubtract_ReturnsToAWorkingDayAndToTheStartIfItWasOne()
    {
        Check.One(Runs, Prop.ForAll(Arb.From(Dates), Arb.From(Gen.Choose(1, 300)), (start, n) =>
        {
            var back = Calendar.AddWorkingDays(Calendar.AddWorkingDays(start, n), -n);
            var backFromBefore = Calendar.AddWorkingDays(Calendar.AddWorkingDays(start, -n), n);
            return Calendar.IsWorkingDay(back)
                && Calendar.IsWorkingDay(backFromBefore)
                && (!Calendar.IsWorkingDay(start) || (back == start && backFromBefore == start))
                // From a non-working day, going forward then back lands on the working day before it.
                && (Calendar.IsWorkingDay(start) || back == Calendar.PreviousWorkingDayOnOrBefore(start));
        }));
    }

    [Fact]
    public void AddWorkingDays_NonZero_NeverLandsOnAWeekendOrBankHoliday()
    {
        Check.One(Runs, Prop.ForAll(Arb.From(Dates), Arb.From(Counts), (start, n) =>
        {
            var result = Calendar.AddWorkingDays(start, n);
            return n == 0
                ? result == start
                : !WorkingDayCalendar.IsWeekend(result) && !Calendar.IsBankHoliday(result) && Calendar.IsWorkingDay(result);
        }));
    }

    [Fact]
    public void AddWorkingDays_IsMonotonicInCountAndInStartDate()
    {
        Check.One(Runs, Prop.ForAll(Arb.From(Dates), Arb.From(Counts), Arb.From(Gen.Choose(0, 40)), (start, n, later) =>
        {
            var increasingInCount = Calendar.AddWorkingDays(start, n) < Calendar.AddWorkingDays(start, n + 1);
            var nonDecreasingInStart = Calendar.AddWorkingDays(start, n) <= Calendar.AddWorkingDays(start.AddDays(later), n);
            return increasingInCount && nonDecreasingInStart;
        }));
    }

    [Fact]
    public void WorkingDaysBetween_IsTheInverseOfAddWorkingDays()
    {
        Check.One(Runs, Prop.ForAll(Arb.From(Dates), Arb.From(Counts), (start, n) =>
            Calendar.WorkingDaysBetween(start, Calendar.AddWorkingDays(start, n)) == n));
    }

    [Fact]
    public void AddWorkingDays_MatchesANaiveDayByDayCountOverTheWeekdaysAndHolidayList()
    {
        // An independent oracle: count forward through weekdays not in the published-style list.
        Check.One(Runs, Prop.ForAll(Arb.From(Dates), Arb.From(Gen.Choose(1, 60)), (start, n) =>
        {
            var holidays = Enumerable.Range(start.Year - 1, 4)
                .SelectMany(y => Calendar.BankHolidaysIn(y)).Select(h => h.Date).ToHashSet();
            var d = start;
            for (var counted = 0; counted < n;)
            {
                d = d.AddDays(1);
                if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(d)) counted++;
            }
            return Calendar.AddWorkingDays(start, n) == d;
        }));
    }
}
