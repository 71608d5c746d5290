using Csp.Storage.Tables;
using Csp.Testing;
using static Csp.Storage.Tests.Tables.TableEntityBuilder;

namespace Csp.Storage.Tests.Tables;

[Collection(AzuriteTablesCollection.Name)]
public sealed class TableTransactionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Submit_100Adds_AppliesAllAndReturnsAnETagEach()
    {
        var table = await azurite.CreateTableAsync();

        var results = await table.SubmitTransactionAsync(Adds("p", 100));

        Assert.Equal(100, results.Count);
        Assert.All(results, r => Assert.Equal(204, r.Status));
        // ETags are timestamps, so entities written together may share one; each must match what is stored.
        var stored = await table.QueryAsync(TableFilter.PartitionKeyEquals("p")).ToListAsync();
        Assert.Equal(100, stored.Count);
        Assert.Equal(results.Select(r => r.ETag), stored.OrderBy(e => e.RowKey, StringComparer.Ordinal).Select(e => e.ETag));
        Assert.All(results, r => Assert.StartsWith("W/", r.ETag));
    }

    [Fact]
    public async Task Submit_FailingAddAt57_WritesNothingAndReportsIndex()
    {
        var table = await azurite.CreateTableAsync();
        await table.AddEntityAsync(Entity("p", "000057", -1));

        var ex = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(Adds("p", 100)));

        Assert.Equal(57, ex.FailedActionIndex);
        Assert.Equal(409, ex.Status);
        Assert.Equal("EntityAlreadyExists", ex.ErrorCode);
        Assert.True(ex.IsConflict);
        Assert.Contains("operation 57", ex.Message);
        var stored = await table.QueryAsync(TableFilter.PartitionKeyEquals("p")).ToListAsync();
        Assert.Equal(-1, Assert.Single(stored)["Sequence"]);
    }

    [Fact]
    public async Task Submit_StaleETagOnUpdate_FailsWith412AtThatIndex()
    {
        var table = await azurite.CreateTableAsync();
        var stale = await table.AddEntityAsync(Entity("p", "state"));
        await table.UpsertEntityAsync(Entity("p", "state", 1));

        var ex = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, Entity("p", "history-1")),
            new(TableTransactionActionType.Add, Entity("p", "history-2")),
            new(TableTransactionActionType.UpdateReplace, Entity("p", "state", 2), stale),
        ]));

        Assert.Equal(2, ex.FailedActionIndex);
        Assert.Equal(412, ex.Status);
        Assert.True(ex.IsConflict);
        Assert.Null(await table.GetEntityAsync("p", "history-1"));
    }

    [Fact]
    public async Task Submit_EveryActionType_AppliesEach()
    {
        var table = await azurite.CreateTableAsync();
        var toMerge = await table.AddEntityAsync(new TableEntity("p", "merge") { ["Keep"] = "yes", ["Value"] = 1 });
        await table.AddEntityAsync(new TableEntity("p", "replace") { ["Drop"] = "me" });
        await table.AddEntityAsync(new TableEntity("p", "upsert-merge") { ["Keep"] = "yes" });
        await table.AddEntityAsync(new TableEntity("p", "upsert-replace") { ["Drop"] = "me" });
        var toDelete = await table.AddEntityAsync(new TableEntity("p", "delete"));

        var results = await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "add") { ["Value"] = 1 }),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "merge") { ["Value"] = 2 }, toMerge),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "replace") { ["Value"] = 3 }),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "upsert-merge") { ["Value"] = 4 }),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "upsert-replace") { ["Value"] = 5 }),
            new(TableTransactionActionType.Delete, new TableEntity("p", "delete"), toDelete),
        ]);

        Assert.Equal(6, results.Count);
        Assert.All(results.Take(5), r => Assert.False(string.IsNullOrEmpty(r.ETag)));
        var stored = (await table.QueryAsync().ToListAsync()).ToDictionary(e => e.RowKey);
        Assert.Equal(["add", "merge", "replace", "upsert-merge", "upsert-replace"], stored.Keys.Order());
        Assert.Equal("yes", stored["merge"]["Keep"]);
        Assert.Equal(2, stored["merge"]["Value"]);
        Assert.False(stored["replace"].ContainsKey("Drop"));
        Assert.Equal("yes", stored["upsert-merge"]["Keep"]);
        Assert.False(stored["upsert-replace"].ContainsKey("Drop"));
        Assert.Equal(results[1].ETag, stored["merge"].ETag);
    }

    [Fact]
    public async Task Submit_DeleteAsLastAction_IsApplied()
    {
        var table = await azurite.CreateTableAsync();
        await table.AddEntityAsync(Entity("p", "old"));

        await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, Entity("p", "new")),
            new(TableTransactionActionType.Delete, Entity("p", "old")),
        ]);

        Assert.Equal(["new"], (await table.QueryAsync().ToListAsync()).Select(e => e.RowKey));
    }

    [Fact]
    public async Task Submit_TwoPartitionsOrTooMany_IsRefusedBeforeSending()
    {
        var table = await azurite.CreateTableAsync();

        var mixed = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
            [new(TableTransactionActionType.Add, Entity("a", "1")), new(TableTransactionActionType.Add, Entity("b", "1"))]));
        var tooMany = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(Adds("p", 101)));

        Assert.Contains("one partition", mixed.Message);
        Assert.Contains("101", tooMany.Message);
    }
}
