using System.Text.Json;
using Csp.Integrations.Mail;
using Csp.Testing.Fakes;
using Csp.Workflow.Activities;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;
using Csp.Workflow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Csp.Workflow.Tests.Integrations;

/// <summary>The workflow's email through the real SendGrid client to a fake SendGrid v3 on loopback.</summary>
public sealed class SendGridEmailTests
{
    private const string ApiKey = "SG.test-key";
    private const string From = "csp@exampleshire.example";

    internal static Dictionary<string, string?> Settings(Uri host) => new()
    {
        ["Csp:Email:Provider"] = "SendGrid",
        ["Csp:Email:SendGrid:ApiKey"] = ApiKey,
        ["Csp:Email:SendGrid:Host"] = host.ToString(),
        ["Csp:Email:FromAddress"] = From,
        ["Csp:Email:FromName"] = "Exampleshire Safeguarding Children Partnership",
        ["Csp:Email:ReplyToAddress"] = "business.unit@exampleshire.example",
        ["Csp:Email:MaxRetryDelaySeconds"] = "0",
    };

    /// <summary>A scenario whose email goes to <paramref name="fake"/>; the delivery records outlive engine restarts, as stored ones do.</summary>
    internal static async Task<WorkflowScenario> StartAsync(FakeSendGrid fake, InMemoryEmailDeliveries deliveries)
    {
        var scenario = await WorkflowScenario.StartAsync(overrides: Settings(fake.BaseAddress), configure: services =>
        {
            services.RemoveAll<IEmailSender>();
            services.AddSingleton<IEmailDeliveries>(deliveries);
        });
        scenario.SentElsewhere = fake.Inbox;
        return scenario;
    }

    [Fact]
    public async Task SendAsync_ReferralJourney_PostsEveryEmailToSendGridWithKeyBodiesAndDeliveryId()
    {
        await using var fake = await FakeSendGrid.StartAsync();
        var deliveries = new InMemoryEmailDeliveries();
        await using var s = await StartAsync(fake, deliveries);
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);

