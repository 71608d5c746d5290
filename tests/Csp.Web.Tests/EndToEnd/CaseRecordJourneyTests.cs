using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// What staff can read of what was sent, on the real host, workflow and Azurite: each agency's
/// scoping return with its answers and documents (downloads checked), the collated pack, the
/// decisions with who, when and why, and report versions uploaded at the Rapid Review.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CaseRecordJourneyTests(LocalHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    [Fact]
    public async Task ScopingReturnsPackDecisionsAndReports_AreReadableByStaff()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(_client);
        await IncidentJourneys.ReturnAndAcceptAllAsync(_client, id, requests);

        // Each return reads with its answers, labelled as the template labels them, and its documents.
        var incident = await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("scopingPacks").GetInt32() == 1, "the scoping pack");
        var health = incident.GetProperty("scoping").EnumerateArray().Single(a => a.GetProperty("agency").GetString()!.Contains("Health"));
        Assert.Equal(1, health.GetProperty("returns").GetInt32());
        var key = health.GetProperty("key").GetString()!;
        var returned = await (await _client.SendAsync(HttpMethod.Get, $"/api/incidents/{id}/scoping/{key}")).ReadJsonAsync();
        var submission = Assert.Single(returned.GetProperty("submissions").EnumerateArray());
        Assert.Matches("^Exampleton Community Health NHS Trust, code sent to [^ ]+@[^ ]+$", submission.GetProperty("submittedBy").GetString()); // who sent it, and how they proved it
        var answers = submission.GetProperty("answers").EnumerateArray().ToDictionary(a => a.GetProperty("label").GetString()!, a => a.GetProperty("value").GetString());
        Assert.StartsWith("Contacts with", answers["Your agency's involvement with the child and family"]);
        Assert.Equal("Share injury information.", answers["Potential learning"]);
        var document = Assert.Single(submission.GetProperty("documents").EnumerateArray());
        Assert.Equal("health-scoping.pdf", document.GetProperty("name").GetString());

        // The document downloads as an attachment, never cached, with its exact content.
        var path = document.GetProperty("path").GetString()!;
        var download = await _client.SendAsync(HttpMethod.Get, $"/incidents/{id}/documents/{path}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("health-scoping.pdf", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.True(download.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        Assert.Equal(CsprJourneyTests.Pdf("health " + id), await download.Content.ReadAsByteArrayAsync());

        // Access is checked: the read-only role, another incident's folder and made-up paths get nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await _client.SendAsync(HttpMethod.Get, $"/api/incidents/{id}/documents/{path}", "read-only")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.SendAsync(HttpMethod.Get, $"/api/incidents/{id}/scoping/{key}", "read-only")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.SendAsync(HttpMethod.Get, $"/incidents/{id}/documents/scoping/pack-v2.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.SendAsync(HttpMethod.Get, $"/incidents/{id}/documents/{path}x")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.SendAsync(HttpMethod.Get, $"/incidents/CSP-1999-0001/documents/{path}")).StatusCode);

        // The page shows the same answers.
        var page = await _client.SendAsync(HttpMethod.Get, $"/incidents/{id}/scoping/{key}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Share injury information.", html);
        Assert.Contains("health-scoping.pdf", html);

        // The pack as circulated: every agency with its answers and documents.
        var pack = await (await _client.SendAsync(HttpMethod.Get, $"/api/incidents/{id}/scoping-pack")).ReadJsonAsync();
        Assert.Equal(1, pack.GetProperty("version").GetInt32());
        Assert.Equal(4, pack.GetProperty("agencies").GetArrayLength());
        Assert.All(pack.GetProperty("agencies").EnumerateArray(), a =>
        {
            Assert.Equal("Accepted", a.GetProperty("status").GetString());
            Assert.Contains(a.GetProperty("answers").EnumerateArray(), x => x.GetProperty("value").GetString()?.StartsWith("Contacts with") == true);
        });
        Assert.Contains(pack.GetProperty("agencies").EnumerateArray(), a => a.GetProperty("documents").GetArrayLength() == 1);
        Assert.DoesNotContain(incident.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("why").GetString()?.Contains("pack-v1.json") == true);

        // The meeting and the decision, with both tests, the rationale and who made it.
        var today = await _client.TodayAsync();
        var meetingDay = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(today, 1);
        await _client.ActAsync(id, "schedule-rapid-review-meeting", "business-unit", new { startsAt = Iso(meetingDay) + "T10:00", durationMinutes = 90, location = "Online" });
        await _client.AdvanceAsync(new { workingDays = 2 });
        await _client.ActAsync(id, "record-meeting-held", "business-unit", new { heldOn = Iso(meetingDay), representedChildrensSocialCare = true, representedEducation = true, representedPolice = true, representedHealth = true });
        await _client.ActAsync(id, "record-rapid-review-decision", "business-unit", new
        {
            criterionMultiAgencyWorkingConcerns = true, csprMostAppropriate = true,
            outcome = "LocalCspr", rationale = "Agencies did not share what they knew.", decidedOn = Iso(meetingDay),
        });
        // The draft (version 1) completed and uploaded as version 2 by the business unit; the chair approves that.
        await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("reports").GetArrayLength() == 1, "the report draft");
        var completed = new ByteArrayContent(CsprJourneyTests.Pdf("rapid review report v2"));
        completed.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        Assert.Equal(HttpStatusCode.Created, (await _client.SendAsync(HttpMethod.Post, $"/api/incidents/{id}/reports/RapidReviewReport?fileName=rapid-review.pdf", content: completed)).StatusCode);
        await _client.ActAsync(id, "mark-rapid-review-report-ready", "business-unit", new { reportVersion = "2" });
        var offered = await _client.WaitForActionAsync(id, "approve-rapid-review-report", "chair");
        var versionRead = JourneyClient.FieldValue(offered, "approve-rapid-review-report", "reportVersion");
        await _client.ActAsync(id, "approve-rapid-review-report", "chair", new { approval = "Approve", comments = "Agreed.", reportVersion = versionRead });
        var decided = await _client.WaitForAsync(id, "business-unit",
            v => v.GetProperty("rapidReviewDecision").ValueKind == JsonValueKind.Object && v.GetProperty("rapidReviewDecision").TryGetProperty("approvedBy", out _), "the approval");
        var decision = decided.GetProperty("rapidReviewDecision");
        Assert.Equal("LocalCspr", decision.GetProperty("outcome").GetString());
        Assert.Equal("Agencies did not share what they knew.", decision.GetProperty("rationale").GetString());
        Assert.True(decision.GetProperty("csprMostAppropriate").GetBoolean());
        Assert.Contains("two or more organisations", Assert.Single(decision.GetProperty("criteriaMet").EnumerateArray()).GetString());
        Assert.Equal("Journey business-unit", decision.GetProperty("decidedBy").GetString());
        Assert.Equal("Journey chair", decision.GetProperty("approvedBy").GetString());
        var decisions = decided.GetProperty("decisions").EnumerateArray().ToList();
        Assert.Contains(decisions, d => d.GetProperty("who").GetString() == "Journey chair" && d.GetProperty("what").GetString()!.Contains("referral"));
        Assert.Contains(decisions, d => d.GetProperty("who").GetString() == "Journey business-unit"
            && d.GetProperty("what").GetString()!.Contains("accepted") && d.GetProperty("why").GetString() == "Complete and clear.");

        // Report versions: the draft from the case record is version 1; two uploads of the Rapid Review report (the completed one approved, and another) are both kept; a CSPR report is refused before a CSPR.
        await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("reports").GetArrayLength() == 2, "the report draft and the completed report");
        for (var version = 3; version <= 3; version++)
        {
            var body = new ByteArrayContent(CsprJourneyTests.Pdf($"rapid review report v{version}"));
            body.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            var uploaded = await _client.SendAsync(HttpMethod.Post, $"/api/incidents/{id}/reports/RapidReviewReport?fileName=rapid-review.pdf", content: body);
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
            Assert.Equal(version, (await uploaded.ReadJsonAsync()).GetProperty("version").GetInt32());
        }
        var early = new ByteArrayContent(CsprJourneyTests.Pdf("final"));
        early.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var refused = await _client.SendAsync(HttpMethod.Post, $"/api/incidents/{id}/reports/FinalCsprReport?fileName=final.pdf", content: early);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var readOnly = new ByteArrayContent(CsprJourneyTests.Pdf("x"));
        readOnly.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.SendAsync(HttpMethod.Post, $"/api/incidents/{id}/reports/RapidReviewReport?fileName=x.pdf", "read-only", readOnly)).StatusCode);

        var reports = (await _client.GetAsync(id)).GetProperty("reports").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], reports.Select(r => r.GetProperty("version").GetInt32()).Order());
        Assert.All(reports.Where(r => r.GetProperty("version").GetInt32() > 1), r => Assert.Equal("Journey business-unit", r.GetProperty("uploadedBy").GetString()));
        var first = reports.Single(r => r.GetProperty("version").GetInt32() == 2).GetProperty("document").GetProperty("path").GetString()!;
        var firstVersion = await _client.SendAsync(HttpMethod.Get, $"/api/incidents/{id}/documents/{first}");
        Assert.Equal(CsprJourneyTests.Pdf("rapid review report v2"), await firstVersion.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", firstVersion.Content.Headers.ContentDisposition?.DispositionType);

        // From the incident page: a fourth version; a renamed non-PDF is refused with the reason and nothing stored.
        using var browser = fixture.Host.Client(cookies: true);
        async Task<HttpResponseMessage> UploadAsync(string fileName, byte[] content)
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, "/incidents/" + id).AsDevUser("Journey business-unit", "business-unit");
            var html = await (await browser.SendAsync(get)).Content.ReadAsStringAsync();
            var form = new MultipartFormDataContent
            {
                { new StringContent(TestData.FormToken(html)), "__csp_form_token" },
                { new StringContent("RapidReviewReport"), "kind" },
            };
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "report", fileName);
            using var post = new HttpRequestMessage(HttpMethod.Post, $"/incidents/{id}/reports") { Content = form }.AsDevUser("Journey business-unit", "business-unit");
            return await browser.SendAsync(post);
        }
        Assert.Equal(HttpStatusCode.SeeOther, (await UploadAsync("rapid-review-v4.pdf", CsprJourneyTests.Pdf("v4"))).StatusCode);
        var bad = await UploadAsync("rapid-review.pdf", "MZ not a pdf"u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("is not a PDF document", await bad.Content.ReadAsStringAsync());
        Assert.Equal(4, (await _client.GetAsync(id)).GetProperty("reports").GetArrayLength());
    }
}
