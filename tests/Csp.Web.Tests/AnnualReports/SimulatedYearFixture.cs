using Csp.Durable;
using Csp.LocalWorkflow.Simulation;
using Csp.Web.Tests.Infrastructure;
using Csp.Workflow.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Csp.Web.Tests.AnnualReports;

/// <summary>
/// A busy partnership's year, run by the simulation behind the <c>simulate</c> command (60 incidents,
/// 365 days, seed 1), and the real local host serving the read model that year left, with its clock
/// stopped where the simulation ended: the annual report and export are read from it.
/// </summary>
public sealed class SimulatedYearFixture : IAsyncLifetime
{
    public static readonly SimulationOptions Options = new(Incidents: 60, Days: 365, Seed: 1, Start: new DateOnly(2025, 1, 6));

    /// <summary>The simulated year as a report period: its first day to its last.</summary>
    public static readonly DateOnly From = Options.Start;
    public static readonly DateOnly To = Options.Start.AddDays(Options.Days - 1);

    public static string Period => $"from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}";

    public SimulationReport Report { get; private set; } = default!;
    public WebHostHarness Host { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        IIncidentRecords? records = null;
        DateTimeOffset endedAt = default;
        Report = await new PartnershipSimulation(Options).RunAsync(atEnd: (host, _) =>
        {
            records = host.Records;
            endedAt = host.Clock.GetUtcNow();
            return Task.CompletedTask;
        });
        Assert.Equal(0, Report.FailedInstances);
        var clock = new VirtualTimeProvider(endedAt);
        Host = await WebHostHarness.StartAsync(
            new Dictionary<string, string?> { ["Csp:Storage:Mode"] = "InMemory" },
            services =>
            {
                services.AddSingleton(records!);
                services.AddSingleton<TimeProvider>(clock);
            });
    }

    public async Task DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SimulatedYearCollection : ICollectionFixture<SimulatedYearFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "A simulated year's annual report";
}
