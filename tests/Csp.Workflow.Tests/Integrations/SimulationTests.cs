using Csp.LocalWorkflow.Simulation;

namespace Csp.Workflow.Tests.Integrations;

public sealed class SimulationTests
{
    [Fact]
    public async Task Simulation_SameSeed_SameYear_WithAndWithoutRestarts_NoFailuresNoDuplicates()
    {
        var options = new SimulationOptions(Incidents: 12, Days: 150, Seed: 7, Start: new DateOnly(2025, 1, 6));
        var first = await new PartnershipSimulation(options).RunAsync();
        var again = await new PartnershipSimulation(options).RunAsync();
        var crashing = await new PartnershipSimulation(options with { RestartEveryDays = 5 }).RunAsync();

        Assert.Equal(12, first.Incidents);
        Assert.Equal(0, first.FailedInstances);
        Assert.Equal(0, first.DuplicateEmails);
        Assert.True(first.EmailsSent > 200, $"Only {first.EmailsSent} emails.");
        Assert.True(first.DeadlinesMet.Values.Sum() > 20);
        Assert.True(first.DeadlinesMissed.Values.Sum() > 0, "Some agencies and officers are late by design.");
        // Reviews get past the Rapid Review decision: the business unit completes the report and marks it ready, the chair approves it.
        Assert.True(first.ByStage.Where(kv => kv.Key is not ("Referral" or "Notification" or "Scoping" or "RapidReview" or "Decision")).Sum(kv => kv.Value) > 0,
            "No incident got past the decision: " + string.Join(", ", first.ByStage.Select(kv => $"{kv.Key} {kv.Value}")));
        Assert.Equal(first.ByStage, again.ByStage);
        Assert.Equal(first.DeadlinesMet, again.DeadlinesMet);
        Assert.Equal(first.EmailsSent, again.EmailsSent);
        Assert.True(crashing.Restarts > 20);
        Assert.Equal(0, crashing.FailedInstances);
        Assert.Equal(first.ByStage, crashing.ByStage);
        Assert.Equal(first.DeadlinesMet, crashing.DeadlinesMet);
        Assert.Equal(first.DeadlinesMissed, crashing.DeadlinesMissed);
        Assert.Equal(first.EmailsSent, crashing.EmailsSent);
    }
}
