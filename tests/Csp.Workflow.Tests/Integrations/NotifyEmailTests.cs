using System.Text.Json;
using Csp.Integrations.Mail;
using Csp.Testing.Fakes;
using Csp.Workflow.Ports;
using Csp.Workflow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Csp.Workflow.Tests.Integrations;

/// <summary>The workflow's email through the real GOV.UK Notify client to a fake Notify on loopback.</summary>
public sealed class NotifyEmailTests
{
    private const string DefaultTemplate = "f33517ff-2a88-4f6e-b855-c550268ce08a";
    private const string ScopingTemplate = "4e4a8f4e-5b1c-4b0e-9d53-0c1b8e6c1a11";

    [Fact]
    public async Task SendAsync_ReferralJourney_SendsEachEmailWithItsKindsTemplateFieldsAndReference()
    {
        await using var fake = await FakeNotify.StartAsync();
        var deliveries = new InMemoryEmailDeliveries();
        await using var s = await WorkflowScenario.StartAsync(overrides: new Dictionary<string, string?>
        {
            ["Csp:Email:Provider"] = "Notify",
            ["Csp:Email:Notify:ApiKey"] = FakeNotify.ApiKey,
            ["Csp:Email:Notify:BaseUrl"] = fake.BaseAddress.ToString(),
            ["Csp:Email:Notify:Templates:Default"] = DefaultTemplate,
            ["Csp:Email:Notify:Templates:scoping"] = ScopingTemplate,
        }, configure: services =>
        {
            services.RemoveAll<IEmailSender>();
            services.AddSingleton<IEmailDeliveries>(deliveries);
        });
        s.SentElsewhere = to => fake.Emails.Where(e => e.GetProperty("email_address").GetString() == to).Reverse()
            .Select(e => (Field(e, "subject"), Field(e, "body"))).ToList();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);

        var emails = fake.Emails;
        Assert.True(emails.Count >= 5);
        Assert.Equal(0, s.Mailbox.Count);
        var scoping = Assert.Single(emails, e => e.GetProperty("email_address").GetString() == WorkflowScenario.PoliceScoping);
        Assert.Equal(ScopingTemplate, scoping.GetProperty("template_id").GetString());
        Assert.Contains("scoping", Field(scoping, "subject"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("/s/", Field(scoping, "body"), StringComparison.Ordinal);
        Assert.All(emails.Where(e => e.GetProperty("email_address").GetString() != WorkflowScenario.PoliceScoping && !Field(e, "subject").Contains("scoping", StringComparison.OrdinalIgnoreCase)),
            e => Assert.Equal(DefaultTemplate, e.GetProperty("template_id").GetString()));
        // The reference is the delivery id: the receipt finds its email by it.
        Assert.Equal(deliveries.All.Select(d => d.Id).Order(), emails.Select(e => e.GetProperty("reference").GetString()!).Order());
        Assert.All(deliveries.All, d => Assert.Equal(EmailDeliveryState.Sent, d.State));
        Assert.All(fake.Requests, r => Assert.DoesNotContain("Robin", r.Body, StringComparison.Ordinal));
        Assert.All(fake.Requests, r => Assert.DoesNotContain("Testchild", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_NotifyRefuses_ReturnsARefusalWithNotifysWords()
    {
        await using var fake = await FakeNotify.StartAsync();
        fake.Enqueue(new FakeReply(400, """{"errors":[{"error":"BadRequestError","message":"Can't send to this recipient using a team-only API key"}],"status_code":400}"""));

        var result = await Transport(fake).SendAsync(Message(), EmailDeliveryIds.For("k"), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Equal(400, result.Status);
        Assert.Contains("Can't send to this recipient using a team-only API key", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_RateLimitedOnce_RetriesAndSends()
    {
        await using var fake = await FakeNotify.StartAsync();
        fake.Enqueue(new FakeReply(429, """{"errors":[{"error":"RateLimitError","message":"Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds"}],"status_code":429}"""));

        var result = await Transport(fake).SendAsync(Message(), EmailDeliveryIds.For("k"), CancellationToken.None);

        Assert.True(result.Accepted);
        Assert.False(string.IsNullOrEmpty(result.MessageId));
        Assert.Equal(2, fake.Emails.Count);
        Assert.Equal(EmailDeliveryIds.For("k"), fake.Emails[1].GetProperty("reference").GetString());
    }

    private static string Field(JsonElement email, string name) => email.GetProperty("personalisation").GetProperty(name).GetString() ?? "";

    private static NotifyEmailTransport Transport(FakeNotify fake) => new(Options.Create(new EmailOptions
    {
        Provider = EmailOptions.NotifyProvider,
        MaxRetryDelaySeconds = 1,
        Notify = new NotifyEmailOptions
        {
            ApiKey = FakeNotify.ApiKey,
            BaseUrl = fake.BaseAddress.ToString(),
            Templates = new(StringComparer.OrdinalIgnoreCase) { ["Default"] = DefaultTemplate },
        },
    }));

    private static EmailMessage Message() =>
        new(new EmailAddress("someone@agency.example"), "[CSP-2025-0001] Scoping request", "Text", "<p>Html</p>", [], EmailKeys.For("i", "scoping:request", "someone@agency.example"), "i", "scoping:request");
}
