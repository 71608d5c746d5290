using Csp.Testing;
using Csp.Testing.Fakes;

namespace Csp.Web.Tests.Infrastructure;

/// <summary>The local host sending through a fake GOV.UK Notify, with its storage in Azurite and a delivery-receipt token configured.</summary>
public sealed class NotifyHostFixture : IAsyncLifetime
{
    public const string CallbackToken = "notify-callback-token-0123456789";

    private readonly AzuriteFixture _azurite = new();

    public FakeNotify Notify { get; private set; } = default!;

    public WebHostHarness Host { get; private set; } = default!;

    public JourneyClient Client { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        Notify = await FakeNotify.StartAsync();
        Host = await WebHostHarness.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["Csp:Durable:TaskHub"] = AzuriteFixture.UniqueName("hub"),
            ["Csp:Storage:TablePrefix"] = "T" + AzuriteFixture.UniqueName("")[..10],
            ["Csp:Email:Provider"] = "Notify",
            ["Csp:Email:Notify:ApiKey"] = FakeNotify.ApiKey,
            ["Csp:Email:Notify:BaseUrl"] = Notify.BaseAddress.ToString(),
            ["Csp:Email:Notify:Templates:Default"] = "f33517ff-2a88-4f6e-b855-c550268ce08a",
            ["Csp:Email:Notify:CallbackBearerToken"] = CallbackToken,
        });
        Client = new JourneyClient(Host);
    }

    public async Task DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        if (Notify is not null) await Notify.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}
