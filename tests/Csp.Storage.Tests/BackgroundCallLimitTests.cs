using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Csp.Testing;

namespace Csp.Storage.Tests;

/// <summary>
/// The emulator's background call limit: while a request is in progress the engine's calls take
/// at most so many places on the wire and the request's own calls never wait; with no request in
/// progress nothing is limited.
/// </summary>
[Collection(AzuriteTablesCollection.Name)]
public sealed class BackgroundCallLimitTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task WhileARequestIsInProgress_BackgroundCallsWaitForAPlace_AndTheRequestsOwnCallsDoNot()
    {
        var (limit, transport, table) = await NewAsync(slots: 1);
        var scopeOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requestMayCall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var endRequest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = Task.Run(async () =>
        {
            using var foreground = limit.BeginForeground();
            scopeOpen.SetResult();
            await requestMayCall.Task;
            await table.GetEntityIfExistsAsync<TableEntity>("p", "request");
            await endRequest.Task;
        });
        await scopeOpen.Task;

        var background = Enumerable.Range(0, 3).Select(i => Task.Run(() => table.GetEntityIfExistsAsync<TableEntity>("p", $"engine{i}"))).ToList();
        await WaitUntilAsync(() => transport.Entered == 1 && limit.Waiting == 2);
        Assert.Equal(1, limit.InUse);

        requestMayCall.SetResult();
        await WaitUntilAsync(() => transport.Entered == 2); // past the two background calls that wait
        Assert.Equal(2, limit.Waiting);

        transport.Open();
        await WaitUntilAsync(() => transport.Entered == 4);
        endRequest.SetResult();
        await Task.WhenAll(background);
        await request;
        Assert.Equal(0, limit.InUse);
    }

    [Fact]
    public async Task WithNoRequestInProgress_BackgroundCallsAreNotLimited_AndWhenTheRequestEndsTheWaitingOnesGo()
    {
        var (limit, transport, table) = await NewAsync(slots: 1);
        var unlimited = Enumerable.Range(0, 3).Select(i => Task.Run(() => table.GetEntityIfExistsAsync<TableEntity>("p", $"idle{i}"))).ToList();
        await WaitUntilAsync(() => transport.Entered == 3);
        Assert.Equal(0, limit.Waiting);
        transport.Open();
        await Task.WhenAll(unlimited);

        transport.Close();
        // A request's scope, opened on its own flow (the test's flow stays background).
        var foreground = await Task.Run(limit.BeginForeground);
        var limited = Enumerable.Range(0, 3).Select(i => Task.Run(() => table.GetEntityIfExistsAsync<TableEntity>("p", $"busy{i}"))).ToList();
        await WaitUntilAsync(() => transport.Entered == 4 && limit.Waiting == 2);
        foreground.Dispose();
        await WaitUntilAsync(() => transport.Entered == 6);
        transport.Open();
        await Task.WhenAll(limited);
        Assert.Equal(0, limit.InUse);
    }

    private async Task<(BackgroundCallLimit Limit, HoldingTransport Transport, TableClient Table)> NewAsync(int slots)
    {
        var table = await azurite.CreateTableAsync();
        var limit = new BackgroundCallLimit(slots);
        var transport = new HoldingTransport();
        var limited = StorageAccount.FromConnectionString(azurite.ConnectionString, new StorageClientSettings { Transport = transport, BackgroundCalls = limit })
            .Tables.GetTableClient(table.Name);
        return (limit, transport, limited);
    }

    /// <summary>Waits (not a timing assertion: only a bound on a hang) until the condition holds.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition()) await Task.Delay(5, patience.Token);
    }

    /// <summary>Counts the calls that reach the wire and holds them until opened.</summary>
    private sealed class HoldingTransport : HttpPipelineTransport
    {
        private readonly HttpClientTransport _inner = new();
        private volatile TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _entered;

        public int Entered => Volatile.Read(ref _entered);

        public void Open() => _gate.TrySetResult();

        public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Request CreateRequest() => _inner.CreateRequest();

        public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message)
        {
            Interlocked.Increment(ref _entered);
            await _gate.Task;
            await _inner.ProcessAsync(message);
        }
    }
}
