namespace Csp.Domain.Tests;

public class DateWordsTests
{
    [Fact]
    public void Prose_GovUkStyleWithTheDayOfTheWeek() =>
        Assert.Equal("Monday 14 December 2026", DateWords.Prose(new DateOnly(2026, 12, 14)));

    [Fact]
    public void Iso_ForFilesAndTheApi() =>
        Assert.Equal("2026-01-05", DateWords.Iso(new DateOnly(2026, 1, 5)));

    [Theory]
    [InlineData(10, 0, "10am")]
    [InlineData(12, 0, "12pm")]
    [InlineData(0, 0, "12am")]
    [InlineData(14, 30, "2:30pm")]
    [InlineData(9, 5, "9:05am")]
    public void Time_GovUkStyleNoZeroMinutes(int hour, int minute, string expected) =>
        Assert.Equal(expected, DateWords.Time(new TimeOnly(hour, minute)));

    [Fact]
    public void ProseSpan_SameDay_NamesTheDayOnce() =>
        Assert.Equal("Thursday 31 December 2026, 10am to 12pm", DateWords.ProseSpan(new DateTime(2026, 12, 31, 10, 0, 0), new DateTime(2026, 12, 31, 12, 0, 0)));

    [Theory]
    [InlineData(1, "1 recommendation")]
    [InlineData(2, "2 recommendations")]
    [InlineData(0, "0 recommendations")]
    public void CountWords_SingularOrPlural(int count, string expected) =>
        Assert.Equal(expected, CountWords.Of(count, "recommendation", "recommendations"));

    [Theory]
    [InlineData("Exampleton Children's Services", "Exampleton Children's Services'")]
    [InlineData("Exampleshire Police", "Exampleshire Police's")]
    public void Possessive_NameEndingInS_TakesTheApostropheAlone(string name, string expected) =>
        Assert.Equal(expected, NameWords.Possessive(name));
}
