using System.Text.Json;

namespace Csp.Host.Tests.Cli;

/// <summary><c>simulate</c> prints one JSON report of the simulated period, with the figures the annual report shows for it.</summary>
public sealed class SimulateCommandTests
{
    [Fact]
    public async Task Simulate_ShortBusyPeriod_ReportsEveryIncidentByStageAndByOutcomeAndOpenActions()
    {
        var run = await CommandRun.RunAsync("simulate", "--incidents", "12", "--days", "200", "--seed", "3");

        Assert.Equal(0, run.ExitCode);
        var report = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(12, report.GetProperty("incidents").GetInt32());
        int Sum(string name) => report.GetProperty(name).EnumerateObject().Sum(p => p.Value.GetInt32());
        Assert.Equal(12, Sum("by_stage"));
        Assert.Equal(12, Sum("by_outcome"));
        Assert.All(report.GetProperty("by_outcome").EnumerateObject(),
            p => Assert.Contains(p.Name, new[] { "LocalCspr", "OtherLearningReview", "NationalReviewRecommended", "NoFurtherReview", "NotYetDecided" }));
        Assert.True(report.GetProperty("open_actions").GetInt32() >= 0);
        Assert.True(Sum("deadlines_met") > 0);
    }
}
