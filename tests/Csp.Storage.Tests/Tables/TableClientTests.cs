using Csp.Storage.Tables;
using Csp.Testing;
using static Csp.Storage.Tests.Tables.TableEntityBuilder;

namespace Csp.Storage.Tests.Tables;

[Collection(AzuriteTablesCollection.Name)]
public sealed class TableClientTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AddThenGet_EveryType_RoundTripsWithItsEdmType()
    {
        var table = await azurite.CreateTableAsync();
        var when = new DateTimeOffset(2025, 2, 28, 23, 59, 58, TimeSpan.FromHours(1)).AddTicks(1234567);
        var id = Guid.NewGuid();
        var entity = new TableEntity("case-1", "row-1")
        {
            ["Text"] = "O'Brien \"quoted\" ünïcödé ✓\n",
            ["Empty"] = "",
            ["Int32"] = -42,
            ["Int64"] = long.MaxValue - 7,
            ["SmallInt64"] = 5L,
            ["Double"] = 3.25,
            ["IntegralDouble"] = 3.0,
            ["NaN"] = double.NaN,
            ["Infinity"] = double.PositiveInfinity,
            ["True"] = true,
            ["False"] = false,
            ["When"] = when,
            ["Id"] = id,
            ["Bytes"] = new byte[] { 0, 1, 2, 254, 255 },
            ["Data"] = BinaryData.FromString("binary data"),
        };

        var etag = await table.AddEntityAsync(entity);
        var read = await table.GetEntityAsync("case-1", "row-1");

        Assert.NotNull(read);
        Assert.Equal(etag, read.ETag);
        Assert.NotNull(read.Timestamp);
        Assert.Equal("case-1", read.PartitionKey);
        Assert.Equal("row-1", read.RowKey);
        Assert.Equal("O'Brien \"quoted\" ünïcödé ✓\n", read["Text"]);
        Assert.Equal("", read["Empty"]);
        Assert.Equal(-42, read["Int32"]);
        Assert.Equal(long.MaxValue - 7, read["Int64"]);
        Assert.Equal(5L, read["SmallInt64"]);
        Assert.Equal(3.25, read["Double"]);
        Assert.Equal(3.0, Assert.IsType<double>(read["IntegralDouble"]));
        Assert.True(double.IsNaN(read.GetDouble("NaN")!.Value));
        Assert.Equal(double.PositiveInfinity, read["Infinity"]);
        Assert.Equal(true, read["True"]);
        Assert.Equal(false, read["False"]);
        Assert.Equal(when, read.GetDateTimeOffset("When"));
        Assert.Equal(TimeSpan.Zero, read.GetDateTimeOffset("When")!.Value.Offset);
        Assert.Equal(id, read.GetGuid("Id"));
        Assert.Equal(new byte[] { 0, 1, 2, 254, 255 }, read.GetBinary("Bytes"));
        Assert.Equal("binary data"u8.ToArray(), read.GetBinary("Data"));
        Assert.Equal(entity.Count, read.Count);
    }

    [Fact]
    public async Task GetEntity_Missing_ReturnsNull()
    {
        var table = await azurite.CreateTableAsync();

        Assert.Null(await table.GetEntityAsync("nobody", "nothing"));
    }

    [Fact]
    public async Task GetEntity_WithSelect_ReturnsOnlySelectedProperties()
    {
        var table = await azurite.CreateTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["A"] = 1, ["B"] = "two", ["C"] = 3L });

        var read = await table.GetEntityAsync("p", "r", select: ["B", "C"]);

        Assert.NotNull(read);
        Assert.Equal(["B", "C"], read.Keys.Order());
        Assert.Equal(3L, read["C"]);
        Assert.Equal("r", read.RowKey);
    }

    [Fact]
    public async Task AddEntity_Existing_ThrowsConcurrencyConflict()
    {
        var table = await azurite.CreateTableAsync();
        await table.AddEntityAsync(Entity("p", "r"));

        var ex = await Assert.ThrowsAsync<StorageConcurrencyException>(() => table.AddEntityAsync(Entity("p", "r", 2)));

        Assert.Equal(409, ex.Status);
        Assert.Equal("EntityAlreadyExists", ex.ErrorCode);
        Assert.True(ex.IsConflict);
        Assert.False(string.IsNullOrEmpty(ex.RequestId));
    }

    [Fact]
    public async Task UpdateEntity_StaleETag_ThrowsConcurrencyConflict_FreshETagSucceeds()
    {
        var table = await azurite.CreateTableAsync();
        var first = await table.AddEntityAsync(Entity("p", "r", 1));
        var second = await table.UpdateEntityAsync(Entity("p", "r", 2), first);

        var ex = await Assert.ThrowsAsync<StorageConcurrencyException>(() => table.UpdateEntityAsync(Entity("p", "r", 3), first));
        var third = await table.UpdateEntityAsync(Entity("p", "r", 4), second, TableUpdateMode.Merge);

        Assert.Equal(412, ex.Status);
        Assert.Equal("UpdateConditionNotSatisfied", ex.ErrorCode);
        Assert.NotEqual(second, third);
        Assert.Equal(4, (await table.GetEntityAsync("p", "r"))!["Sequence"]);
    }

    [Fact]
    public async Task UpdateEntity_Missing_Throws404NotConflict()
    {
        var table = await azurite.CreateTableAsync();

        var ex = await Assert.ThrowsAsync<StorageRequestException>(() => table.UpdateEntityAsync(Entity("p", "gone"), "*"));

        Assert.Equal(404, ex.Status);
        Assert.False(ex.IsConflict);
        Assert.IsNotType<StorageConcurrencyException>(ex);
    }

    [Fact]
    public async Task Upsert_MergeKeepsOtherProperties_ReplaceDropsThem()
    {
        var table = await azurite.CreateTableAsync();
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["A"] = 1, ["B"] = 2 });

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["B"] = 20, ["C"] = 30 });
        var merged = await table.GetEntityAsync("p", "r");
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["C"] = 300 }, TableUpdateMode.Replace);
        var replaced = await table.GetEntityAsync("p", "r");

        Assert.Equal(new Dictionary<string, object?> { ["A"] = 1, ["B"] = 20, ["C"] = 30 }, merged!.ToDictionary());
        Assert.Equal(new Dictionary<string, object?> { ["C"] = 300 }, replaced!.ToDictionary());
    }

    [Fact]
    public async Task DeleteEntity_StaleETagConflicts_MissingIsIgnored()
    {
        var table = await azurite.CreateTableAsync();
        var first = await table.AddEntityAsync(Entity("p", "r"));
        var second = await table.UpsertEntityAsync(Entity("p", "r", 2));

        await Assert.ThrowsAsync<StorageConcurrencyException>(() => table.DeleteEntityAsync("p", "r", first));
        await table.DeleteEntityAsync("p", "r", second);
        await table.DeleteEntityAsync("p", "r");

        Assert.Null(await table.GetEntityAsync("p", "r"));
    }

    [Theory]
    [InlineData("O'Brien", "it's 'quoted'")]
    [InlineData("spaces and + plus & amp", "percent % and = equals")]
    [InlineData("ünïcödé ✓ 😀", "(parens),[brackets];:@!$*~")]
    [InlineData("", "")]
    public async Task Keys_WithAwkwardButLegalCharacters_WorkForEveryOperation(string partitionKey, string rowKey)
    {
        var table = await azurite.CreateTableAsync();

        var etag = await table.AddEntityAsync(Entity(partitionKey, rowKey, 1));
        var read = await table.GetEntityAsync(partitionKey, rowKey);
        var updated = await table.UpdateEntityAsync(Entity(partitionKey, rowKey, 2), etag);
        var queried = await table.QueryAsync(TableFilter.PartitionKeyEquals(partitionKey)).ToListAsync();
        await table.SubmitTransactionAsync(
            [new TableTransactionAction(TableTransactionActionType.UpdateMerge, Entity(partitionKey, rowKey, 3), updated)]);
        await table.DeleteEntityAsync(partitionKey, rowKey);

        Assert.Equal(rowKey, read!.RowKey);
        Assert.Equal(partitionKey, read.PartitionKey);
        Assert.Equal(2, Assert.Single(queried)["Sequence"]);
        Assert.Null(await table.GetEntityAsync(partitionKey, rowKey));
    }

    [Fact]
    public async Task Query_2500Entities_FollowsContinuationAcrossPages()
    {
        var queries = new Pipeline.FaultInjectingHandler([], r => r.Method == HttpMethod.Get);
        var table = await azurite.CreateTableAsync(
            AzuriteFixtureExtensions.FastRetryOptions(new Azure.Core.Pipeline.HttpClientTransport(new HttpClient(queries))));
        for (var batch = 0; batch < 25; batch++)
        {
            await table.SubmitTransactionAsync(Adds("big", 100, batch * 100));
        }
        await table.AddEntityAsync(Entity("other", "x"));

        var all = await table.QueryAsync(TableFilter.PartitionKeyEquals("big")).ToListAsync();
        var pagesForAll = queries.Attempts;
        var paged = await table.QueryAsync("PartitionKey eq 'big' and Sequence ge 2000", select: ["Sequence"], maxPerPage: 150).ToListAsync();

        Assert.Equal(3, pagesForAll); // the service pages at 1,000
        Assert.Equal(2500, all.Count);
        Assert.Equal(Enumerable.Range(0, 2500), all.Select(e => e.GetInt32("Sequence")!.Value));
        Assert.All(all, e => Assert.False(string.IsNullOrEmpty(e.ETag)));
        Assert.Equal(500, paged.Count);
        Assert.All(paged, e => Assert.Equal(["Sequence"], e.Keys));
    }

    [Fact]
    public async Task Query_Cancelled_StopsWithOperationCanceled()
    {
        var table = await azurite.CreateTableAsync();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in table.QueryAsync(ct: cts.Token))
            {
            }
        });
    }

    [Fact]
    public async Task CreateIfNotExists_Twice_IsIdempotent_AndDeleteTableRemovesIt()
    {
        var service = StorageAccount.Parse(azurite.ConnectionString).CreateTableServiceClient();
        var table = service.GetTableClient(AzuriteFixture.UniqueName("t"));

        await table.CreateIfNotExistsAsync();
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(Entity("p", "r"));
        await service.DeleteTableAsync(table.Name);
        await service.DeleteTableAsync(table.Name);

        var ex = await Assert.ThrowsAsync<StorageRequestException>(() => table.GetEntityAsync("p", "r"));
        Assert.Equal(404, ex.Status);
        Assert.Equal("TableNotFound", ex.ErrorCode);
    }

    [Fact]
    public async Task SharedKeyLite_IsAcceptedByTheService()
    {
        var options = new StorageClientOptions { TableSharedKeyScheme = TableSharedKeyScheme.SharedKeyLite };
        var table = await azurite.CreateTableAsync(options);

        await table.AddEntityAsync(Entity("p", "r"));

        Assert.NotNull(await table.GetEntityAsync("p", "r"));
    }

    [Fact]
    public async Task WrongAccountKey_Is403WithServiceErrorCode()
    {
        var connection = azurite.ConnectionString.Replace(
            StorageAccount.DevelopmentAccountKey, Convert.ToBase64String(new byte[64]));
        var table = StorageAccount.Parse(connection).CreateTableServiceClient().GetTableClient("Anything");

        var ex = await Assert.ThrowsAsync<StorageRequestException>(() => table.GetEntityAsync("p", "r"));

        Assert.Equal(403, ex.Status);
        Assert.Equal("AuthorizationFailure", ex.ErrorCode);
    }
}
