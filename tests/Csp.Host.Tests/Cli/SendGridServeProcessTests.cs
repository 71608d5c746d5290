using System.Net;
using System.Text;
using System.Text.Json;
using Csp.Host.LocalHost;
using Csp.Testing;
using Csp.Testing.Fakes;

namespace Csp.Host.Tests.Cli;

/// <summary>
/// The local host as a process, told by environment variables alone to send through SendGrid: a
/// referral's emails arrive at the (fake) SendGrid as <c>POST /v3/mail/send</c>, none in the
/// development mailbox.
/// </summary>
public sealed class SendGridServeProcessTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("csp-sendgrid-").FullName;
    private readonly AzuriteFixture _azurite = new();

    public Task InitializeAsync()
    {
        var repository = LocalSettings.FindRepositoryRoot(AppContext.BaseDirectory)!;
        File.Copy(Path.Combine(repository, LocalSettings.SampleFileName), Path.Combine(_root, LocalSettings.SampleFileName));
        return _azurite.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _azurite.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Serve_SendGridSettingsInTheEnvironment_SendsTheReferralsEmailsToSendGridAndNoneToTheMailbox()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        var repository = LocalSettings.FindRepositoryRoot(AppContext.BaseDirectory)!;
        var referral = await File.ReadAllTextAsync(Path.Combine(repository, "tests", "data", "referral.sample.json"));
        var hub = AzuriteFixture.UniqueName("hub");
        await using var host = await HostRun.StartAsync(_root, new Dictionary<string, string>
        {
            ["Csp__Email__Provider"] = "SendGrid",
            ["Csp__Email__SendGrid__ApiKey"] = "SG.any-key",
            ["Csp__Email__SendGrid__Host"] = sendGrid.BaseAddress.ToString().TrimEnd('/'),
            // Its own storage and task hub, so suites running side by side do not meet.
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["Csp__Durable__TaskHub"] = hub,
            ["Csp__Storage__TablePrefix"] = "T" + AzuriteFixture.UniqueName("")[..10],
        });
        using var http = host.Client();

        using var response = await http.PostAsync("/api/referrals", new StringContent(referral, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var until = DateTime.UtcNow.AddSeconds(30);
        while (sendGrid.Mails.Count == 0 && DateTime.UtcNow < until) await Task.Delay(100);
        Assert.NotEmpty(sendGrid.Mails);
        Assert.All(sendGrid.Requests, r =>
        {
            Assert.Equal(("POST", "/v3/mail/send"), (r.Method, r.Path));
            Assert.Equal("Bearer SG.any-key", r.Header("Authorization"));
        });
        var mail = Assert.Single(sendGrid.Mails, m => m.GetProperty("subject").GetString()!.Contains("New serious incident referral", StringComparison.Ordinal));
        // The sender defaults to the (development) partnership's business unit.
        Assert.Contains("@", mail.GetProperty("from").GetProperty("email").GetString(), StringComparison.Ordinal);

        using var mailbox = await http.GetAsync("/api/dev/mailbox");
        Assert.Equal(HttpStatusCode.OK, mailbox.StatusCode);
        Assert.Equal(0, JsonDocument.Parse(await mailbox.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
        Assert.Equal(0, await host.CtrlCAsync());
    }
}
