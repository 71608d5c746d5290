using Csp.Domain.Referrals;
using Csp.Integrations.Records;
using Csp.Storage;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Ports;
using Microsoft.Extensions.Options;

namespace Csp.Workflow.Tests.Integrations;

/// <summary>
/// The partnership directory in Table storage (Azurite) behind <see cref="PartnershipDirectoryService"/>:
/// seeded once from settings, each save a new version with its history row, a save over a stale
/// version or with invalid fields writing nothing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PartnershipDirectoryTests(AzuriteFixture azurite)
{
    private static PartnershipOptions Seed() => new()
    {
        Name = "Exampleshire Safeguarding Children Partnership",
        BusinessManager = new() { Name = "Bea Manager", Email = "business.manager@exampleshire.example", ObjectId = "oid-bea" },
        PanelChair = new() { Name = "Rowan Panelchair", Email = "panel.chair@exampleshire.example" },
        PanelMembers =
        [
            new() { Name = "Ellis Police", Email = "police.member@police.example", AgencyType = AgencyType.Police, Deputy = new() { Name = "Frankie Police", Email = "police.deputy@police.example" } },
        ],
    };

    private PartnershipDirectoryService NewService(TablePartnershipDirectory table, PartnershipOptions? seed = null) =>
        new(table, TimeProvider.System, Options.Create(seed ?? Seed()));

    private Task<TablePartnershipDirectory> NewTableAsync() =>
        Task.FromResult(new TablePartnershipDirectory(StorageAccount.FromConnectionString(azurite.ConnectionString).Tables.GetTableClient(AzuriteFixture.UniqueName("partnership"))));

    [Fact]
    public async Task Start_EmptyDirectory_SeedsOnceFromSettings_ASecondStartKeepsTheStoredVersion()
    {
        var table = await NewTableAsync();
        var first = NewService(table);
        await first.StartAsync(CancellationToken.None);
        Assert.Equal("Rowan Panelchair", first.Current.PanelChair.Name);
        Assert.Equal(1, first.Version);

        var edited = Seed();
        edited.PanelChair = new() { Name = "Robin Newchair", Email = "new.chair@exampleshire.example" };
        Assert.Equal(PartnershipSaveOutcome.Saved, (await first.SaveAsync(edited, 1, "Bea Manager", CancellationToken.None)).Outcome);

        // A restart with the old settings still present does not overwrite what the business unit saved.
        var restarted = NewService(table);
        await restarted.StartAsync(CancellationToken.None);
        Assert.Equal("Robin Newchair", restarted.Current.PanelChair.Name);
        Assert.Equal(2, restarted.Version);
        var history = await restarted.HistoryAsync(CancellationToken.None);
        Assert.Equal([2, 1], history.Select(h => h.Version));
        Assert.Equal("Bea Manager", history[0].By);
        Assert.Equal(["Panel chair: Rowan Panelchair <panel.chair@exampleshire.example> → Robin Newchair <new.chair@exampleshire.example>"], history[0].Changes);
    }

    [Fact]
    public async Task Start_NoSettings_StaysEmptyAndSaysWhatIsMissing()
    {
        var service = NewService(await NewTableAsync(), new PartnershipOptions());
        await service.StartAsync(CancellationToken.None);

        Assert.Equal(0, service.Version);
        Assert.False(PartnershipRules.CanRun(service.Current));
        Assert.Contains("the panel chair", PartnershipRules.Missing(service.Current));
        Assert.Empty(await service.HistoryAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Save_TwoEditsOverTheSameVersion_TheSecondIsAConflictAndWritesNothing()
    {
        var table = await NewTableAsync();
        var a = NewService(table);
        var b = NewService(table);
        await a.StartAsync(CancellationToken.None);
        await b.StartAsync(CancellationToken.None);
        var mine = Seed();
        mine.PanelMembers[0].Deputy = new() { Name = "Morgan Police", Email = "morgan@police.example" };
        var theirs = Seed();
        theirs.PanelMembers[0].Deputy = new() { Name = "Sam Police", Email = "sam@police.example" };

        Assert.Equal(PartnershipSaveOutcome.Saved, (await a.SaveAsync(mine, 1, "Bea Manager", CancellationToken.None)).Outcome);
        Assert.Equal(PartnershipSaveOutcome.Conflict, (await b.SaveAsync(theirs, 1, "Ali Officer", CancellationToken.None)).Outcome);

        var (stored, version) = await b.ReadAsync(CancellationToken.None);
        Assert.Equal("morgan@police.example", stored.PanelMembers[0].Deputy!.Email);
        Assert.Equal(2, version);
        Assert.Equal(2, (await b.HistoryAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Save_BadAddressEmptyNameDuplicate_FieldErrorsAndNothingWritten()
    {
        var service = NewService(await NewTableAsync());
        await service.StartAsync(CancellationToken.None);
        var bad = Seed();
        bad.PanelChair.Email = "not an address";
        bad.BusinessManager.Name = " ";
        bad.PanelMembers[0].Deputy!.Email = "police.member@police.example";

        var saved = await service.SaveAsync(bad, 1, "Bea Manager", CancellationToken.None);

        Assert.Equal(PartnershipSaveOutcome.Invalid, saved.Outcome);
        Assert.Equal(["businessManager.name", "panelChair.email", "panelMembers[0].deputy.email"], saved.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Equal(1, (await service.ReadAsync(CancellationToken.None)).Version);
        Assert.Single(await service.HistoryAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Save_AnEditFromThePage_KeepsEachPersonsSignInAccount()
    {
        var service = NewService(await NewTableAsync());
        await service.StartAsync(CancellationToken.None);
        var (stored, version) = await service.ReadAsync(CancellationToken.None);
        var edited = Seed();
        edited.BusinessManager = new() { Name = "Bea Manager", Email = "business.manager@exampleshire.example" }; // the page knows no object id
        edited.Name = "Exampleshire Children's Partnership";
        PartnershipRules.KeepAccounts(edited, stored);

        Assert.Equal(PartnershipSaveOutcome.Saved, (await service.SaveAsync(edited, version, "Bea Manager", CancellationToken.None)).Outcome);
        Assert.Equal("oid-bea", (await service.ReadAsync(CancellationToken.None)).Partnership.BusinessManager.ObjectId);
    }
}
