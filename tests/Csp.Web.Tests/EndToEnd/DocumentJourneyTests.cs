using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Csp.Testing;
using Csp.Web.Tests.Infrastructure;
using Csp.Workflow.Documents;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// The Word documents the process writes, on the real host, workflow and Azurite: the scoping pack
/// panel members download after signing in, and the Rapid Review report drafted after the decision,
/// completed by the business unit, and shown by version on the approver's page.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DocumentJourneyTests(LocalHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    private static void AssertAttachmentNotStored(HttpResponseMessage response, string fileName)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(WordDocument.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
    }

    [Fact]
    public async Task ScopingPack_Download_NeedsSignInAndComesAsAnAttachmentNeverStored()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(_client);
        await IncidentJourneys.ReturnAndAcceptAllAsync(_client, id, requests);
        await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("scopingPacks").GetInt32() == 1, "the scoping pack");

        var pack = await (await _client.SendAsync(HttpMethod.Get, $"/api/incidents/{id}/scoping-pack", "chair")).ReadJsonAsync();
        var word = pack.GetProperty("wordDocument");
        var fileName = word.GetProperty("name").GetString()!;
        var path = word.GetProperty("path").GetString()!;
        Assert.Equal($"{id}-scoping-pack-v1.docx", fileName);

        // Nobody signed in: the page sends them to sign in, the API refuses; the read-only role (panel members) opens it.
        using var anonymous = fixture.Host.Client();
        var page = await anonymous.GetAsync($"/incidents/{id}/documents/{path}");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/sign-in", page.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/incidents/{id}/documents/{path}")).StatusCode);
        AssertAttachmentNotStored(await _client.SendAsync(HttpMethod.Get, $"/incidents/{id}/documents/{path}", "read-only"), fileName);

        // A panel member signed in gets the Word document as an attachment that is never cached.
        var download = await _client.SendAsync(HttpMethod.Get, $"/incidents/{id}/documents/{path}", "chair");
        AssertAttachmentNotStored(download, fileName);
        var document = WordDocumentReader.Open(await download.Content.ReadAsByteArrayAsync());
        Assert.Empty(document.ValidationErrors);
        Assert.Empty(document.Placeholders());
        Assert.Contains(id, document.Text);
        Assert.Equal(4, document.Headings.Count(h => h.Level == 2));
        foreach (var request in requests) Assert.Contains("Contacts with " + request.To, document.Text);
        Assert.Contains("health-scoping.pdf", document.Text);

        // The pack page offers it.
        var html = await (await _client.SendAsync(HttpMethod.Get, $"/incidents/{id}/scoping-pack", "chair")).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/incidents/{id}/documents/{path}\"", html);
    }

    /// <summary>Referral to the Rapid Review decision recorded and the report's version 1 drafted: the business unit is to complete it.</summary>
    private async Task<string> DecidedAsync()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(_client);
        await IncidentJourneys.ReturnAndAcceptAllAsync(_client, id, requests);
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
        await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("reports").GetArrayLength() == 1, "the report draft");
        return id;
    }

    private async Task<JsonElement> UploadRapidReviewReportAsync(string id, string fileName)
    {
        var completed = new ByteArrayContent(new WordDocument("Rapid Review report").Paragraph("Completed by the business unit.").ToBytes());
        completed.Headers.ContentType = new MediaTypeHeaderValue(WordDocument.ContentType);
        var uploaded = await _client.SendAsync(HttpMethod.Post, $"/api/incidents/{id}/reports/RapidReviewReport?fileName={fileName}", content: completed);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        return await uploaded.ReadJsonAsync();
    }

    [Fact]
    public async Task RapidReviewApproval_NewVersionUploadedAfterThePageOpened_RefusedWith409UntilTheApproverReloads()
    {
        var id = await DecidedAsync();
        // The business unit completes the draft as version 2 and marks it ready: the chair is asked to approve it.
        Assert.Equal(2, (await UploadRapidReviewReportAsync(id, "rapid-review-completed.docx")).GetProperty("version").GetInt32());
        await _client.ActAsync(id, "mark-rapid-review-report-ready", "business-unit", new { reportVersion = "2" });
        var approval = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Approval needed: Rapid Review decision and report")).Single();
        var link = approval.LinkStartingWith("/a/")!;
        var opened = await _client.OpenLinkAsRecipientAsync(link);
        Assert.Contains("Version 2 (", opened.Html);
        Assert.Contains(("reportVersion", "2"), TestData.HiddenFields(opened.Html));

        // The chair also has the incident page open, at version 2.
        var chair = fixture.Host.Client(cookies: true);
        var signIn = await (await chair.GetAsync("/sign-in")).Content.ReadAsStringAsync();
        await chair.PostAsync("/sign-in", TestData.Form(signIn, ("name", "Rowan Chair"), ("role", "chair"), ("returnUrl", "/")));
        var incidentPage = await (await chair.GetAsync("/incidents/" + id)).Content.ReadAsStringAsync();

        // The business unit uploads version 3 while the approver reads version 2.
        Assert.Equal(3, (await UploadRapidReviewReportAsync(id, "rapid-review-final.docx")).GetProperty("version").GetInt32());
        const string reason = "Version 3 was uploaded after you opened this page: read it, then approve.";

        // The emailed link: 409, the reason in a GOV.UK error summary, the page now naming version 3; nothing recorded.
        var (status, html) = await JourneyClient.SubmitLinkAsync(opened, [("approval", "Approve"), ("comments", "Version 1 agreed.")]);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("govuk-error-summary", html);
        Assert.Contains(reason, html);
        Assert.Contains("Version 3 (rapid-review-final.docx), uploaded by Journey business-unit on", html);
        Assert.Contains(("reportVersion", "3"), TestData.HiddenFields(html));

        // The incident page's form: 409 with the same reason. The API: 409 problem details naming the field.
        var staffPost = await chair.PostAsync($"/incidents/{id}/actions/approve-rapid-review-report",
            TestData.Form(incidentPage, ("approval", "Approve"), ("reportVersion", "2")));
        Assert.Equal(HttpStatusCode.Conflict, staffPost.StatusCode);
        var staffHtml = await staffPost.Content.ReadAsStringAsync();
        Assert.Contains("govuk-error-summary", staffHtml);
        Assert.Contains(reason, staffHtml);
        var api = await _client.TryActAsync(id, "approve-rapid-review-report", "chair", new { approval = "Approve", reportVersion = "2" });
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var problem = await api.ReadJsonAsync();
        Assert.Equal(reason, problem.GetProperty("detail").GetString());
        Assert.Equal("reportVersion", Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
        var missing = await _client.TryActAsync(id, "approve-rapid-review-report", "chair", new { approval = "Approve" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);

        var unchanged = await _client.GetAsync(id);
        Assert.Equal(JsonValueKind.Null, unchanged.GetProperty("rapidReviewDecision").GetProperty("approvedBy").ValueKind);
        Assert.DoesNotContain(unchanged.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("what").GetString()!.Contains("approved", StringComparison.OrdinalIgnoreCase));

        // The link still works: reloaded, it names version 3, which the business unit has not marked ready, so approving it is refused.
        var reloaded = await _client.OpenLinkAsRecipientAsync(link);
        Assert.Equal(HttpStatusCode.OK, reloaded.Status);
        Assert.Contains("Version 3 (rapid-review-final.docx)", reloaded.Html);
        var (notReadyStatus, notReadyHtml) = await JourneyClient.SubmitLinkAsync(reloaded, [("approval", "Approve"), ("comments", "Version 3 agreed.")]);
        Assert.Equal(HttpStatusCode.BadRequest, notReadyStatus);
        Assert.Contains("The business unit has not marked version 3", WebUtility.HtmlDecode(notReadyHtml));

        // Marked ready, version 3 is asked for again and approving records version 3.
        await _client.ActAsync(id, "mark-rapid-review-report-ready", "business-unit", new { reportVersion = "3" });
        var again = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Approval needed: Rapid Review decision and report", count: 2)).Single(m => m.Id != approval.Id);
        var ready = await _client.OpenLinkAsRecipientAsync(again.LinkStartingWith("/a/")!);
        var (approvedStatus, approvedHtml) = await JourneyClient.SubmitLinkAsync(ready, [("approval", "Approve"), ("comments", "Version 3 agreed.")]);
        Assert.True(approvedStatus == HttpStatusCode.OK, approvedHtml);
        var approved = await _client.WaitForAsync(id, "business-unit",
            v => v.GetProperty("rapidReviewDecision").GetProperty("approvedBy").ValueKind == JsonValueKind.String, "the approval");
        Assert.Equal(3, approved.GetProperty("rapidReviewDecision").GetProperty("approvedVersion").GetInt32());
        Assert.Contains(approved.GetProperty("decisions").EnumerateArray(),
            d => d.GetProperty("what").GetString() == "Rapid Review decision and report (version 3) approved." && d.GetProperty("why").GetString() == "Version 3 agreed.");
        var shown = await (await chair.GetAsync("/incidents/" + id)).Content.ReadAsStringAsync();
        Assert.Contains("Rapid Review decision and report (version 3) approved.", shown);
    }

    [Fact]
    public async Task RapidReviewReport_DraftedThenUploaded_ApprovalPageNamesTheVersionBeingApproved()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(_client);
        await IncidentJourneys.ReturnAndAcceptAllAsync(_client, id, requests);
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

        // Version 1 is drafted from the case record.
        var drafted = await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("reports").GetArrayLength() == 1, "the report draft");
        var draft = drafted.GetProperty("reports")[0];
        Assert.Equal(1, draft.GetProperty("version").GetInt32());
        Assert.True(draft.GetProperty("drafted").GetBoolean());
        var draftPath = draft.GetProperty("document").GetProperty("path").GetString()!;
        var download = await _client.SendAsync(HttpMethod.Get, $"/incidents/{id}/documents/{draftPath}");
        AssertAttachmentNotStored(download, $"{id}-rapid-review-report.docx");
        var report = WordDocumentReader.Open(await download.Content.ReadAsByteArrayAsync());
        Assert.Empty(report.ValidationErrors);
        Assert.Empty(report.Placeholders());
        Assert.Equal(RapidReviewReportDocument.Headings, report.Headings.Where(h => h.Level == 1).Select(h => h.Text));
        Assert.Contains("Agencies did not share what they knew.", report.Text);

        // The business unit completes it, uploads version 2 and marks it ready: only then is the approver asked,
        // and the approver's page names the version to approve, with a link that needs sign-in.
        Assert.DoesNotContain(await _client.MailboxAsync(id), m => m.Subject == $"[{id}] Approval needed: Rapid Review decision and report");
        var completed = new ByteArrayContent(new WordDocument("Rapid Review report").Paragraph("Completed by the business unit.").ToBytes());
        completed.Headers.ContentType = new MediaTypeHeaderValue(WordDocument.ContentType);
        var uploaded = await _client.SendAsync(HttpMethod.Post, $"/api/incidents/{id}/reports/RapidReviewReport?fileName=rapid-review-final.docx", content: completed);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var version2 = await uploaded.ReadJsonAsync();
        Assert.Equal(2, version2.GetProperty("version").GetInt32());
        await _client.ActAsync(id, "mark-rapid-review-report-ready", "business-unit", new { reportVersion = "2" });
        var approval = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Approval needed: Rapid Review decision and report")).Single();
        var link = approval.LinkStartingWith("/a/")!;
        var second = await _client.OpenLinkAsRecipientAsync(link);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Contains("Report being approved", second.Html);
        Assert.Contains("Version 2 (rapid-review-final.docx), uploaded by Journey business-unit on", second.Html);
        Assert.Contains($"href=\"/incidents/{id}/documents/{version2.GetProperty("document").GetProperty("path").GetString()}\"", second.Html);

        // The incident page shows the same version beside the decision.
        var incidentPage = await (await _client.SendAsync(HttpMethod.Get, $"/incidents/{id}", "chair")).Content.ReadAsStringAsync();
        Assert.Contains("Report to approve", incidentPage);
        Assert.Contains("rapid-review-final.docx", incidentPage);

        var (status, html) = await JourneyClient.SubmitLinkAsync(second, [("approval", "Approve"), ("comments", "Version 2 agreed.")]);
        Assert.True(status == HttpStatusCode.OK, html);
        await _client.WaitForAsync(id, "business-unit",
            v => v.GetProperty("rapidReviewDecision").ValueKind == JsonValueKind.Object && v.GetProperty("rapidReviewDecision").TryGetProperty("approvedBy", out var by) && by.ValueKind == JsonValueKind.String,
            "the approval");
    }
}
