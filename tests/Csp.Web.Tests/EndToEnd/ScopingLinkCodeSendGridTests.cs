using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Csp.Web.Tests.Infrastructure;
using Csp.Workflow.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// A scoping link's one-time code with a real email service configured (a fake SendGrid on
/// loopback, the real SendGrid client): the code goes through the tracked sender, once, with a
/// delivery record, to the address the request went to.
/// </summary>
public sealed partial class ScopingLinkCodeSendGridTests(SendGridHostFixture fixture) : IClassFixture<SendGridHostFixture>
{
    private static string To(JsonElement mail) => mail.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString()!;

    private static string Subject(JsonElement mail) => mail.GetProperty("subject").GetString()!;

    private static string Text(JsonElement mail) => mail.GetProperty("content")[0].GetProperty("value").GetString()!;

    private async Task<JsonElement[]> WaitForMailsAsync(Func<JsonElement, bool> match, int count)
    {
        var until = DateTime.UtcNow + JourneyClient.Patience;
        JsonElement[] found;
        do
        {
            found = fixture.SendGrid.Mails.Where(match).ToArray();
            if (found.Length >= count) return found;
            await Task.Delay(100);
        } while (DateTime.UtcNow < until);
        throw new TimeoutException($"{found.Length} of {count} emails reached the fake SendGrid.");
    }

    [Fact]
    public async Task RequestCode_WithSendGrid_SendsOneTrackedEmailToTheAgency_AndTheCodeShowsTheChild()
    {
        var client = fixture.Client;
        var today = await client.TodayAsync();
        var id = await client.SubmitAsync(JourneyClient.ReferralAwareOn(today));
        await client.ActAsync(id, "pass-referral-qa", "business-unit", new { notes = "Complete." });
        await client.ActAsync(id, "triage-referral", "chair", new { outcome = "RapidReview", rationale = "Serious harm; abuse suspected." });
        await client.WaitForStageAsync(id, "Scoping");
        await client.ActAsync(id, "record-national-panel-notification", "business-unit", new { sentOn = today.ToString("yyyy-MM-dd"), panelReference = "NP-" + id });
        var request = (await WaitForMailsAsync(m => Subject(m) == $"[{id}] Rapid Review scoping request" && To(m).Contains("police", StringComparison.Ordinal), 1))[0];
        var link = LinkPattern().Match(Text(request)).Value;
        var page = await client.OpenLinkAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.Status);

        var first = await page.Browser.PostAsync(page.Url + "/code", TestData.Form(page.Html));
        var second = await page.Browser.PostAsync(page.Url + "/code", TestData.Form(page.Html));
        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode); // says a code went less than a minute ago

        var code = Assert.Single(fixture.SendGrid.Mails, m => Subject(m) == $"[{id}] Your code for the scoping request");
        Assert.Equal(To(request), To(code));
        Assert.DoesNotContain("Fictionalchild", Text(code), StringComparison.Ordinal);
        Assert.DoesNotContain("2018", Text(code), StringComparison.Ordinal);
        var deliveryId = code.GetProperty("personalizations")[0].GetProperty("custom_args").GetProperty("csp_delivery_id").GetString()!;
        var delivery = await fixture.Host.Services.GetRequiredService<IEmailDeliveries>().GetAsync(deliveryId, CancellationToken.None);
        Assert.Equal(EmailDeliveryState.Sent, delivery!.State);
        Assert.Equal(To(request), delivery.To);

        var reloaded = await page.Browser.GetAsync(page.Url);
        page = page with { Html = await reloaded.Content.ReadAsStringAsync() };
        var check = await page.Browser.PostAsync(page.Url + "/code/check", TestData.Form(page.Html, ("code", CodePattern().Match(Text(code)).Groups[1].Value)));
        Assert.Equal(HttpStatusCode.SeeOther, check.StatusCode);
        Assert.Contains("Sample Fictionalchild", WebUtility.HtmlDecode(await (await page.Browser.GetAsync(page.Url)).Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/s/[A-Za-z0-9_-]{43}")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"Your code is (\d{6})")]
    private static partial Regex CodePattern();
}
