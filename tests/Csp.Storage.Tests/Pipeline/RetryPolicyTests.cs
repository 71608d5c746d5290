using System.Diagnostics;
using System.Net;
using Azure.Core.Pipeline;
using Csp.Storage.Blobs;
using Csp.Storage.Tables;
using Csp.Testing;
using static Csp.Storage.Tests.Pipeline.FaultInjectingHandler;

namespace Csp.Storage.Tests.Pipeline;

/// <summary>Retries and timeouts, with faults injected in front of a real Azurite.</summary>
[Collection(AzuriteTablesCollection.Name)]
public sealed class RetryPolicyTests(AzuriteFixture azurite)
{
    private static bool IsEntityWrite(HttpRequestMessage r) =>
        r.Method != HttpMethod.Get && !r.RequestUri!.AbsolutePath.EndsWith("/Tables", StringComparison.Ordinal);

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public async Task TransientStatus_IsRetried_UntilTheWriteSucceeds(HttpStatusCode status)
    {
        var handler = new FaultInjectingHandler([Status(status), Status(status)], IsEntityWrite);
        var table = await azurite.CreateTableAsync(Options(handler));

        await table.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = 1 });

        Assert.Equal(3, handler.Attempts);
        Assert.Equal(1, (await table.GetEntityAsync("p", "r"))!["Value"]);
    }

    [Fact]
    public async Task RetryAfter_IsHonoured()
    {
        var handler = new FaultInjectingHandler([Status(HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(1))], IsEntityWrite);
        var table = await azurite.CreateTableAsync(Options(handler));

        await table.UpsertEntityAsync(new TableEntity("p", "r"));

        Assert.Equal(2, handler.Attempts);
        // The configured backoff is 10 ms; only Retry-After explains a gap near a second.
        Assert.True(handler.AttemptTimes[1] - handler.AttemptTimes[0] >= TimeSpan.FromMilliseconds(900),
            $"second attempt came after {(handler.AttemptTimes[1] - handler.AttemptTimes[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task TransportFailures_AreRetried()
    {
        var handler = new FaultInjectingHandler([Transport(), Transport(), Transport()], IsEntityWrite);
        var table = await azurite.CreateTableAsync(Options(handler));

        await table.SubmitTransactionAsync([new(TableTransactionActionType.Add, new TableEntity("p", "r"))]);

        Assert.Equal(4, handler.Attempts);
        Assert.NotNull(await table.GetEntityAsync("p", "r"));
    }

    [Fact]
    public async Task SlowAttempt_TimesOutAndIsRetried()
    {
        var handler = new FaultInjectingHandler([Delay(TimeSpan.FromSeconds(10))], IsEntityWrite);
        var options = Options(handler);
        options.RequestTimeout = TimeSpan.FromMilliseconds(300);
        var table = await azurite.CreateTableAsync(options);
        var clock = Stopwatch.StartNew();

        await table.UpsertEntityAsync(new TableEntity("p", "r"));

        Assert.Equal(2, handler.Attempts);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task PersistentFailure_SurfacesStatusAfterMaxRetries()
    {
        var handler = new FaultInjectingHandler(Enumerable.Repeat(Status(HttpStatusCode.ServiceUnavailable), 10), IsEntityWrite);
        var options = Options(handler);
        options.Retry.MaxRetries = 2;
        var table = await azurite.CreateTableAsync(options);

        var ex = await Assert.ThrowsAsync<StorageRequestException>(() => table.UpsertEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(3, handler.Attempts);
        Assert.Equal(503, ex.Status);
        Assert.Equal("injected-3", ex.RequestId);
    }

    [Fact]
    public async Task PersistentTransportFailure_SurfacesAsStatusZero()
    {
        var handler = new FaultInjectingHandler(Enumerable.Repeat(Transport(), 10), IsEntityWrite);
        var options = Options(handler);
        options.Retry.MaxRetries = 2;
        var table = await azurite.CreateTableAsync(options);

        var ex = await Assert.ThrowsAsync<StorageRequestException>(() => table.UpsertEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(3, handler.Attempts);
        Assert.Equal(0, ex.Status);
        Assert.Contains("no response after 3 attempt(s)", ex.Message);
    }

    [Fact]
    public async Task Conflicts409And412_AreNotRetried()
    {
        var handler = new FaultInjectingHandler([], IsEntityWrite);
        var table = await azurite.CreateTableAsync(Options(handler));
        var etag = await table.AddEntityAsync(new TableEntity("p", "r"));
        await table.UpsertEntityAsync(new TableEntity("p", "r"));
        var before = handler.Attempts;

        await Assert.ThrowsAsync<StorageConcurrencyException>(() => table.AddEntityAsync(new TableEntity("p", "r")));
        await Assert.ThrowsAsync<StorageConcurrencyException>(() => table.UpdateEntityAsync(new TableEntity("p", "r"), etag));

        Assert.Equal(before + 2, handler.Attempts);
    }

    [Fact]
    public async Task BlobUpload_RetriesFailedBlocksAndCommit()
    {
        var handler = new FaultInjectingHandler(
            [Status(HttpStatusCode.InternalServerError), Transport(), Status(HttpStatusCode.ServiceUnavailable)],
            r => r.Method == HttpMethod.Put && r.RequestUri!.Query.Contains("comp=block"));
        var options = Options(handler);
        var container = StorageAccount.Parse(azurite.ConnectionString).CreateBlobServiceClient(options)
            .GetBlobContainerClient(AzuriteFixture.UniqueName("c"));
        await container.CreateIfNotExistsAsync();
        var data = new byte[5000];
        new Random(3).NextBytes(data);

        await container.GetBlobClient("retried.bin").UploadAsync(
            new MemoryStream(data), new BlobUploadOptions { SingleUploadThreshold = 1000, BlockSize = 1000, TransferValidation = true });

        Assert.Equal(data, (await container.GetBlobClient("retried.bin").DownloadContentAsync()).ToArray());
        Assert.Equal(5 + 1 + 3, handler.Attempts); // 5 blocks + block list + 3 retried attempts
    }

    [Fact]
    public async Task CancelledToken_SurfacesAsOperationCanceled_NotStorageError()
    {
        var handler = new FaultInjectingHandler([Delay(TimeSpan.FromSeconds(10))], IsEntityWrite);
        var table = await azurite.CreateTableAsync(Options(handler));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => table.UpsertEntityAsync(new TableEntity("p", "r"), ct: cts.Token));

        Assert.Equal(1, handler.Attempts);
    }

    private static StorageClientOptions Options(FaultInjectingHandler handler) =>
        AzuriteFixtureExtensions.FastRetryOptions(new HttpClientTransport(new HttpClient(handler)));
}
