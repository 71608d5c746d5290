using System.Net;
using System.Net.Http.Headers;
using Csp.Domain.Calendar;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// The planned publication date as the business unit follows it: on the incident's page; when a late notice
/// moves it, the business unit and manager are emailed the new date and why, the move is on the timeline and in
/// the decisions table, and the notice's deadline says plainly why its date and the planned date differ.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PublicationDateJourneyTests(LocalHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    [Fact]
    public async Task LateNotice_MovesThePlannedDate_BusinessUnitTold_PageAndDecisionsShowTheNewDate()
    {
        var (id, _) = await IncidentJourneys.ToLocalCsprAsync(_client);
        var today = await _client.TodayAsync();
        foreach (var (action, role, fields) in new (string, string, object)[]
                 {
                     ("confirm-cspr-panel", "business-unit", new { on = Iso(today) }),
                     ("commission-lead-reviewer", "business-unit", new { reviewerName = "Sam Reviewer", on = Iso(today) }),
                     ("approve-terms-of-reference", "chair", new { on = Iso(today) }),
                     ("record-practitioner-and-family-invitations", "business-unit", new { on = Iso(today) }),
                     ("record-draft-quality-assured", "business-unit", new { on = Iso(today) }),
                     ("record-final-draft-checked", "business-unit", new { on = Iso(today) }),
                     ("share-final-draft-with-governance", "business-unit", new { on = Iso(today) }),
                     ("confirm-governance-responses", "business-unit", new { on = Iso(today) }),
                     ("approve-final-report-subgroup", "business-unit", new { on = Iso(today) }),
                     ("sign-off-final-report", "chair", new { on = Iso(today) }),
                 })
        {
            if (action == "approve-terms-of-reference") await UploadAsync(id, "TermsOfReference", "terms.pdf");
            if (action == "approve-final-report-subgroup") await UploadAsync(id, "FinalCsprReport", "final.pdf");
            await _client.ActAsync(id, action, role, fields);
        }

        // Planned ten working days on: the page shows the date.
        var planned = WorkingDayCalendar.EnglandAndWales.AddWorkingDays(today, 10);
        await _client.ActAsync(id, "plan-publication", "business-unit", new { plannedPublicationOn = Iso(planned) });
        var view = await _client.WaitForActionAsync(id, "record-final-report-submitted");
        Assert.Equal(Iso(planned), view.GetProperty("plannedPublicationOn").GetString());
        Assert.Contains("data-testid=\"planned-publication\"", await PageAsync(id));

        // The report goes late: publication must move to leave the notice period.
        var sentOn = await _client.AdvanceAsync(new { workingDays = 5 });
        var movedTo = WorkingDayCalendar.EnglandAndWales.AddWorkingDays(sentOn, 7);
        await _client.ActAsync(id, "record-final-report-submitted", "business-unit", new { sentOn = Iso(sentOn), panelReference = "NP-FR-" + id, reportVersion = "1" });

        var told = await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Planned publication date moved", count: 2);
        Assert.Contains(told, m => m.To.Contains("business.unit@partnership.example"));
        var text = await _client.MessageTextAsync(told[0].Id);
        Assert.Contains(Csp.Domain.DateWords.Prose(planned), text);
        Assert.Contains(Csp.Domain.DateWords.Prose(movedTo), text);
        Assert.Contains("after its due date", text);

        var after = await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("plannedPublicationOn").GetString() == Iso(movedTo), "the new planned date");
        Assert.Contains(after.GetProperty("decisions").EnumerateArray(), d => d.GetProperty("what").GetString()!.Contains($"publication moved from {Csp.Domain.DateWords.Prose(planned)} to {Csp.Domain.DateWords.Prose(movedTo)}")
            && d.GetProperty("why").GetString()!.Contains("after its due date"));
        var basis = JourneyClient.Deadline(after, "PrePublicationNotice", "basis");
        Assert.DoesNotContain("as it stood", basis);
        Assert.Contains($"so the planned publication date is now {Csp.Domain.DateWords.Prose(movedTo)}", basis);
        Assert.Equal("MetLate", JourneyClient.Deadline(after, "PrePublicationNotice"));
        var page = await PageAsync(id);
        Assert.Matches("data-testid=\"planned-publication\"[\\s\\S]*?" + movedTo.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture), page);
    }

    private async Task<string> PageAsync(string id) =>
        WebUtility.HtmlDecode(await (await _client.SendAsync(HttpMethod.Get, "/incidents/" + id)).Content.ReadAsStringAsync());

    private async Task UploadAsync(string id, string kind, string fileName)
    {
        var pdf = new ByteArrayContent(CsprJourneyTests.Pdf(kind + " " + id));
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        Assert.Equal(HttpStatusCode.Created, (await _client.SendAsync(HttpMethod.Post, $"/api/incidents/{id}/reports/{kind}?fileName={fileName}", content: pdf)).StatusCode);
    }
}
