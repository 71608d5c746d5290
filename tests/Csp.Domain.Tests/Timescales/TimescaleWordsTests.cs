using Csp.Domain.Timescales;

namespace Csp.Domain.Tests.Timescales;

public class TimescaleWordsTests
{
    [Theory]
    [InlineData(1, "1 working day")]
    [InlineData(5, "5 working days")]
    public void WorkingDays_SingularAndPlural(int days, string expected) => Assert.Equal(expected, TimescaleWords.WorkingDays(days));

    [Theory]
    [InlineData(1, "1 month")]
    [InlineData(6, "6 months")]
    public void Months_SingularAndPlural(int months, string expected) => Assert.Equal(expected, TimescaleWords.Months(months));

    [Theory]
    [InlineData(15, "15 minutes")]
    [InlineData(60, "1 hour")]
    [InlineData(480, "8 hours")]
    [InlineData(90, "1 hour 30 minutes")]
    public void Duration_AsAPersonSaysIt(int minutes, string expected) => Assert.Equal(expected, TimescaleWords.Duration(minutes));
}
