using System.Net;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// What an agency is told when its scoping return is late or no longer needed: an overdue email asks
/// only what the agency can do (send it, or say why not on its link's page), and a
/// waived return is announced by email (no child data) and on its old link's page.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class AgencyNoticeJourneyTests(LocalHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;

    [Fact]
    public async Task OverdueScopingReturn_EmailToTheAgency_SaysWhatItCanDoAndWhomToTell()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(_client);
        var police = requests.Single(r => r.To.Contains("police", StringComparison.Ordinal));
        await _client.AdvanceAsync(new { workingDays = 7 });

        var overdue = (await _client.WaitForMailAsync(m => m.To == police.To && m.Subject.StartsWith($"[{id}] Overdue: Scoping return from", StringComparison.Ordinal)))
            .OrderBy(m => m.SentAt).First();
        var text = await _client.MessageTextAsync(overdue.Id);
        Assert.DoesNotContain("record why it cannot be done", text);
        Assert.Contains("Please send the return with the link below now.", text);
        Assert.Contains("If your agency cannot return it, say why on the same page (\"We cannot return the scoping template\"): the reminders then stop", text);
        Assert.Matches(@"it is \d+ working days? late\.", text);
        Assert.DoesNotContain("day(s)", text);
        Assert.NotNull(overdue.LinkStartingWith("/s/"));
    }

    [Fact]
    public async Task WaivedScopingReturn_TheAgencyIsToldWithNoChildData_AndItsLinkSaysItWasWaived()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(_client);
        var school = requests.Single(r => r.To.Contains("school", StringComparison.Ordinal));
        await _client.ActAsync(id, "waive-scoping-return", "business-unit", new { agency = "Exampleton Primary School", reason = "No involvement with Sample Fictionalchild." });

        var told = (await _client.WaitForMailAsync(m => m.To == school.To && m.Subject == $"[{id}] Scoping return no longer needed")).Single();
        var text = await _client.MessageTextAsync(told.Id);
        Assert.Contains("has waived the scoping return it asked of Exampleton Primary School", text);
        Assert.Contains("You do not need to send it", text);
        Assert.DoesNotContain("Fictionalchild", text);
        Assert.DoesNotContain("No involvement", text); // the reason stays on the record
        Assert.Empty(told.Links);

        // The link in the request now says the return was waived, not that "the process has moved on"; nothing is recorded.
        var page = await _client.OpenLinkAsync(school.LinkStartingWith("/s/")!);
        Assert.Equal(HttpStatusCode.Conflict, page.Status);
        Assert.Equal("Your agency's return is no longer needed", JourneyClient.Heading(page.Html));
        Assert.Contains("waived this scoping return", WebUtility.HtmlDecode(page.Html));
        Assert.DoesNotContain("moved on", page.Html);
        var view = await _client.GetAsync(id);
        Assert.Contains(view.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("what").GetString() == "Exampleton Primary School told its scoping return is no longer needed.");
    }
}
