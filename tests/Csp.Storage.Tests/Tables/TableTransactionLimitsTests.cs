using Azure;
using Azure.Data.Tables;
using Csp.Storage.Tables;
using Csp.Testing;

namespace Csp.Storage.Tests.Tables;

/// <summary>
/// Entity-group transactions through the official client on Azurite: the limits the product enforces
/// itself before sending, atomic rollback, ETag conflicts and continuation paging.
/// </summary>
[Collection(AzuriteTablesCollection.Name)]
public sealed class TableTransactionLimitsTests(AzuriteFixture azurite)
{
    private static List<TableTransactionAction> Upserts(string partition, int count, int payloadChars = 16) =>
        Enumerable.Range(0, count)
            .Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity(partition, i.ToString("D4")) { ["Payload"] = new string('x', payloadChars) }))
            .ToList();

    private static async Task<int> CountAsync(TableClient table, string partition)
    {
        var n = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"])) n++;
        return n;
    }

    [Fact]
    public async Task SubmitWithinLimits_HundredOperations_AllWrittenAtOnce()
    {
        var table = await azurite.CreateTableAsync();

        var results = await table.SubmitWithinLimitsAsync(Upserts("p", 100));

        Assert.Equal(100, results.Count);
        Assert.Equal(100, await CountAsync(table, "p"));
    }

    [Fact]
    public async Task SubmitWithinLimits_HundredAndOneOperations_RefusedClearlyAndNothingWritten()
    {
        var table = await azurite.CreateTableAsync();

        var ex = await Assert.ThrowsAsync<TableTransactionTooLargeException>(() => table.SubmitWithinLimitsAsync(Upserts("p", 101)));

        Assert.Contains("at most 100 operations", ex.Message);
        Assert.Contains("101", ex.Message);
        Assert.Equal(0, await CountAsync(table, "p"));
    }

    [Fact]
    public async Task SubmitWithinLimits_OverFourMebibytes_RefusedBeforeSending()
    {
        var table = await azurite.CreateTableAsync();
        // 90 entities of 30,000 characters each: about 2.6 MB of text, but escaped quotes take two bytes each, 5.4 MB in all.
        var actions = Enumerable.Range(0, 90)
            .Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity("p", i.ToString("D4")) { ["Payload"] = new string('"', 30_000) }))
            .ToList();

        var ex = await Assert.ThrowsAsync<TableTransactionTooLargeException>(() => table.SubmitWithinLimitsAsync(actions));

        Assert.Contains("4 MiB", ex.Message);
        Assert.Equal(0, await CountAsync(table, "p"));
    }

    [Fact]
    public async Task SubmitWithinLimits_OneOperationRefused_NothingAppliedAndIndexReported()
    {
        var table = await azurite.CreateTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "0003"));
        var actions = Enumerable.Range(0, 5)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", i.ToString("D4"))))
            .ToList();

        var ex = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitWithinLimitsAsync(actions));

        Assert.True(ex.IsConflict());
        Assert.Equal(3, ex.FailedTransactionActionIndex);
        Assert.Equal(1, await CountAsync(table, "p"));
    }

    [Fact]
    public async Task UpdateWithStaleETag_SurfacesAsConflict_AndKeepsTheNewerWrite()
    {
        var table = await azurite.CreateTableAsync();
        var first = (await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 })).ETagOf();
        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }, first, TableUpdateMode.Replace);

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 3 }, first, TableUpdateMode.Replace));

        Assert.True(ex.IsConflict());
        Assert.Equal(2, (await table.FindEntityAsync("p", "r"))!.GetInt32("V"));
    }

    [Fact]
    public async Task Query_MoreRowsThanOnePage_FollowsContinuationToTheEnd()
    {
        var table = await azurite.CreateTableAsync();
        for (var batch = 0; batch < 25; batch++)
        {
            var actions = Enumerable.Range(batch * 100, 100)
                .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", i.ToString("D5"))))
                .ToList();
            await table.SubmitWithinLimitsAsync(actions);
        }

        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>("PartitionKey eq 'p'", maxPerPage: 1000, select: ["RowKey"])) keys.Add(row.RowKey);

        Assert.Equal(2_500, keys.Count);
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
    }

    [Fact]
    public async Task FindEntity_Missing_IsNull()
    {
        var table = await azurite.CreateTableAsync();

        Assert.Null(await table.FindEntityAsync("p", "nothing"));
    }
}
