using Csp.Storage.Blobs;
using Csp.Testing;

namespace Csp.Storage.Tests.Blobs;

[Collection(AzuriteBlobsCollection.Name)]
public sealed class BlobLeaseTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Acquire_WhileAnotherClientHoldsLease_ThrowsConflict_ThenSucceedsAfterRelease()
    {
        var (first, second) = await TwoClientsOnOneBlobAsync();
        var holder = first.GetBlobLeaseClient();
        var contender = second.GetBlobLeaseClient();

        await holder.AcquireAsync(TimeSpan.FromSeconds(15));
        var ex = await Assert.ThrowsAsync<StorageConcurrencyException>(() => contender.AcquireAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(409, ex.Status);
        Assert.Equal("LeaseAlreadyPresent", ex.ErrorCode);
        Assert.Equal("leased", (await second.GetPropertiesAsync())!.LeaseState);

        await holder.ReleaseAsync();
        await contender.AcquireAsync(TimeSpan.FromSeconds(15));
        await contender.RenewAsync();

        await Assert.ThrowsAsync<StorageConcurrencyException>(() => holder.AcquireAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Break_InfiniteLease_LetsAnotherClientAcquire()
    {
        var (first, second) = await TwoClientsOnOneBlobAsync();
        var holder = first.GetBlobLeaseClient();
        await holder.AcquireAsync(BlobLeaseClient.InfiniteLeaseDuration);

        await second.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
        var contender = second.GetBlobLeaseClient();
        await contender.AcquireAsync(TimeSpan.FromSeconds(60));

        await Assert.ThrowsAsync<StorageConcurrencyException>(() => holder.RenewAsync());
    }

    [Fact]
    public async Task Write_ToLeasedBlob_NeedsTheLeaseId()
    {
        var (first, second) = await TwoClientsOnOneBlobAsync();
        var lease = first.GetBlobLeaseClient();
        await lease.AcquireAsync(TimeSpan.FromSeconds(30));

        var ex = await Assert.ThrowsAsync<StorageConcurrencyException>(() => second.UploadAsync(BinaryData.FromString("intruder")));
        await first.UploadAsync(BinaryData.FromString("holder"), new BlobUploadOptions { Conditions = new(LeaseId: lease.LeaseId) });
        await first.SetMetadataAsync(new Dictionary<string, string> { ["Owner"] = "holder" }, new BlobRequestConditions(LeaseId: lease.LeaseId));

        Assert.Equal(412, ex.Status);
        Assert.Equal("LeaseIdMissing", ex.ErrorCode);
        Assert.Equal("holder", (await second.DownloadContentAsync()).ToString());
        await Assert.ThrowsAsync<StorageConcurrencyException>(() => second.DeleteIfExistsAsync());
        Assert.True(await first.DeleteIfExistsAsync(new BlobRequestConditions(LeaseId: lease.LeaseId)));
    }

    [Theory]
    [InlineData(14)]
    [InlineData(61)]
    [InlineData(0)]
    public async Task Acquire_DurationOutsideRange_IsRefused(int seconds)
    {
        var (first, _) = await TwoClientsOnOneBlobAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => first.GetBlobLeaseClient().AcquireAsync(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public async Task Change_MovesTheLeaseToTheNewId()
    {
        var (first, _) = await TwoClientsOnOneBlobAsync();
        var lease = first.GetBlobLeaseClient("11111111-1111-1111-1111-111111111111");
        await lease.AcquireAsync(TimeSpan.FromSeconds(15));

        await lease.ChangeAsync("22222222-2222-2222-2222-222222222222");
        await lease.RenewAsync();

        Assert.Equal("22222222-2222-2222-2222-222222222222", lease.LeaseId);
        await Assert.ThrowsAsync<StorageConcurrencyException>(() =>
            first.GetBlobLeaseClient("11111111-1111-1111-1111-111111111111").RenewAsync());
    }

    /// <summary>Two independent service clients (two pipelines), as two engine hosts would have.</summary>
    private async Task<(BlobClient First, BlobClient Second)> TwoClientsOnOneBlobAsync()
    {
        var container = await azurite.CreateContainerAsync();
        var first = container.GetBlobClient("lock");
        await first.UploadAsync(BinaryData.FromString("lock"));
        var second = StorageAccount.Parse(azurite.ConnectionString).CreateBlobServiceClient()
            .GetBlobContainerClient(container.Name).GetBlobClient("lock");
        return (first, second);
    }
}
