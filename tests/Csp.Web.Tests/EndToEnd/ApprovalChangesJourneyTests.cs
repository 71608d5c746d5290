using System.Net;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// Over HTTP on the real host: the chair asked to approve a local CSPR's terms of reference can ask for
/// changes instead (what to change is required and recorded); the business unit is told and the
/// approval is asked for again, on the revised document.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ApprovalChangesJourneyTests(LocalHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;

    [Fact]
    public async Task TermsOfReference_AskForChanges_CommentsRequiredRecordedAndTheBusinessUnitTold_ThenAskedAgain()
    {
        var id = await IncidentJourneys.ToApprovedDecisionAsync(_client);
        var today = (await _client.TodayAsync()).ToString("yyyy-MM-dd");
        await _client.ActAsync(id, "record-rapid-review-report-submitted", "business-unit", new { sentOn = today, panelReference = "NP-RR-1", reportVersion = "2" });
        await _client.ActAsync(id, "record-national-panel-response", "business-unit", new { outcome = "DecisionRatified", receivedOn = today });
        await _client.WaitForStageAsync(id, "LocalCspr");
        await _client.ActAsync(id, "confirm-cspr-panel", "business-unit", new { on = today });
        await _client.ActAsync(id, "commission-lead-reviewer", "business-unit", new { reviewerName = "Sam Reviewer", on = today });
        await IncidentJourneys.UploadReportAsync(_client, id, "TermsOfReference", "terms-of-reference.pdf");
        const string subject = "Approval needed: Approve the terms of reference, methodology and timeline";
        var request = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] {subject}"))[0];

        // The page offers "Ask for changes"; without saying what to change it is refused and nothing is recorded.
        var page = await _client.OpenLinkAsRecipientAsync(request, "/a/");
        Assert.Contains("Ask for changes", page.Html);
        Assert.Contains("Terms of reference, version 1 (terms-of-reference.pdf)", WebUtility.HtmlDecode(page.Html));
        var (blankStatus, blankHtml) = await JourneyClient.SubmitLinkAsync(page, [("approval", "RequestChanges")]);
        Assert.Equal(HttpStatusCode.BadRequest, blankStatus);
        Assert.Contains("Enter the changes needed", blankHtml);

        var (status, html) = await JourneyClient.SubmitLinkAsync(page, [("approval", "RequestChanges"), ("comments", "Add the family's questions to the scope.")]);
        Assert.True(status == HttpStatusCode.OK, html);

        // Recorded with who asked and why; the business unit told; the approval asked for again with a new link.
        var view = await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("timeline").EnumerateArray()
            .Any(t => t.GetProperty("what").GetString() == "Changes requested before approval: the terms of reference, methodology and timeline."), "the request for changes");
        Assert.Contains(view.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("why").GetString() == "Add the family's questions to the scope.");
        await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Changes requested: Approve the terms of reference, methodology and timeline" && m.To.Contains("business.unit"));
        var again = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] {subject}", count: 2)).Single(m => m.Id != request.Id);
        Assert.Equal("LocalCspr", view.GetProperty("stage").GetString());

        // The revised terms of reference (version 2) are what the chair now reads and approves.
        await IncidentJourneys.UploadReportAsync(_client, id, "TermsOfReference", "terms-of-reference-revised.pdf");
        var second = await _client.OpenLinkAsRecipientAsync(again, "/a/");
        Assert.Contains("Terms of reference, version 2 (terms-of-reference-revised.pdf)", WebUtility.HtmlDecode(second.Html));
        var on = DateOnly.Parse(today);
        var (approvedStatus, approvedHtml) = await JourneyClient.SubmitLinkAsync(second,
            [("approval", "Approve"), ("on-day", on.Day.ToString()), ("on-month", on.Month.ToString()), ("on-year", on.Year.ToString())]);
        Assert.True(approvedStatus == HttpStatusCode.OK, approvedHtml);
        await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("timeline").EnumerateArray()
            .Any(t => t.GetProperty("what").GetString() == "Terms of reference, methodology and timeline agreed."), "the approval");
    }
}
