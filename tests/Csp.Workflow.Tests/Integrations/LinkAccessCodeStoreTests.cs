using Csp.Integrations.Records;
using Csp.Storage;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Tests.Integrations;

/// <summary>Scoping links' one-time codes in Table storage (Azurite): every field kept, and only one of several writers from the same read wins.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LinkAccessCodeStoreTests(AzuriteFixture azurite)
{
    private async Task<TableLinkAccessCodeStore> NewStoreAsync()
    {
        var table = StorageAccount.FromConnectionString(azurite.ConnectionString).Tables.GetTableClient(AzuriteFixture.UniqueName("codes"));
        await table.CreateIfNotExistsAsync();
        return new TableLinkAccessCodeStore(table);
    }

    private static LinkAccessCode Code(string tokenHash, int number = 1) =>
        new(tokenHash, "CSP-2026-0007", number, "c2FsdA==", "aGFzaA==", new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 9, 15, 0, TimeSpan.Zero));

    [Fact]
    public async Task TryWrite_FirstCode_KeepsEveryField_AndASecondFirstWriteLoses()
    {
        var store = await NewStoreAsync();
        var hash = new string('a', 64);
        Assert.Null(await store.FindAsync(hash, CancellationToken.None));

        Assert.True(await store.TryWriteAsync(Code(hash), null, CancellationToken.None));
        Assert.False(await store.TryWriteAsync(Code(hash, 2), null, CancellationToken.None));

        var stored = await store.FindAsync(hash, CancellationToken.None);
        Assert.Equal(Code(hash), stored!.Code);
        var used = stored.Code with { FailedAttempts = 2, UsedAt = stored.Code.IssuedAt.AddMinutes(3) };
        Assert.True(await store.TryWriteAsync(used, stored.ETag, CancellationToken.None));
        Assert.Equal(used, (await store.FindAsync(hash, CancellationToken.None))!.Code);
    }

    [Fact]
    public async Task TryWrite_TenWritersFromOneRead_ExactlyOneWins()
    {
        var store = await NewStoreAsync();
        var hash = new string('b', 64);
        Assert.True(await store.TryWriteAsync(Code(hash), null, CancellationToken.None));
        var read = (await store.FindAsync(hash, CancellationToken.None))!;

        var wins = await Task.WhenAll(Enumerable.Range(1, 10).Select(n =>
            store.TryWriteAsync(read.Code with { FailedAttempts = n }, read.ETag, CancellationToken.None)));

        Assert.Single(wins, w => w);
        var after = (await store.FindAsync(hash, CancellationToken.None))!.Code.FailedAttempts;
        Assert.Equal(Array.IndexOf(wins, true) + 1, after);
    }
}
