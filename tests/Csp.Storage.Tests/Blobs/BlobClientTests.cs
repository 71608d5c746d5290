using System.Security.Cryptography;
using Csp.Storage.Blobs;
using Csp.Testing;

namespace Csp.Storage.Tests.Blobs;

[Collection(AzuriteBlobsCollection.Name)]
public sealed class BlobClientTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Upload_WithContentTypeAndMetadata_RoundTripsContentAndProperties()
    {
        var container = await azurite.CreateContainerAsync();
        var blob = container.GetBlobClient("returns/agency 1/scoping ✓.json");
        var content = BinaryData.FromString("{\"agency\":\"police\"}");

        var info = await blob.UploadAsync(content, new BlobUploadOptions
        {
            ContentType = "application/json",
            Metadata = new Dictionary<string, string> { ["Instance"] = "case-1", ["step_id"] = "42" },
        });
        var properties = await blob.GetPropertiesAsync();
        var downloaded = await blob.DownloadContentAsync();

        Assert.Equal(content.ToArray(), downloaded.ToArray());
        Assert.NotNull(properties);
        Assert.Equal(info.ETag, properties.ETag);
        Assert.Equal("application/json", properties.ContentType);
        Assert.Equal(content.ToMemory().Length, properties.ContentLength);
        Assert.Equal("case-1", properties.Metadata["instance"]);
        Assert.Equal("42", properties.Metadata["step_id"]);
        Assert.Equal(MD5.HashData(content.ToArray()), properties.ContentHash);
        Assert.Equal(MD5.HashData(content.ToArray()), info.ContentHash);
        Assert.Equal("available", properties.LeaseState);
        Assert.InRange(info.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task Upload_64MiB_UsesBlocks_StreamsBackWithSameHash()
    {
        var container = await azurite.CreateContainerAsync();
        var blob = container.GetBlobClient("large.bin");
        var data = new byte[64 * 1024 * 1024];
        new Random(20250301).NextBytes(data);
        var expectedSha = SHA256.HashData(data);

        var info = await blob.UploadAsync(new MemoryStream(data, writable: false), new BlobUploadOptions { TransferValidation = true });
        data = null;

        await using var download = await blob.DownloadStreamingAsync();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await download.Content.ReadAsync(buffer)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            total += read;
        }

        Assert.Equal(64L * 1024 * 1024, total);
        Assert.Equal(64L * 1024 * 1024, download.Details.ContentLength);
        Assert.Equal(expectedSha, sha.GetHashAndReset());
        Assert.NotNull(info.ContentHash);
        Assert.Equal(info.ContentHash, download.Details.ContentHash);
        Assert.Equal(info.ETag, download.Details.ETag);
    }

    [Fact]
    public async Task Upload_NonSeekableStreamAboveThreshold_CommitsBlocksInOrder()
    {
        var container = await azurite.CreateContainerAsync();
        var blob = container.GetBlobClient("blocks.txt");
        var data = new byte[10_000];
        new Random(7).NextBytes(data);

        var info = await blob.UploadAsync(
            new NonSeekableStream(new MemoryStream(data)),
            new BlobUploadOptions { SingleUploadThreshold = 1024, BlockSize = 700, MaxConcurrency = 3, ContentType = "text/plain" });

        Assert.Equal(data, (await blob.DownloadContentAsync()).ToArray());
        var properties = await blob.GetPropertiesAsync();
        Assert.Equal("text/plain", properties!.ContentType);
        Assert.Equal(MD5.HashData(data), properties.ContentHash);
        Assert.Equal(info.ETag, properties.ETag);
    }

    [Fact]
    public async Task Upload_EmptyContent_CreatesEmptyBlob()
    {
        var container = await azurite.CreateContainerAsync();
        var blob = container.GetBlobClient("empty");

        await blob.UploadAsync(Stream.Null);

        Assert.Equal(0, (await blob.GetPropertiesAsync())!.ContentLength);
        Assert.Empty((await blob.DownloadContentAsync()).ToArray());
    }

    [Fact]
    public async Task Upload_CreateOnlyWhenBlobExists_ThrowsConcurrencyConflict()
    {
        var container = await azurite.CreateContainerAsync();
        var blob = container.GetBlobClient("once.json");
        var createOnly = new BlobUploadOptions { Conditions = BlobRequestConditions.CreateOnly };

        await blob.UploadAsync(BinaryData.FromString("first"), createOnly);
        var ex = await Assert.ThrowsAsync<StorageConcurrencyException>(() => blob.UploadAsync(BinaryData.FromString("second"), createOnly));

        Assert.Equal(409, ex.Status);
        Assert.Equal("BlobAlreadyExists", ex.ErrorCode);
        Assert.Equal("first", (await blob.DownloadContentAsync()).ToString());
    }

    [Fact]
    public async Task Upload_CreateOnlyInBlocksWhenBlobExists_ThrowsConcurrencyConflict()
    {
        var container = await azurite.CreateContainerAsync();
        var blob = container.GetBlobClient("once-large.bin");
        var options = new BlobUploadOptions { Conditions = BlobRequestConditions.CreateOnly, SingleUploadThreshold = 100, BlockSize = 100 };

        await blob.UploadAsync(new MemoryStream(new byte[250]), options);
        var ex = await Assert.ThrowsAsync<StorageConcurrencyException>(() => blob.UploadAsync(new MemoryStream(new byte[300]), options));

        Assert.True(ex.IsConflict);
        Assert.Equal(250, (await blob.GetPropertiesAsync())!.ContentLength);
    }

    [Fact]
    public async Task Upload_IfMatchStaleETag_ThrowsConcurrencyConflict()
    {
        var container = await azurite.CreateContainerAsync();
        var blob = container.GetBlobClient("state.json");
        var first = await blob.UploadAsync(BinaryData.FromString("1"));
        var second = await blob.UploadAsync(BinaryData.FromString("2"), new BlobUploadOptions { Conditions = new(IfMatch: first.ETag) });

        var ex = await Assert.ThrowsAsync<StorageConcurrencyException>(() =>
            blob.UploadAsync(BinaryData.FromString("3"), new BlobUploadOptions { Conditions = new(IfMatch: first.ETag) }));
        var stale = await Assert.ThrowsAsync<StorageConcurrencyException>(() =>
            blob.DownloadStreamingAsync(new BlobRequestConditions(IfMatch: first.ETag)));

        Assert.Equal(412, ex.Status);
        Assert.Equal("ConditionNotMet", ex.ErrorCode);
        Assert.Equal(412, stale.Status);
        Assert.Equal("2", (await blob.DownloadContentAsync(new BlobRequestConditions(IfMatch: second.ETag))).ToString());
    }

    [Fact]
    public async Task SetMetadata_ReplacesMetadata()
    {
        var container = await azurite.CreateContainerAsync();
        var blob = container.GetBlobClient("meta");
        await blob.UploadAsync(BinaryData.FromString("x"), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["Old"] = "1" } });

        await blob.SetMetadataAsync(new Dictionary<string, string> { ["Reviewed"] = "true" });

        var metadata = (await blob.GetPropertiesAsync())!.Metadata;
        Assert.Equal("true", Assert.Single(metadata).Value);
        Assert.True(metadata.ContainsKey("reviewed"));
    }

    [Fact]
    public async Task InvalidMetadata_IsRefusedBeforeSending()
    {
        var container = await azurite.CreateContainerAsync();
        var blob = container.GetBlobClient("meta");

        await Assert.ThrowsAsync<ArgumentException>(() => blob.UploadAsync(
            BinaryData.FromString("x"), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["has-dash"] = "1" } }));
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => blob.SetMetadataAsync(new Dictionary<string, string> { ["Name"] = "Zoë" }));
        Assert.Contains("U+00EB", ex.Message);
    }

    [Fact]
    public async Task MissingBlob_PropertiesNull_DeleteFalse_Download404()
    {
        var container = await azurite.CreateContainerAsync();
        var blob = container.GetBlobClient("missing");

        Assert.Null(await blob.GetPropertiesAsync());
        Assert.False(await blob.DeleteIfExistsAsync());
        var ex = await Assert.ThrowsAsync<StorageRequestException>(() => blob.DownloadContentAsync());
        Assert.Equal(404, ex.Status);
        Assert.Equal("BlobNotFound", ex.ErrorCode);
        Assert.False(string.IsNullOrEmpty(ex.RequestId));
    }

    [Fact]
    public async Task DeleteIfExists_ExistingBlob_ReturnsTrueAndRemovesIt()
    {
        var container = await azurite.CreateContainerAsync();
        var blob = container.GetBlobClient("doomed");
        await blob.UploadAsync(BinaryData.FromString("x"));

        Assert.True(await blob.DeleteIfExistsAsync());
        Assert.Null(await blob.GetPropertiesAsync());
    }

    [Fact]
    public async Task Container_CreateTwiceDeleteTwice_IsIdempotent()
    {
        var service = StorageAccount.Parse(azurite.ConnectionString).CreateBlobServiceClient();
        var container = service.GetBlobContainerClient(AzuriteFixture.UniqueName("c"));

        await container.CreateIfNotExistsAsync();
        await container.CreateIfNotExistsAsync();

        Assert.True(await container.DeleteIfExistsAsync());
        Assert.False(await container.DeleteIfExistsAsync());
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Upper")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    public void GetBlobContainerClient_InvalidName_Throws(string name)
    {
        var service = StorageAccount.Parse("UseDevelopmentStorage=true").CreateBlobServiceClient();

        Assert.Throws<ArgumentException>(() => service.GetBlobContainerClient(name));
    }

    [Fact]
    public async Task GetBlobs_WithPrefixAndSmallPages_FollowsNextMarker()
    {
        var container = await azurite.CreateContainerAsync();
        for (var i = 0; i < 7; i++)
        {
            await container.GetBlobClient($"case-1/return-{i}.json").UploadAsync(
                BinaryData.FromString(new string('x', i)),
                new BlobUploadOptions { ContentType = "application/json", Metadata = new Dictionary<string, string> { ["Index"] = i.ToString() } });
        }
        await container.GetBlobClient("case-2/return-0.json").UploadAsync(BinaryData.FromString("other"));

        var items = await container.GetBlobsAsync("case-1/", maxPerPage: 2).ToListAsync();
        var everything = await container.GetBlobsAsync().ToListAsync();

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"case-1/return-{i}.json"), items.Select(b => b.Name));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => (long)i), items.Select(b => b.Properties.ContentLength));
        Assert.All(items, b => Assert.Equal("application/json", b.Properties.ContentType));
        Assert.Equal("3", items[3].Properties.Metadata["Index"]);
        Assert.All(items, b => Assert.StartsWith("\"", b.Properties.ETag));
        Assert.Equal(8, everything.Count);
    }

    /// <summary>Hides Length and Seek, as a network or pipe stream would.</summary>
    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 333));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