        var requests = fake.Requests;
        Assert.True(requests.Count >= 5, $"Only {requests.Count} requests reached SendGrid.");
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("/v3/mail/send", r.Path);
            Assert.Equal("Bearer " + ApiKey, r.Header("Authorization"));
        });
        Assert.All(fake.Mails, mail =>
        {
            Assert.Equal(From, mail.GetProperty("from").GetProperty("email").GetString());
            Assert.Equal("business.unit@exampleshire.example", mail.GetProperty("reply_to").GetProperty("email").GetString());
            var types = mail.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("type").GetString()).ToList();
            Assert.Equal(["text/plain", "text/html"], types);
            var deliveryId = DeliveryId(mail);
            Assert.True(EmailDeliveryIds.LooksValid(deliveryId));
            Assert.False(mail.TryGetProperty("mail_settings", out _));
        });
        // The scoping requests reached the agencies, each once.
        var recipients = fake.Mails.Select(m => To(m)).ToList();
        Assert.Single(recipients, r => r == WorkflowScenario.PoliceScoping);
        // No child data in any provider call: subject, bodies, custom args.
        Assert.All(requests, r =>
        {
            Assert.DoesNotContain("Robin", r.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Testchild", r.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("2019-07-02", r.Body, StringComparison.Ordinal);
        });
        // Nothing went to the development mailbox; every send is recorded with SendGrid's message id.
        Assert.Equal(0, s.Mailbox.Count);
        Assert.Equal(fake.Mails.Count, deliveries.All.Count);
        Assert.All(deliveries.All, d =>
        {
            Assert.Equal(EmailDeliveryState.Sent, d.State);
            Assert.StartsWith("fake-", d.MessageId, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task SendAsync_SandboxModeOn_AsksSendGridToSendNothing()
    {
        await using var fake = await FakeSendGrid.StartAsync();
        var transport = Transport(fake, sandbox: true);

        var result = await transport.SendAsync(Message("someone@agency.example"), EmailDeliveryIds.For("k"), CancellationToken.None);

        Assert.True(result.Accepted);
        Assert.True(Assert.Single(fake.Mails).GetProperty("mail_settings").GetProperty("sandbox_mode").GetProperty("enable").GetBoolean());
    }

    [Fact]
    public async Task SendAsync_CalendarInvitation_AttachesTheFileAsBase64WithAPlainMediaType()
    {
        await using var fake = await FakeSendGrid.StartAsync();
        var ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"u8.ToArray();
        var message = Message("someone@agency.example") with
        {
            Attachments = [new EmailAttachment("invite.ics", "text/calendar; method=REQUEST; charset=UTF-8", ics)],
        };

        await Transport(fake).SendAsync(message, EmailDeliveryIds.For("k"), CancellationToken.None);

        var attachment = Assert.Single(Assert.Single(fake.Mails).GetProperty("attachments").EnumerateArray());
        Assert.Equal("invite.ics", attachment.GetProperty("filename").GetString());
        Assert.Equal("text/calendar", attachment.GetProperty("type").GetString());
        Assert.Equal("attachment", attachment.GetProperty("disposition").GetString());
        Assert.Equal(ics, Convert.FromBase64String(attachment.GetProperty("content").GetString()!));
    }

    [Fact]
    public async Task SendAsync_TooManyRequestsWithRetryAfter_WaitsAsAskedThenSends()
    {
        await using var fake = await FakeSendGrid.StartAsync();
        fake.Enqueue(FakeSendGrid.TooManyRequests(retryAfterSeconds: 1), new FakeReply(503, "{}"));
        var transport = Transport(fake);

        var result = await transport.SendAsync(Message("someone@agency.example"), EmailDeliveryIds.For("k"), CancellationToken.None);

        Assert.True(result.Accepted);
        Assert.StartsWith("fake-", result.MessageId, StringComparison.Ordinal);
        var requests = fake.Requests;
        Assert.Equal(3, requests.Count);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(900), $"Retried after {(requests[1].At - requests[0].At).TotalMilliseconds} ms; Retry-After asked for 1 s.");
    }

    [Fact]
    public async Task SendAsync_ServiceKeepsFailing_ThrowsSoTheActivityRetries()
    {
        await using var fake = await FakeSendGrid.StartAsync();
        fake.Enqueue(new FakeReply(500, "{}"), new FakeReply(502, "{}"));
        var transport = Transport(fake, maxAttempts: 2);

        await Assert.ThrowsAsync<EmailServiceUnavailableException>(() =>
            transport.SendAsync(Message("someone@agency.example"), EmailDeliveryIds.For("k"), CancellationToken.None));
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_SendGridRefusesAScopingRequest_ShownOnTheIncidentAndBusinessUnitEmailed()
    {
        await using var fake = await FakeSendGrid.StartAsync();
        fake.RefuseTo(WorkflowScenario.PoliceScoping, FakeSendGrid.BadRequest("The to email does not contain a valid address.", "personalizations.0.to.0.email"));
        var deliveries = new InMemoryEmailDeliveries();
        await using var s = await StartAsync(fake, deliveries);
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);

        var failed = Assert.Single(deliveries.All, d => d.To == WorkflowScenario.PoliceScoping);
        Assert.Equal(EmailDeliveryState.Failed, failed.State);
        Assert.Contains("does not contain a valid address", failed.Error, StringComparison.Ordinal);
        var entry = Assert.Single((await s.ViewAsync(id)).Timeline, t => t.What.Contains("not delivered", StringComparison.Ordinal));
        Assert.Contains(WorkflowScenario.PoliceScoping, entry.What, StringComparison.Ordinal);
        Assert.Contains("SendGrid refused it (400): The to email does not contain a valid address.", entry.Why, StringComparison.Ordinal);
        var told = Assert.Single(fake.Mails, m => To(m) == "business.unit@exampleshire.example"
            && m.GetProperty("subject").GetString()!.Contains("could not be delivered", StringComparison.Ordinal));
        Assert.Contains(WorkflowScenario.PoliceScoping, told.GetProperty("content")[0].GetProperty("value").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_TheSameNoticeSentTwice_PostsOnce()
    {
        await using var fake = await FakeSendGrid.StartAsync();
        await using var s = await StartAsync(fake, new InMemoryEmailDeliveries());
        var mailer = s.Host.Services.GetRequiredService<NoticeMailer>();
        var notice = new Notice("incident-1", "CSP-2025-0001", "scoping:request:police", [new EmailAddress("someone@agency.example", "Someone")],
            "Scoping request", ["Please return the scoping template."]);

        var first = await mailer.SendAsync(notice, null, CancellationToken.None);
        var second = await mailer.SendAsync(notice, null, CancellationToken.None);

        Assert.Equal((1, 0), (first.Sent, first.Duplicates));
        Assert.Equal((0, 1), (second.Sent, second.Duplicates));
        Assert.Single(fake.Mails);
    }

    [Fact]
    public async Task SendAsync_ServiceDownThenBack_TheRetriedActivitySends()
    {
        await using var fake = await FakeSendGrid.StartAsync();
        var deliveries = new InMemoryEmailDeliveries();
        await using var s = await StartAsync(fake, deliveries);
        var sender = s.Host.Services.GetRequiredService<IEmailSender>();
        var message = Message("someone@agency.example");
        fake.Enqueue(Enumerable.Repeat(new FakeReply(503, "{}"), 5).ToArray());

        await Assert.ThrowsAsync<EmailServiceUnavailableException>(() => sender.SendAsync(message, CancellationToken.None));
        Assert.Empty(deliveries.All);
        var retried = await sender.SendAsync(message, CancellationToken.None);

        Assert.False(retried.Duplicate);
        Assert.StartsWith("fake-", retried.MessageId, StringComparison.Ordinal);
        Assert.Equal(EmailDeliveryState.Sent, Assert.Single(deliveries.All).State);
        Assert.Equal(6, fake.Requests.Count);
    }

    [Fact]
    public async Task Journey_EngineCrashesAfterEveryAction_EachEmailReachesSendGridOnce()
    {
        await using var fake = await FakeSendGrid.StartAsync();
        await using var s = await StartAsync(fake, new InMemoryEmailDeliveries());
        s.CrashAfterEachAction = true;
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);

        var perDelivery = fake.Mails
            .GroupBy(m => DeliveryId(m))
            .ToList();
        Assert.True(perDelivery.Count >= 5);
        Assert.All(perDelivery, g => Assert.Single(g));
    }

    internal static string? DeliveryId(JsonElement mail) =>
        mail.GetProperty("personalizations")[0].GetProperty("custom_args").GetProperty(SendGridEmailTransport.DeliveryIdArg).GetString();

    internal static string? To(JsonElement mail) => mail.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString();

    private static SendGridEmailTransport Transport(FakeSendGrid fake, bool sandbox = false, int maxAttempts = 5) =>
        new(Options.Create(new EmailOptions
        {
            Provider = EmailOptions.SendGridProvider,
            FromAddress = From,
            MaxAttempts = maxAttempts,
            MaxRetryDelaySeconds = 5,
            SendGrid = new SendGridEmailOptions { ApiKey = ApiKey, Host = fake.BaseAddress.ToString(), SandboxMode = sandbox },
        }), Options.Create(new Csp.Workflow.Configuration.PartnershipOptions { Name = "Exampleshire" }));

    private static EmailMessage Message(string to) =>
        new(new EmailAddress(to), "[CSP-2025-0001] Scoping request", "Text", "<p>Html</p>", [], EmailKeys.For("i", "s", to));
}
