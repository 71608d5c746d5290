using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Csp.Storage.Emulator;
using Csp.Testing;

namespace Csp.Storage.Tests.Blobs;

/// <summary>Blobs through the official client against Azurite, including an Azurite that checks service versions.</summary>
[Collection(AzuriteTablesCollection.Name)]
public sealed class BlobEmulatorTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Upload_ToAzuriteThatChecksVersions_WorksBecauseTheClientPinsAVersionItKnows()
    {
        await using var strict = await AzuriteProcess.StartAsync(strictApiVersion: true);
        var container = StorageAccount.FromConnectionString(strict.ConnectionString).Blobs.GetBlobContainerClient(AzuriteFixture.UniqueName("c"));
        await container.CreateIfNotExistsAsync();

        await container.GetBlobClient("a/b.json").UploadAsync(BinaryData.FromString("{\"ok\":true}"));

        var read = await container.GetBlobClient("a/b.json").DownloadContentAsync();
        Assert.Equal("{\"ok\":true}", read.Value.Content.ToString());
    }

    [Fact]
    public async Task Upload_CreateOnlyTwice_SecondIsAConflictAndTheFirstStays()
    {
        var container = await azurite.CreateContainerAsync();
        var blob = container.GetBlobClient("hub");
        var createOnly = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
        await blob.UploadAsync(BinaryData.FromString("first"), createOnly);

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => blob.UploadAsync(BinaryData.FromString("second"), createOnly));

        Assert.True(ex.IsConflict());
        Assert.Equal("first", (await blob.DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task Lease_HeldByOneOwner_RefusesAnotherUntilReleased()
    {
        var container = await azurite.CreateContainerAsync();
        var blob = container.GetBlobClient("hub");
        await blob.UploadAsync(BinaryData.FromString("hub"));
        var mine = blob.GetBlobLeaseClient(Guid.NewGuid().ToString());
        var theirs = blob.GetBlobLeaseClient(Guid.NewGuid().ToString());
        await mine.AcquireAsync(TimeSpan.FromSeconds(15));

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => theirs.AcquireAsync(TimeSpan.FromSeconds(15)));
        Assert.True(ex.IsConflict());

        await mine.ReleaseAsync();
        await theirs.AcquireAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Upload_LargerThanOneBlock_ComesBackByteForByte()
    {
        var container = await azurite.CreateContainerAsync();
        var bytes = new byte[20 * 1024 * 1024];
        new Random(7).NextBytes(bytes);
        var blob = container.GetBlobClient("report.pdf");

        await blob.UploadAsync(new BinaryData(bytes), new BlobUploadOptions
        {
            TransferOptions = new Azure.Storage.StorageTransferOptions { InitialTransferSize = 4 * 1024 * 1024, MaximumTransferSize = 4 * 1024 * 1024 },
        });

        var read = await blob.DownloadContentAsync();
        Assert.Equal(bytes, read.Value.Content.ToArray());
    }
}
