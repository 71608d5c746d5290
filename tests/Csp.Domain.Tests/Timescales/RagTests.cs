using Csp.Domain.Calendar;
using Csp.Domain.Timescales;

namespace Csp.Domain.Tests.Timescales;

public class RagTests
{
    private static readonly DeadlineCalculator Calculator = new();
    private static DateOnly D(string iso) => DateOnly.Parse(iso);

    [Fact]
    public void Rag_AnyDeadlineOverdue_RedWhateverComesNext()
    {
        Assert.Equal(RagStatus.Red, Calculator.Rag(D("2024-03-25"), anyOverdue: true, nextDue: D("2024-06-01")));
    }

    [Theory]
    [InlineData("2024-03-25", RagStatus.Amber)] // Due today.
    [InlineData("2024-03-27", RagStatus.Amber)] // Two working days away.
    [InlineData("2024-03-28", RagStatus.Green)] // Three.
    public void Rag_NextDueWithinTwoWorkingDays_AmberByDefault(string due, RagStatus expected)
    {
        Assert.Equal(expected, Calculator.Rag(D("2024-03-25"), anyOverdue: false, nextDue: D(due)));
    }

    [Fact]
    public void Rag_ThresholdCountsWorkingDays_EasterDoesNotUseItUp()
    {
        // Maundy Thursday 28 March to Tuesday 2 April 2024: one working day apart, six calendar days.
        Assert.Equal(RagStatus.Amber, Calculator.Rag(D("2024-03-28"), anyOverdue: false, nextDue: D("2024-04-03")));
    }

    [Fact]
    public void Rag_LocalThreshold_FollowsTheConfiguredWorkingDays()
    {
        var calculator = new DeadlineCalculator(WorkingDayCalendar.EnglandAndWales, new StatutoryTimescales { AmberWithinWorkingDays = 5 });

        Assert.Equal(RagStatus.Amber, calculator.Rag(D("2024-03-25"), anyOverdue: false, nextDue: D("2024-04-02")));
        Assert.Equal(RagStatus.Green, Calculator.Rag(D("2024-03-25"), anyOverdue: false, nextDue: D("2024-04-02")));
    }

    [Fact]
    public void Rag_NothingDue_Green()
    {
        Assert.Equal(RagStatus.Green, Calculator.Rag(D("2024-03-25"), anyOverdue: false, nextDue: null));
    }

    [Fact]
    public void AmberWithinWorkingDays_OutOfRange_NamedInTheProblems()
    {
        Assert.Equal(2, new StatutoryTimescales().AmberWithinWorkingDays);
        Assert.Contains(new StatutoryTimescales { AmberWithinWorkingDays = -1 }.Validate(), p => p.Contains(nameof(StatutoryTimescales.AmberWithinWorkingDays)));
    }
}
