namespace Csp.Domain.Tests;

public class DateWordsTests
{
    [Fact]
    public void Prose_GovUkStyleWithTheDayOfTheWeek() =>
        Assert.Equal("Monday 14 December 2026", DateWords.Prose(new DateOnly(2026, 12, 14)));

    [Fact]
    public void Iso_ForFilesAndTheApi() =>
        Assert.Equal("2026-01-05", DateWords.Iso(new DateOnly(2026, 1, 5)));
}
