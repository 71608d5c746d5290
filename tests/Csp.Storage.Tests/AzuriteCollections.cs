using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Csp.Testing;

namespace Csp.Storage.Tests;

[CollectionDefinition(Name)]
public sealed class AzuriteTablesCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite tables";
}

internal static class AzuriteFixtureExtensions
{
    public static async Task<TableClient> CreateTableAsync(this AzuriteFixture fixture)
    {
        var table = StorageAccount.FromConnectionString(fixture.ConnectionString).Tables.GetTableClient(AzuriteFixture.UniqueName("t"));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    public static async Task<BlobContainerClient> CreateContainerAsync(this AzuriteFixture fixture)
    {
        var container = StorageAccount.FromConnectionString(fixture.ConnectionString).Blobs.GetBlobContainerClient(AzuriteFixture.UniqueName("c"));
        await container.CreateIfNotExistsAsync();
        return container;
    }
}
