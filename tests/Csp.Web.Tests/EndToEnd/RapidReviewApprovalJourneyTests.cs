using System.Net;
using System.Text.Json;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// Over HTTP on the real host, as the chair, the business unit and their emailed links use it: what the
/// approver approves is the completed report that matches the decision, and what goes to the National
/// Panel is the version approved. The rules are the incident's; these journeys check what people see.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RapidReviewApprovalJourneyTests(LocalHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) => await response.ReadJsonAsync();

    private static string ApprovalSubject(string id) => $"[{id}] Approval needed: Rapid Review decision and report";

    [Fact]
    public async Task RecordSent_AVersionOtherThanTheApprovedOne_RefusedNamingTheApprovedVersion_NothingRecorded()
    {
        // Version 2 approved; version 3 uploaded afterwards.
        var id = await IncidentJourneys.ToApprovedDecisionAsync(_client);
        Assert.Equal(3, await IncidentJourneys.UploadReportAsync(_client, id, "RapidReviewReport", "rapid-review-later.pdf"));
        var today = await _client.TodayAsync();

        // The task still says to send version 2, and the form starts from it.
        var task = await _client.GetAsync(id);
        var submission = task.GetProperty("submissions").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "RapidReviewReport");
        Assert.Equal(2, submission.GetProperty("document").GetProperty("version").GetInt32());
        Assert.Equal("2", JourneyClient.FieldValue(task, "record-rapid-review-report-submitted", "reportVersion"));

        var refused = await _client.TryActAsync(id, "record-rapid-review-report-submitted", "business-unit", new { sentOn = Iso(today), panelReference = "NP-RR-" + id, reportVersion = "3" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await ProblemAsync(refused);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(("reportVersion", "Select version 2, the approved version"), (error.GetProperty("field").GetString(), error.GetProperty("message").GetString()));
        var unchanged = await _client.GetAsync(id);
        Assert.Equal("ToDo", unchanged.GetProperty("submissions").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "RapidReviewReport").GetProperty("state").GetString());
        Assert.NotEqual("Met", JourneyClient.Deadline(unchanged, "RapidReviewDecision"));

        // The approved version is recorded as sent.
        await _client.ActAsync(id, "record-rapid-review-report-submitted", "business-unit", new { sentOn = Iso(today), panelReference = "NP-RR-" + id, reportVersion = "2" });
        var sent = await _client.WaitForAsync(id, "business-unit", v => JourneyClient.Deadline(v, "RapidReviewDecision") == "Met", "the report recorded as sent");
        Assert.Equal(2, sent.GetProperty("submissions").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "RapidReviewReport").GetProperty("recorded").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Decision_TheChairIsAskedToApproveOnlyTheCompletedReportTheBusinessUnitMarkedReady_NeverTheDraft()
    {
        var (id, _) = await MeetingHeldAsync();
        await _client.ActAsync(id, "record-rapid-review-decision", "business-unit", new
        {
            criterionMultiAgencyWorkingConcerns = true, csprMostAppropriate = true,
            outcome = "LocalCspr", rationale = "Agencies did not share what they knew.", decidedOn = Iso(await _client.TodayAsync()),
        });

        // The draft is written and the business unit is asked to complete it: the chair is asked nothing yet.
        var waiting = await _client.WaitForActionAsync(id, "mark-rapid-review-report-ready");
        Assert.Equal(1, waiting.GetProperty("reports").GetArrayLength());
        Assert.Equal("1", JourneyClient.FieldValue(waiting, "mark-rapid-review-report-ready", "reportVersion"));
        Assert.DoesNotContain((await _client.GetAsync(id, "chair")).GetProperty("availableActions").EnumerateArray(), a => a.GetProperty("name").GetString() == "approve-rapid-review-report");
        Assert.DoesNotContain(await _client.MailboxAsync(id), m => m.Subject == ApprovalSubject(id));
        var drafted = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Rapid Review report drafted", incidentId: id))[0];
        Assert.Contains("mark that version ready for approval", await _client.MessageTextAsync(drafted.Id));

        // The draft itself cannot be marked ready: the field says why.
        var draftRefused = await _client.TryActAsync(id, "mark-rapid-review-report-ready", "business-unit", new { reportVersion = "1" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, draftRefused.StatusCode);
        var draftError = Assert.Single((await ProblemAsync(draftRefused)).GetProperty("errors").EnumerateArray());
        Assert.Equal("reportVersion", draftError.GetProperty("field").GetString());
        Assert.StartsWith("Version 1 is the draft drawn from the case record", draftError.GetProperty("message").GetString());

        // The completed report (version 2) uploaded and marked ready: now the chair is asked, for version 2.
        Assert.Equal(2, await IncidentJourneys.UploadReportAsync(_client, id, "RapidReviewReport", "rapid-review-completed.pdf"));
        await _client.ActAsync(id, "mark-rapid-review-report-ready", "business-unit", new { reportVersion = "2" });
        var approval = (await _client.WaitForMailAsync(m => m.Subject == ApprovalSubject(id), incidentId: id))[0];
        Assert.Contains("(version 2)", await _client.MessageTextAsync(approval.Id));

        // Marking it again changes nothing and asks the chair nothing more.
        var again = await _client.TryActAsync(id, "mark-rapid-review-report-ready", "business-unit", new { reportVersion = "2" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("marked ready already", Assert.Single((await ProblemAsync(again)).GetProperty("errors").EnumerateArray()).GetProperty("message").GetString());

        // A later upload the business unit has not marked ready cannot be approved from the link: the page says why.
        Assert.Equal(3, await IncidentJourneys.UploadReportAsync(_client, id, "RapidReviewReport", "rapid-review-unfinished.pdf"));
        var page = await _client.OpenLinkAsRecipientAsync(approval, "/a/");
        Assert.Contains(("reportVersion", "3"), TestData.HiddenFields(page.Html));
        var (status, html) = await JourneyClient.SubmitLinkAsync(page, [("approval", "Approve"), ("comments", "Agreed.")]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("govuk-error-summary", html);
        Assert.Contains("The business unit has not marked version 3 of the Rapid Review report as complete and ready for approval", WebUtility.HtmlDecode(html));
        Assert.Equal(JsonValueKind.Null, (await _client.GetAsync(id)).GetProperty("rapidReviewDecision").GetProperty("approvedBy").ValueKind);

        // Marked ready, version 3 is asked for with a new link, which approves it; the first link no longer works.
        await _client.ActAsync(id, "mark-rapid-review-report-ready", "business-unit", new { reportVersion = "3" });
        var second = (await _client.WaitForMailAsync(m => m.Subject == ApprovalSubject(id), count: 2, incidentId: id)).Single(m => m.Id != approval.Id);
        var reopened = await _client.OpenLinkAsRecipientAsync(second, "/a/");
        var (approvedStatus, approvedHtml) = await JourneyClient.SubmitLinkAsync(reopened, [("approval", "Approve"), ("comments", "Agreed.")]);
        Assert.True(approvedStatus == HttpStatusCode.OK, approvedHtml);
        var approved = await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("rapidReviewDecision").GetProperty("approvedBy").ValueKind == JsonValueKind.String, "the approval");
        Assert.Equal(3, approved.GetProperty("rapidReviewDecision").GetProperty("approvedVersion").GetInt32());
        Assert.Equal(2, (await _client.MailboxAsync(id)).Count(m => m.Subject == ApprovalSubject(id)));
    }

    [Fact]
    public async Task AskForChanges_TheRevisionStartsFromTheDecisionAndTests_AndSaysToUploadTheRevisedReport()
    {
        var (id, approval) = await IncidentJourneys.ToDecisionApprovalAsync(_client);
        var page = await _client.OpenLinkAsRecipientAsync(approval, "/a/");
        var (status, html) = await JourneyClient.SubmitLinkAsync(page, [("approval", "RequestChanges"), ("comments", "Say what the agencies did not share.")]);
        Assert.True(status == HttpStatusCode.OK, html);
        var offered = await _client.WaitForActionAsync(id, "revise-rapid-review-decision");

        // The API and the incident page offer the revision filled in with the decision as recorded.
        Assert.Equal("LocalCspr", JourneyClient.FieldValue(offered, "revise-rapid-review-decision", "outcome"));
        Assert.Equal("Criteria met; a local review is proportionate.", JourneyClient.FieldValue(offered, "revise-rapid-review-decision", "rationale"));
        Assert.Equal("true", JourneyClient.FieldValue(offered, "revise-rapid-review-decision", "csprMostAppropriate"));
        Assert.Equal("true", JourneyClient.FieldValue(offered, "revise-rapid-review-decision", "criterionMultiAgencyWorkingConcerns"));
        var incidentPage = WebUtility.HtmlDecode(await (await _client.SendAsync(HttpMethod.Get, "/incidents/" + id)).Content.ReadAsStringAsync());
        var form = incidentPage[incidentPage.IndexOf("Revise the Rapid Review decision and report", StringComparison.Ordinal)..];
        Assert.Matches("name=\"outcome\"[^>]*value=\"LocalCspr\"[^>]*checked|value=\"LocalCspr\"[^>]*name=\"outcome\"[^>]*checked", form);
        Assert.Contains(">Criteria met; a local review is proportionate.</textarea>", form);
        Assert.Contains("upload the revised Rapid Review report under Reports as a new version", form);
    }

    [Fact]
    public async Task Decision_NoFurtherReviewWithACriterionMetAndTest2Yes_RefusedAsAContradiction()
    {
        var (id, today) = await MeetingHeldAsync();
        var refused = await _client.TryActAsync(id, "record-rapid-review-decision", "business-unit", new
        {
            criterionMultiAgencyWorkingConcerns = true, csprMostAppropriate = true,
            outcome = "NoFurtherReview", rationale = "No review needed.", decidedOn = Iso(today),
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var error = Assert.Single((await ProblemAsync(refused)).GetProperty("errors").EnumerateArray());
        Assert.Equal("outcome", error.GetProperty("field").GetString());
        Assert.Contains("contradicts the tests", error.GetProperty("message").GetString());
        Assert.Equal("RapidReview", (await _client.GetAsync(id)).GetProperty("stage").GetString());
    }

    [Fact]
    public async Task RevisedRationale_TheVersionUploadedBeforeTheRevisionCannotBeApproved_TheRevisedReportIs()
    {
        var (id, approval) = await IncidentJourneys.ToDecisionApprovalAsync(_client);
        var first = await _client.OpenLinkAsRecipientAsync(approval, "/a/");
        await JourneyClient.SubmitLinkAsync(first, [("approval", "RequestChanges"), ("comments", "The rationale must say what was not shared.")]);
        await _client.ActAsync(id, "revise-rapid-review-decision", "business-unit", new
        {
            criterionMultiAgencyWorkingConcerns = true, criterionImprovementsNeeded = true, csprMostAppropriate = true,
            outcome = "LocalCspr", rationale = "Police and health did not share the injury history.",
        });

        // Version 2, written before the revision, cannot be marked ready again: the field says why.
        await _client.WaitForActionAsync(id, "mark-rapid-review-report-ready");
        var refused = await _client.TryActAsync(id, "mark-rapid-review-report-ready", "business-unit", new { reportVersion = "2" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.StartsWith("Version 2 no longer matches the decision", Assert.Single((await ProblemAsync(refused)).GetProperty("errors").EnumerateArray()).GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, (await _client.GetAsync(id)).GetProperty("rapidReviewDecision").GetProperty("approvedBy").ValueKind);

        // The revised report (version 3), marked ready, is what the chair approves and what goes to the Panel.
        await IncidentJourneys.UploadReportAsync(_client, id, "RapidReviewReport", "rapid-review-revised.pdf");
        await _client.ActAsync(id, "mark-rapid-review-report-ready", "business-unit", new { reportVersion = "3" });
        var again = (await _client.WaitForMailAsync(m => m.Subject == ApprovalSubject(id), count: 2)).Single(m => m.Id != approval.Id);
        var reopened = await _client.OpenLinkAsRecipientAsync(again, "/a/");
        var (approvedStatus, approvedHtml) = await JourneyClient.SubmitLinkAsync(reopened, [("approval", "Approve"), ("comments", "Agreed.")]);
        Assert.True(approvedStatus == HttpStatusCode.OK, approvedHtml);
        var approved = await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("rapidReviewDecision").GetProperty("approvedBy").ValueKind == JsonValueKind.String, "the approval");
        Assert.Equal(3, approved.GetProperty("rapidReviewDecision").GetProperty("approvedVersion").GetInt32());
        Assert.Equal("Police and health did not share the injury history.", approved.GetProperty("rapidReviewDecision").GetProperty("rationale").GetString());
    }

    /// <summary>Scoping returned and accepted, the meeting held; returns the id and the day it was held.</summary>
    private async Task<(string Id, DateOnly HeldOn)> MeetingHeldAsync()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(_client);
        await IncidentJourneys.ReturnAndAcceptAllAsync(_client, id, requests);
        var today = await _client.TodayAsync();
        var meetingDay = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(today, 1);
        await _client.ActAsync(id, "schedule-rapid-review-meeting", "business-unit", new { startsAt = Iso(meetingDay) + "T10:00", durationMinutes = 90, location = "Online" });
        await _client.AdvanceAsync(new { workingDays = 1 });
        await _client.ActAsync(id, "record-meeting-held", "business-unit", new { heldOn = Iso(meetingDay), representedChildrensSocialCare = true, representedEducation = true, representedPolice = true, representedHealth = true });
        await _client.WaitForStageAsync(id, "RapidReview");
        return (id, meetingDay);
    }
}
