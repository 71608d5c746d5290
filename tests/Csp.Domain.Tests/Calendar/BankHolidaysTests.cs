using Csp.Domain;
using Csp.Domain.Calendar;

namespace Csp.Domain.Tests.Calendar;

public class BankHolidaysTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.EnglandAndWales;

    // gov.uk's published England-and-Wales lists for 2020–2026; computed by rule for 2027–2030.
    public static TheoryData<int, string[]> EnglandAndWales2020To2030 => new()
    {
        { 2020, ["2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31", "2020-12-25", "2020-12-28"] },
        { 2021, ["2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30", "2021-12-27", "2021-12-28"] },
        { 2022, ["2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"] },
        { 2023, ["2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26"] },
        { 2024, ["2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26"] },
        { 2025, ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26"] },
        { 2026, ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"] },
        { 2027, ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"] },
        { 2028, ["2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28", "2028-12-25", "2028-12-26"] },
        { 2029, ["2029-01-01", "2029-03-30", "2029-04-02", "2029-05-07", "2029-05-28", "2029-08-27", "2029-12-25", "2029-12-26"] },
        { 2030, ["2030-01-01", "2030-04-19", "2030-04-22", "2030-05-06", "2030-05-27", "2030-08-26", "2030-12-25", "2030-12-26"] },
    };

    [Theory]
    [MemberData(nameof(EnglandAndWales2020To2030))]
    public void BankHolidaysIn_Year_MatchesPublishedList(int year, string[] expected)
    {
        var actual = Calendar.BankHolidaysIn(year).Select(h => h.Date.ToString("yyyy-MM-dd")).ToArray();

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(EnglandAndWales2020To2030))]
    public void IsWorkingDay_EveryDayOfYear_FalseExactlyOnWeekendsAndListedHolidays(int year, string[] expected)
    {
        var holidays = expected.Select(DateOnly.Parse).ToHashSet();
        for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
        {
            var weekend = d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            Assert.True(Calendar.IsWorkingDay(d) == !(weekend || holidays.Contains(d)), $"{d:yyyy-MM-dd} ({d.DayOfWeek})");
        }
    }

    [Theory]
    [InlineData(2020, "2020-04-12")]
    [InlineData(2021, "2021-04-04")]
    [InlineData(2022, "2022-04-17")]
    [InlineData(2023, "2023-04-09")]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2028, "2028-04-16")]
    [InlineData(2029, "2029-04-01")]
    [InlineData(2030, "2030-04-21")]
    [InlineData(2038, "2038-04-25")] // latest possible Easter
    [InlineData(2285, "2285-03-22")] // earliest possible Easter
    [InlineData(1818, "1818-03-22")]
    [InlineData(1943, "1943-04-25")]
    public void EasterSunday_Year_IsTheGregorianEaster(int year, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), BankHolidays.EasterSunday(year));
    }

    [Theory]
    // Christmas on Saturday: Christmas substitute Mon 27, Boxing substitute Tue 28.
    [InlineData(2021, "2021-12-27", "Christmas Day (substitute day)", "2021-12-28", "Boxing Day (substitute day)")]
    [InlineData(2027, "2027-12-27", "Christmas Day (substitute day)", "2027-12-28", "Boxing Day (substitute day)")]
    // Christmas on Sunday: Boxing Day Mon 26, Christmas substitute Tue 27.
    [InlineData(2022, "2022-12-26", "Boxing Day", "2022-12-27", "Christmas Day (substitute day)")]
    [InlineData(2033, "2033-12-26", "Boxing Day", "2033-12-27", "Christmas Day (substitute day)")]
    // Christmas on Friday: Boxing Day (Saturday) moves to Mon 28.
    [InlineData(2020, "2020-12-25", "Christmas Day", "2020-12-28", "Boxing Day (substitute day)")]
    [InlineData(2026, "2026-12-25", "Christmas Day", "2026-12-28", "Boxing Day (substitute day)")]
    // Christmas midweek: no substitutes.
    [InlineData(2024, "2024-12-25", "Christmas Day", "2024-12-26", "Boxing Day")]
    public void ByRule_ChristmasAndBoxingDay_SubstitutesOnNextFreeWeekdays(int year, string first, string firstName, string second, string secondName)
    {
        var december = BankHolidays.ByRule(year).Where(h => h.Date.Month == 12).ToList();

        Assert.Equal([new BankHoliday(DateOnly.Parse(first), firstName), new BankHoliday(DateOnly.Parse(second), secondName)], december);
    }

    [Theory]
    [InlineData(2022, "2022-01-03", "New Year's Day (substitute day)")] // Saturday
    [InlineData(2028, "2028-01-03", "New Year's Day (substitute day)")] // Saturday
    [InlineData(2023, "2023-01-02", "New Year's Day (substitute day)")] // Sunday
    [InlineData(2034, "2034-01-02", "New Year's Day (substitute day)")] // Sunday
    [InlineData(2024, "2024-01-01", "New Year's Day")]
    public void ByRule_NewYearOnWeekend_MovesToMonday(int year, string expected, string name)
    {
        var newYear = BankHolidays.ByRule(year).Single(h => h.Date.Month == 1);

        Assert.Equal(new BankHoliday(DateOnly.Parse(expected), name), newYear);
        Assert.False(Calendar.IsWorkingDay(new DateOnly(year, 1, 1)));
    }

    [Theory]
    [InlineData("2020-05-04", "2020-05-08")] // VE Day: early May moved from Monday to Friday
    [InlineData("2022-05-30", "2022-06-02")] // Platinum Jubilee: spring moved to Thursday
    [InlineData("2012-05-28", "2012-06-04")] // Diamond Jubilee
    public void IsWorkingDay_MovedBankHoliday_OriginalDayIsWorkingAndNewDayIsNot(string originalDay, string movedTo)
    {
        Assert.True(Calendar.IsWorkingDay(DateOnly.Parse(originalDay)));
        Assert.False(Calendar.IsWorkingDay(DateOnly.Parse(movedTo)));
    }

    [Theory]
    [InlineData("2022-06-03", "Platinum Jubilee bank holiday")]
    [InlineData("2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II")]
    [InlineData("2023-05-08", "Bank holiday for the coronation of King Charles III")]
    [InlineData("2011-04-29", "Royal wedding")]
    public void BankHolidaysIn_OneOffDay_IsListedWithItsDescription(string date, string name)
    {
        var day = DateOnly.Parse(date);

        Assert.Contains(new BankHoliday(day, name), Calendar.BankHolidaysIn(day.Year));
        Assert.False(Calendar.IsWorkingDay(day));
    }

    [Fact]
    public void BankHolidaysIn_2023_CoronationIsAnExtraDayNextToTheEarlyMayHoliday()
    {
        var may = Calendar.BankHolidaysIn(2023).Where(h => h.Date.Month == 5).Select(h => h.Date).ToList();

        Assert.Equal([new DateOnly(2023, 5, 1), new DateOnly(2023, 5, 8), new DateOnly(2023, 5, 29)], may);
    }

    [Fact]
    public void Constructor_PartnershipAddsAndRemovesDays_CalendarReflectsConfiguration()
    {
        var calendar = new WorkingDayCalendar(
        [
            new BankHolidayChange(null, new DateOnly(2031, 6, 6), "Proclaimed one-off holiday"),
            new BankHolidayChange(new DateOnly(2031, 5, 26), new DateOnly(2031, 5, 30), "Spring bank holiday moved"),
        ]);

        Assert.False(calendar.IsWorkingDay(new DateOnly(2031, 6, 6)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2031, 5, 26)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2031, 5, 30)));
        Assert.True(WorkingDayCalendar.EnglandAndWales.IsWorkingDay(new DateOnly(2031, 6, 6)));
        Assert.False(WorkingDayCalendar.EnglandAndWales.IsWorkingDay(new DateOnly(2031, 5, 26)));
        Assert.Contains(new BankHoliday(new DateOnly(2031, 6, 6), "Proclaimed one-off holiday"), calendar.BankHolidaysIn(2031));
    }

    [Fact]
    public void Constructor_ConfigurationRemovesABuiltInAddition_RemovalWins()
    {
        var calendar = new WorkingDayCalendar([new BankHolidayChange(new DateOnly(2023, 5, 8), null, "Withdrawn for testing")]);

        Assert.True(calendar.IsWorkingDay(new DateOnly(2023, 5, 8)));
    }

    [Fact]
    public void Constructor_ChangeWithNoDays_ThrowsDomainException()
    {
        var ex = Assert.Throws<DomainException>(() => new WorkingDayCalendar([new BankHolidayChange(null, null, "Nothing")]));

        Assert.Contains("must remove a day, add a day or both", ex.Message);
    }

    [Fact]
    public void Constructor_ChangeWithoutDescription_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => new WorkingDayCalendar([new BankHolidayChange(null, new DateOnly(2031, 1, 2), " ")]));
    }

    [Fact]
    public void ByRule_AnyYear_HasEightDaysAllOnWeekdays()
    {
        for (var year = 1980; year <= 2100; year++)
        {
            var days = BankHolidays.ByRule(year);
            Assert.Equal(8, days.Select(d => d.Date).Distinct().Count());
            Assert.All(days, d => Assert.False(WorkingDayCalendar.IsWeekend(d.Date), $"{d} falls on a weekend"));
            Assert.All(days, d => Assert.Equal(year, d.Date.Year));
        }
    }
}
