using Csp.Testing;

namespace Csp.Web.Tests.Infrastructure;

/// <summary>
/// The real local host (workflow, durable engine, recording mailbox, development clock) on Kestrel,
/// with its storage in an in-memory Azurite: end-to-end and browser tests.
/// </summary>
public sealed class LocalHostFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();

    public WebHostHarness Host { get; private set; } = default!;

    public JourneyClient Client { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var hub = AzuriteFixture.UniqueName("hub");
        Host = await WebHostHarness.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["Csp:Durable:TaskHub"] = hub,
            ["Csp:TaskHub"] = hub,
            ["Csp:Storage:TablePrefix"] = "T" + AzuriteFixture.UniqueName("")[..10],
        });
        Client = new JourneyClient(Host);
    }

    public async Task DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<LocalHostFixture>
{
    public const string Name = "Local host end to end";
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<LocalHostFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Local host in a browser";
}
