using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Csp.Domain.Calendar;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// Over HTTP on the real host: scoping starts the day the chair accepts the referral, before the
/// National Panel notification; the Rapid Review decision is refused (409, with the reason) until the
/// notification is recorded and is then due 15 working days after it; the Rapid Review report is a
/// submission task whose date sent, Panel reference and version are recorded; no email tells the
/// Panel or the Secretary of State to use the secure site.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class StatutorySubmissionJourneyTests(LocalHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;
    private static readonly WorkingDayCalendar Days = WorkingDayCalendar.EnglandAndWales;
    private static readonly string[] StatutoryAddresses = ["national.panel@panel.example", "secretary.of.state@dfe.example", "notifications@ofsted.example", "notifications@dfe.example"];

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    /// <summary>A referral triaged for a Rapid Review with no notification recorded; the meeting held. Returns the id and the day of triage.</summary>
    private async Task<(string Id, DateOnly TriagedOn, IReadOnlyList<JourneyClient.Mail> Requests)> MeetingHeldWithoutNotificationAsync()
    {
        var today = await _client.TodayAsync();
        var id = await _client.SubmitAsync(JourneyClient.ReferralAwareOn(today));
        await _client.ActAsync(id, "pass-referral-qa", "business-unit", new { notes = "Complete." });
        await _client.ActAsync(id, "triage-referral", "chair", new { outcome = "RapidReview", rationale = "Serious harm; abuse suspected." });
        var requests = await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Rapid Review scoping request", count: 4);
        var meetingDay = Days.AddWorkingDays(today, 1);
        await _client.ActAsync(id, "schedule-rapid-review-meeting", "business-unit", new { startsAt = Iso(meetingDay) + "T10:00", durationMinutes = 90, location = "Online" });
        await _client.AdvanceAsync(new { workingDays = 1 });
        await _client.ActAsync(id, "record-meeting-held", "business-unit", new { heldOn = Iso(meetingDay), representedChildrensSocialCare = true, representedEducation = true, representedPolice = true, representedHealth = true });
        await _client.WaitForStageAsync(id, "RapidReview");
        return (id, today, requests);
    }

    private static object Decision(DateOnly on) => new
    {
        criterionMultiAgencyWorkingConcerns = true, criterionImprovementsNeeded = true, csprMostAppropriate = true,
        outcome = "LocalCspr", rationale = "Criteria met; a local review is proportionate.", decidedOn = Iso(on),
    };

    [Fact]
    public async Task Triage_ScopingRequestsTheSameDay_DecisionRefused409UntilTheNotification_ThenDue15WorkingDaysAfterIt()
    {
        var (id, triagedOn, requests) = await MeetingHeldWithoutNotificationAsync();

        // The requests went out the day of the chair's decision, with nothing recorded for the notification.
        Assert.All(requests, r => Assert.Equal(triagedOn, DateOnly.FromDateTime(r.SentAt.UtcDateTime)));
        var waiting = await _client.GetAsync(id);
        Assert.All(waiting.GetProperty("scoping").EnumerateArray(), a => Assert.Equal(Iso(triagedOn), a.GetProperty("requestedOn").GetString()));
        Assert.Equal("Due", JourneyClient.Deadline(waiting, "NationalPanelNotification"));
        Assert.Contains(waiting.GetProperty("waitingActions").EnumerateArray(), a => a.GetProperty("name").GetString() == "record-rapid-review-decision");

        // The decision before the notification: 409 with the reason, nothing recorded.
        var today = await _client.TodayAsync();
        var refused = await _client.TryActAsync(id, "record-rapid-review-decision", "business-unit", Decision(today));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.ReadJsonAsync();
        Assert.Contains("cannot be recorded before the National Panel notification is recorded", problem.GetProperty("detail").GetString());
        Assert.Equal("RapidReview", (await _client.GetAsync(id)).GetProperty("stage").GetString());

        // The page says the same in a GOV.UK error summary.
        var browser = fixture.Host.Client(cookies: true);
        using (var get = new HttpRequestMessage(HttpMethod.Get, "/incidents/" + id).AsDevUser("Journey business-unit", "business-unit"))
        {
            var page = await (await browser.SendAsync(get)).Content.ReadAsStringAsync();
            Assert.Contains("data-testid=\"waiting-action\" data-action=\"record-rapid-review-decision\"", page);
            using var post = new HttpRequestMessage(HttpMethod.Post, $"/incidents/{id}/actions/record-rapid-review-decision")
            {
                Content = TestData.Form(page, ("outcome", "LocalCspr"), ("rationale", "Too early."), ("decidedOn-day", today.Day.ToString()),
                    ("decidedOn-month", today.Month.ToString()), ("decidedOn-year", today.Year.ToString())),
            }.AsDevUser("Journey business-unit", "business-unit");
            var posted = await browser.SendAsync(post);
            Assert.Equal(HttpStatusCode.Conflict, posted.StatusCode);
            var html = await posted.Content.ReadAsStringAsync();
            Assert.Contains("govuk-error-summary", html);
            Assert.Contains("cannot be recorded before the National Panel notification is recorded", WebUtility.HtmlDecode(html));
        }

        // Recorded (sent today): the decision is offered and due 15 working days after the date sent.
        await _client.ActAsync(id, "record-national-panel-notification", "business-unit", new { sentOn = Iso(today), panelReference = "NP-" + id });
        var notified = await _client.WaitForActionAsync(id, "record-rapid-review-decision");
        Assert.Equal(Iso(Days.AddWorkingDays(today, 15)), JourneyClient.Deadline(notified, "RapidReviewDecision", "due"));
        Assert.Contains("the National Panel was notified", JourneyClient.Deadline(notified, "RapidReviewDecision", "basis"));
        Assert.Equal("Met", JourneyClient.Deadline(notified, "NationalPanelNotification"));
        var notification = notified.GetProperty("submissions").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "NationalPanelNotification");
        Assert.Equal("Done", notification.GetProperty("state").GetString());
        Assert.Equal("NP-" + id, notification.GetProperty("recorded").GetProperty("reference").GetString());
    }

    [Fact]
    public async Task RapidReviewReport_SubmissionRecordedWithDateReferenceAndVersion_DeadlineMet_AndNoStatutoryEmailMentionsTheSecureSite()
    {
        var (id, _, _) = await MeetingHeldWithoutNotificationAsync();
        var today = await _client.TodayAsync();
        await _client.ActAsync(id, "record-national-panel-notification", "business-unit", new { sentOn = Iso(today), panelReference = "NP-" + id });
        await _client.ActAsync(id, "record-rapid-review-decision", "business-unit", Decision(today));
        // The process drafted version 1 from the case record; the business unit completes it, uploads version 2 and marks it ready, which the chair approves.
        var drafted = await _client.WaitForAsync(id, "business-unit", v => v.GetProperty("reports").GetArrayLength() == 1, "the report draft");
        Assert.True(drafted.GetProperty("reports")[0].GetProperty("drafted").GetBoolean());
        var pdf = new ByteArrayContent(CsprJourneyTests.Pdf("rapid review report " + id));
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var uploaded = await _client.SendAsync(HttpMethod.Post, $"/api/incidents/{id}/reports/RapidReviewReport?fileName=rapid-review.pdf", content: pdf);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        await _client.ActAsync(id, "mark-rapid-review-report-ready", "business-unit", new { reportVersion = "2" });
        var approval = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Approval needed: Rapid Review decision and report"))[0];
        var approvalPage = await _client.OpenLinkAsRecipientAsync(approval, "/a/");
        Assert.Equal(HttpStatusCode.OK, (await JourneyClient.SubmitLinkAsync(approvalPage, [("approval", "Approve"), ("comments", "Agreed.")])).Status);

        // The task offers the approved version (2) to download and send.
        var task = await _client.WaitForActionAsync(id, "record-rapid-review-report-submitted");
        var open = task.GetProperty("submissions").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "RapidReviewReport");
        Assert.Equal("ToDo", open.GetProperty("state").GetString());
        Assert.Equal("https://www.gov.uk/guidance/report-a-serious-child-safeguarding-incident", open.GetProperty("whereUrl").GetString());
        Assert.Equal(2, open.GetProperty("document").GetProperty("version").GetInt32());
        var withDocument = task;
        var document = withDocument.GetProperty("submissions").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "RapidReviewReport").GetProperty("document");
        var download = await _client.SendAsync(HttpMethod.Get, $"/api/incidents/{id}/documents/{document.GetProperty("document").GetProperty("path").GetString()}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);

        await _client.ActAsync(id, "record-rapid-review-report-submitted", "business-unit", new { sentOn = Iso(today), panelReference = "NP-RR-" + id, reportVersion = "2" });
        var sent = await _client.WaitForAsync(id, "business-unit", v => JourneyClient.Deadline(v, "RapidReviewDecision") == "Met", "the decision deadline met");
        Assert.Equal(Iso(today), JourneyClient.Deadline(sent, "RapidReviewDecision", "metOn"));
        var done = sent.GetProperty("submissions").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "RapidReviewReport");
        Assert.Equal("Done", done.GetProperty("state").GetString());
        var recorded = done.GetProperty("recorded");
        Assert.Equal((Iso(today), "NP-RR-" + id, 2, "rapid-review.pdf"),
            (recorded.GetProperty("sentOn").GetString(), recorded.GetProperty("reference").GetString(), recorded.GetProperty("version").GetInt32(), recorded.GetProperty("fileName").GetString()));
        Assert.Contains(sent.GetProperty("decisions").EnumerateArray(), d => d.GetProperty("what").GetString() == $"Rapid Review report (version 2) sent to the National Panel on {Csp.Domain.DateWords.Prose(today)} (Panel reference NP-RR-{id}).");
        // Then the Panel's response is awaited.
        await _client.WaitForActionAsync(id, "record-national-panel-response");

        // The CSPR decision is told to the Panel, Ofsted and DfE; no email to a statutory body mentions the secure site.
        await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Decision to hold a local child safeguarding practice review" && m.To.Contains("national.panel@panel.example"));
        var statutory = (await _client.MailboxAsync()).Where(m => m.Subject.Contains(id) && StatutoryAddresses.Any(a => m.To.Contains(a, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.NotEmpty(statutory);
        Assert.DoesNotContain(statutory, m => m.Subject.Contains("Rapid Review report"));
        foreach (var message in statutory)
        {
            Assert.DoesNotContain("secure site", await _client.MessageTextAsync(message.Id), StringComparison.OrdinalIgnoreCase);
            Assert.Empty(message.Links);
        }
    }
}
