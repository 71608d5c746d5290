using Csp.Testing;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// What the documents the process writes tell the panel: the collated scoping pack flags a return
/// that came in late (page, API and Word document), and the drafted Rapid Review report lists who
/// was invited to the meeting and what each replied.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CollatedDocumentJourneyTests(LocalHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;

    [Fact]
    public async Task ScopingPack_AReturnAfterItsDueDate_IsFlaggedLateOnThePageTheApiAndTheWordDocument()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(_client);
        var police = requests.Single(r => r.To.Contains("police", StringComparison.Ordinal));
        await IncidentJourneys.ReturnAndAcceptAllAsync(_client, id, requests.Where(r => r != police).ToList());
        await _client.AdvanceAsync(new { workingDays = 7 });
        // Each chase carries a new link (only the newest works): the police return through the latest.
        var chased = (await _client.WaitForMailAsync(m => m.To == police.To && m.Subject.StartsWith($"[{id}] Overdue:", StringComparison.Ordinal)))
            .OrderByDescending(m => m.SentAt).First();
        await IncidentJourneys.ReturnAndAcceptAllAsync(_client, id, [chased]);
        await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("scopingPacks").GetInt32() == 1, "the scoping pack");

        var pack = await (await _client.SendAsync(HttpMethod.Get, $"/api/incidents/{id}/scoping-pack")).ReadJsonAsync();
        var agencies = pack.GetProperty("agencies").EnumerateArray().ToList();
        var late = Assert.Single(agencies, a => a.GetProperty("workingDaysLate").ValueKind == System.Text.Json.JsonValueKind.Number);
        Assert.Contains("Police", late.GetProperty("agency").GetString());
        Assert.True(late.GetProperty("workingDaysLate").GetInt32() >= 1);

        var html = System.Net.WebUtility.HtmlDecode(await (await _client.SendAsync(HttpMethod.Get, $"/incidents/{id}/scoping-pack")).Content.ReadAsStringAsync());
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "data-testid=\"pack-late\""));
        Assert.Matches(@"Returned \d+ working days? late: it was due by (\w+ )?\d+ \w+ \d{4}\.", html);

        var path = pack.GetProperty("wordDocument").GetProperty("path").GetString()!;
        var word = WordDocumentReader.Open(await (await _client.SendAsync(HttpMethod.Get, $"/incidents/{id}/documents/{path}")).Content.ReadAsByteArrayAsync());
        Assert.Matches(@"\(late: due (\w+ )?\d+ \w+ \d{4}, \d+ working days? late\)", word.Text);
    }

    [Fact]
    public async Task RapidReviewReportDraft_ListsEveryoneInvitedWithTheirReply()
    {
        var (id, _) = await IncidentJourneys.ToDecisionApprovalAsync(_client);
        // Oldest first: the draft drawn from the case record (the completed report is uploaded after it).
        var view = await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("reports").GetArrayLength() >= 1, "the report draft");
        var path = view.GetProperty("reports")[0].GetProperty("document").GetProperty("path").GetString()!;
        var report = WordDocumentReader.Open(await (await _client.SendAsync(HttpMethod.Get, $"/incidents/{id}/documents/{path}")).Content.ReadAsByteArrayAsync());
        Assert.Empty(report.ValidationErrors);
        Assert.Contains(report.Headings, h => h.Text == "Who was invited to the meeting");
        Assert.Contains("Designated nurse", report.Text);
        Assert.Contains("Deputy: Designated nurse (deputy)", report.Text);
        Assert.Contains("Confirm who attended", report.Text);
    }
}
