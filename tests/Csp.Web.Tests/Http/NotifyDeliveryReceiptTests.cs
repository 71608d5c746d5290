using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Csp.Testing.Fakes;
using Csp.Web.Api;
using Csp.Web.Tests.Infrastructure;
using Csp.Workflow.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Csp.Web.Tests.Http;

/// <summary>GOV.UK Notify's delivery receipts on the real host: a failure with the right token reaches the incident and the business unit.</summary>
public sealed class NotifyDeliveryReceiptTests(NotifyHostFixture fixture) : IClassFixture<NotifyHostFixture>
{
    private const string Chair = "panel.chair@partnership.example";
    private const string BusinessUnit = "business.unit@partnership.example";

    [Fact]
    public async Task NotifyCallback_PermanentFailureWithTheToken_MarksTheEmailAndEmailsTheBusinessUnit()
    {
        var (incidentId, reference) = await ChairsDecisionEmailAsync();

        using var response = await PostAsync(Receipt(reference, "permanent-failure"), NotifyHostFixture.CallbackToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delivery = await fixture.Host.Services.GetRequiredService<IEmailDeliveries>().GetAsync(reference, CancellationToken.None);
        Assert.Equal(EmailDeliveryState.Undeliverable, delivery!.State);
        var view = await fixture.Client.GetAsync(incidentId);
        var entry = Assert.Single(view.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("what").GetString()!.Contains("not delivered", StringComparison.Ordinal));
        Assert.Contains("permanent-failure", entry.GetProperty("why").GetString(), StringComparison.Ordinal);
        Assert.Single(fixture.Notify.Emails, e => e.GetProperty("email_address").GetString() == BusinessUnit
            && e.GetProperty("personalisation").GetProperty("subject").GetString()!.Contains("could not be delivered", StringComparison.Ordinal)
            && e.GetProperty("personalisation").GetProperty("body").GetString()!.Contains(incidentId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NotifyCallback_WrongOrMissingToken_Returns401AndChangesNothing()
    {
        var (_, reference) = await ChairsDecisionEmailAsync();

        using var wrong = await PostAsync(Receipt(reference, "permanent-failure"), "not-the-token");
        using var missing = await PostAsync(Receipt(reference, "permanent-failure"), null);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        var delivery = await fixture.Host.Services.GetRequiredService<IEmailDeliveries>().GetAsync(reference, CancellationToken.None);
        Assert.Equal(EmailDeliveryState.Sent, delivery!.State);
    }

    [Fact]
    public async Task NotifyCallback_Delivered_ChangesNothing()
    {
        var (_, reference) = await ChairsDecisionEmailAsync();

        using var response = await PostAsync(Receipt(reference, "delivered"), NotifyHostFixture.CallbackToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delivery = await fixture.Host.Services.GetRequiredService<IEmailDeliveries>().GetAsync(reference, CancellationToken.None);
        Assert.Equal(EmailDeliveryState.Sent, delivery!.State);
    }

    private async Task<(string IncidentId, string Reference)> ChairsDecisionEmailAsync()
    {
        var incidentId = await fixture.Client.SubmitAsync(TestData.SampleReferral());
        await fixture.Client.ActAsync(incidentId, "pass-referral-qa", "business-unit", new { notes = "Complete and signed off." });
        var until = DateTime.UtcNow + JourneyClient.Patience;
        while (DateTime.UtcNow < until)
        {
            var email = fixture.Notify.Emails.FirstOrDefault(e => e.GetProperty("email_address").GetString() == Chair
                && e.GetProperty("personalisation").GetProperty("subject").GetString()!.Contains(incidentId, StringComparison.Ordinal));
            if (email.ValueKind == JsonValueKind.Object) return (incidentId, email.GetProperty("reference").GetString()!);
            await Task.Delay(100);
        }
        throw new TimeoutException($"No email reached the chair about {incidentId}.");
    }

    private static string Receipt(string reference, string status) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["reference"] = reference,
        ["to"] = Chair,
        ["status"] = status,
        ["created_at"] = "2026-11-30T09:00:00.000000Z",
        ["completed_at"] = "2026-11-30T09:00:05.000000Z",
        ["sent_at"] = "2026-11-30T09:00:01.000000Z",
        ["notification_type"] = "email",
        ["template_id"] = "f33517ff-2a88-4f6e-b855-c550268ce08a",
        ["template_version"] = 1,
    });

    private async Task<HttpResponseMessage> PostAsync(string body, string? token)
    {
        using var client = fixture.Host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, EmailEventsApi.NotifyRoute) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}
