using Csp.Host.Bench;
using Csp.Testing;

namespace Csp.Host.Tests.Bench;

/// <summary>
/// The benchmarks' measuring code on a real Azurite: the official Tables client's phases, and the
/// same-run peer on Durable Functions' default backend completing real orchestrations.
/// </summary>
public sealed class BenchmarkPeerTests : IClassFixture<AzuriteFixture>
{
    private readonly AzuriteFixture _azurite;

    public BenchmarkPeerTests(AzuriteFixture azurite) => _azurite = azurite;

    [Fact]
    public async Task DurableFunctionsPeer_HelloCities5OnAzureStorageProvider_CompletesEveryInstance()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var perSecond = await DurableFunctionsPeerBenchmark.HelloCities5PerSecondAsync(_azurite.ConnectionString, 5, _ => { }, timeout.Token);

        Assert.True(perSecond > 0, $"{perSecond} orchestrations/s");
    }

    [Fact]
    public async Task StorageBenchmark_EachPhase_CountsWhatItDid()
    {
        var result = await StorageBenchmark.RunAsync(_azurite.ConnectionString,
            new StorageBenchmarkOptions { SingleUpserts = 20, BatchTransactions = 3, PointReads = 20, WarmupOperations = 2 }, CancellationToken.None);

        Assert.Equal(20, result.SingleUpserts);
        Assert.Equal(3, result.BatchTransactions);
        Assert.Equal(20, result.PointReads);
        Assert.True(result.BatchTransactionsPerSecond > 0);
    }
}
