using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Csp.Testing;
using Csp.Testing.Fakes;
using Csp.Web.Api;
using Csp.Web.Tests.Infrastructure;
using Csp.Workflow.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Csp.Web.Tests.Http;

/// <summary>SendGrid's Event Webhook on the real host: signed bounces reach the incident and the business unit; anything unsigned changes nothing.</summary>
public sealed class SendGridEventWebhookTests(SendGridHostFixture fixture) : IClassFixture<SendGridHostFixture>
{
    private const string BusinessUnit = "business.unit@partnership.example";

    [Fact]
    public async Task SendGridWebhook_SignedBounceOfTheChairsEmail_MarksItUndeliverableAndEmailsTheBusinessUnitOnce()
    {
        var (incidentId, deliveryId) = await ChairsDecisionEmailAsync();
        var body = Events(deliveryId, "bounce", "550 5.1.1 The email account that you tried to reach does not exist.");

        using var first = await PostSignedAsync(body, fixture.SigningKey);
        using var again = await PostSignedAsync(body, fixture.SigningKey);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1, JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("undeliverable").GetInt32());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var delivery = await fixture.Host.Services.GetRequiredService<IEmailDeliveries>().GetAsync(deliveryId, CancellationToken.None);
        Assert.Equal(EmailDeliveryState.Undeliverable, delivery!.State);
        var view = await fixture.Client.GetAsync(incidentId);
        var entry = Assert.Single(view.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("what").GetString()!.Contains("not delivered", StringComparison.Ordinal));
        Assert.Contains("panel.chair@partnership.example", entry.GetProperty("what").GetString(), StringComparison.Ordinal);
        Assert.Contains("does not exist", entry.GetProperty("why").GetString(), StringComparison.Ordinal);
        var told = Assert.Single(fixture.SendGrid.Mails, m => To(m) == BusinessUnit && Subject(m).Contains("could not be delivered", StringComparison.Ordinal)
            && Text(m).Contains(incidentId, StringComparison.Ordinal));
        Assert.Contains("panel.chair@partnership.example", Text(told), StringComparison.Ordinal);
        Assert.DoesNotContain("Robin", Text(told), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendGridWebhook_SignedByAnotherKey_Returns401AndChangesNothing()
    {
        var (incidentId, deliveryId) = await ChairsDecisionEmailAsync();
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var mailsBefore = fixture.SendGrid.Mails.Count;

        using var response = await PostSignedAsync(Events(deliveryId, "dropped", "Bounced Address"), otherKey);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var delivery = await fixture.Host.Services.GetRequiredService<IEmailDeliveries>().GetAsync(deliveryId, CancellationToken.None);
        Assert.Equal(EmailDeliveryState.Sent, delivery!.State);
        var view = await fixture.Client.GetAsync(incidentId);
        Assert.DoesNotContain(view.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("what").GetString()!.Contains("not delivered", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.SendGrid.Mails.Skip(mailsBefore), m => Subject(m).Contains("could not be delivered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendGridWebhook_TamperedBody_Returns401()
    {
        var (_, deliveryId) = await ChairsDecisionEmailAsync();
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Sign(fixture.SigningKey, timestamp, Events(deliveryId, "delivered", "ok"));

        using var response = await PostAsync(Events(deliveryId, "bounce", "forged"), signature, timestamp);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SendGridWebhook_UnsignedOrStale_Returns401()
    {
        var body = Events(new string('a', 32), "bounce", "x");
        using var unsigned = await PostAsync(body, null, null);
        var old = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var stale = await PostAsync(body, Sign(fixture.SigningKey, old, body), old);

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
    }

    [Fact]
    public async Task SendGridWebhook_SignedButNotJsonArray_Returns400()
    {
        const string body = """{"event":"bounce"}""";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        using var response = await PostAsync(body, Sign(fixture.SigningKey, timestamp, body), timestamp);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task NotifyCallback_ProviderIsSendGrid_Returns404()
    {
        using var client = fixture.Host.Client();
        using var response = await client.PostAsync(EmailEventsApi.NotifyRoute, new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>A new incident taken through QA, and the delivery id of the email asking the chair to decide.</summary>
    private async Task<(string IncidentId, string DeliveryId)> ChairsDecisionEmailAsync()
    {
        var incidentId = await fixture.Client.SubmitAsync(TestData.SampleReferral());
        await fixture.Client.ActAsync(incidentId, "pass-referral-qa", "business-unit", new { notes = "Complete and signed off." });
        var until = DateTime.UtcNow + JourneyClient.Patience;
        while (DateTime.UtcNow < until)
        {
            var mail = fixture.SendGrid.Mails.FirstOrDefault(m => To(m) == "panel.chair@partnership.example" && Subject(m).Contains(incidentId, StringComparison.Ordinal));
            if (mail.ValueKind == JsonValueKind.Object)
                return (incidentId, mail.GetProperty("personalizations")[0].GetProperty("custom_args").GetProperty("csp_delivery_id").GetString()!);
            await Task.Delay(100);
        }
        throw new TimeoutException($"No email reached the chair about {incidentId}.");
    }

    private static string Events(string deliveryId, string kind, string reason) => JsonSerializer.Serialize(new object[]
    {
        new Dictionary<string, object> { ["email"] = "panel.chair@partnership.example", ["event"] = "processed", ["csp_delivery_id"] = deliveryId, ["timestamp"] = 1741168200 },
        new Dictionary<string, object>
        {
            ["email"] = "panel.chair@partnership.example", ["event"] = kind, ["type"] = kind == "bounce" ? "bounce" : "", ["reason"] = reason,
            ["status"] = "5.1.1", ["sg_message_id"] = "fake-0001.filter", ["csp_delivery_id"] = deliveryId, ["timestamp"] = 1741168201,
        },
    });

    private Task<HttpResponseMessage> PostSignedAsync(string body, ECDsa key)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return PostAsync(body, Sign(key, timestamp, body), timestamp);
    }

    private async Task<HttpResponseMessage> PostAsync(string body, string? signature, string? timestamp)
    {
        using var client = fixture.Host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, EmailEventsApi.SendGridRoute) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null) request.Headers.Add("X-Twilio-Email-Event-Webhook-Signature", signature);
        if (timestamp is not null) request.Headers.Add("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
        return await client.SendAsync(request);
    }

    /// <summary>SendGrid's signature: ECDSA P-256 over timestamp + body, DER, base64.</summary>
    private static string Sign(ECDsa key, string timestamp, string body) =>
        Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(timestamp + body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    private static string To(JsonElement mail) => mail.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString()!;

    private static string Subject(JsonElement mail) => mail.GetProperty("subject").GetString()!;

    private static string Text(JsonElement mail) => mail.GetProperty("content")[0].GetProperty("value").GetString()!;
}
