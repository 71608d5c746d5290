using System.Security.Cryptography;
using Csp.Testing;
using Csp.Testing.Fakes;

namespace Csp.Web.Tests.Infrastructure;

/// <summary>
/// The local host sending through a fake SendGrid, with its storage in Azurite and SendGrid's Event
/// Webhook verification key configured: the key pair is made here, as the SendGrid console makes it.
/// </summary>
public sealed class SendGridHostFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();

    public ECDsa SigningKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public FakeSendGrid SendGrid { get; private set; } = default!;

    public WebHostHarness Host { get; private set; } = default!;

    public JourneyClient Client { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        SendGrid = await FakeSendGrid.StartAsync();
        var hub = AzuriteFixture.UniqueName("hub");
        Host = await WebHostHarness.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["Csp:Durable:TaskHub"] = hub,
            ["Csp:Storage:TablePrefix"] = "T" + AzuriteFixture.UniqueName("")[..10],
            ["Csp:Email:Provider"] = "SendGrid",
            ["Csp:Email:SendGrid:ApiKey"] = "SG.test",
            ["Csp:Email:SendGrid:Host"] = SendGrid.BaseAddress.ToString(),
            ["Csp:Email:SendGrid:WebhookPublicKey"] = Convert.ToBase64String(SigningKey.ExportSubjectPublicKeyInfo()),
        });
        Client = new JourneyClient(Host);
    }

    public async Task DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        if (SendGrid is not null) await SendGrid.DisposeAsync();
        await _azurite.DisposeAsync();
        SigningKey.Dispose();
    }
}
