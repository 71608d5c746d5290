using Csp.Storage.Blobs;
using Csp.Storage.Tables;
using Csp.Testing;

namespace Csp.Storage.Tests;

// Two collections, two Azurite processes: table and blob tests run in parallel with each other.

[CollectionDefinition(Name)]
public sealed class AzuriteTablesCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite tables";
}

[CollectionDefinition(Name)]
public sealed class AzuriteBlobsCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite blobs";
}

internal static class AzuriteFixtureExtensions
{
    /// <summary>Fast retries so fault-injection tests stay quick.</summary>
    public static StorageClientOptions FastRetryOptions(Azure.Core.Pipeline.HttpPipelineTransport? transport = null)
    {
        var options = new StorageClientOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
        if (transport is not null) options.Transport = transport;
        return options;
    }

    public static async Task<TableClient> CreateTableAsync(this AzuriteFixture fixture, StorageClientOptions? options = null)
    {
        var table = StorageAccount.Parse(fixture.ConnectionString)
            .CreateTableServiceClient(options)
            .GetTableClient(AzuriteFixture.UniqueName("t"));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    public static async Task<BlobContainerClient> CreateContainerAsync(this AzuriteFixture fixture, StorageClientOptions? options = null)
    {
        var container = StorageAccount.Parse(fixture.ConnectionString)
            .CreateBlobServiceClient(options)
            .GetBlobContainerClient(AzuriteFixture.UniqueName("c"));
        await container.CreateIfNotExistsAsync();
        return container;
    }
}
