using System.Net;
using System.Text;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// One serious incident through the whole statutory process on the real host, workflow, engine and
/// Azurite: the referral by API, the emails in the development mailbox, scoping returned through
/// the emailed links (with a document and a resubmission), the decision approved through its link,
/// and the development clock moved on through the CSPR stages to the action plan's sign-off.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CsprJourneyTests(LocalHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;

    private static readonly string[] Agencies =
        ["Exampleton Children's Social Care", "Exampleshire Police Public Protection Unit", "Exampleton Community Health NHS Trust", "Exampleton Primary School"];

    public static byte[] Pdf(string text) => Encoding.ASCII.GetBytes("%PDF-1.4\n% fictional scoping template: " + text + "\n%%EOF\n");

    [Fact]
    public async Task Referral_ThroughScopingApprovalAndClock_ToActionPlanSignOff()
    {
        var today = await _client.TodayAsync();
        var id = await _client.SubmitAsync(JourneyClient.ReferralAwareOn(today));
        string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

        // Referral quality assurance and the chair's triage.
        var received = await _client.WaitForActionAsync(id, "pass-referral-qa");
        Assert.Equal("ReferralQa", received.GetProperty("stage").GetString());
        Assert.Equal("Due", JourneyClient.Deadline(received, "NationalPanelNotification"));
        await _client.WaitForMailAsync(m => m.Subject.Contains(id) && m.Subject.Contains("New serious incident referral"));
        await _client.ActAsync(id, "pass-referral-qa", "business-unit", new { notes = "Complete and signed off." });
        await _client.ActAsync(id, "triage-referral", "chair", new { outcome = "RapidReview", rationale = "Serious harm; abuse suspected." });

        // Notification within 5 working days: recorded, so the deadline is met.
        await _client.ActAsync(id, "record-national-panel-notification", "business-unit", new { sentOn = Iso(today), panelReference = "NP-TEST-1" });

        // Scoping: one request per involved agency, each with its own link.
        var requests = await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Rapid Review scoping request", count: 4);
        Assert.Equal(4, requests.Select(r => r.To).Distinct().Count());
        var notified = await _client.WaitForStageAsync(id, "Scoping");
        Assert.Equal("Met", JourneyClient.Deadline(notified, "NationalPanelNotification"));
        Assert.All(notified.GetProperty("scoping").EnumerateArray(), a => Assert.Equal("Requested", a.GetProperty("status").GetString()));

        var school = requests.Single(r => r.To.Contains("dsl@school.example.org"));
        foreach (var request in requests.Where(r => r != school))
        {
            var link = request.LinkStartingWith("/s/")!;
            var page = await _client.OpenLinkAsRecipientAsync(request, "/s/");
            var again = await _client.OpenLinkAsync(link); // a mail scanner fetching it first changes nothing
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (page.Status, again.Status));
            var files = request.To.Contains("health") ? new[] { ("health-scoping.pdf", "application/pdf", Pdf("health")) } : null;
            var (status, html) = await JourneyClient.SubmitLinkAsync(page,
                [("involvement", "Contacts in the year before the incident."), ("completedBy", "A Practitioner"), ("completedByRole", "Safeguarding lead")], files);
            Assert.True(status == HttpStatusCode.OK, html);
            Assert.Equal("Scoping return received", JourneyClient.Heading(html));
            var replay = await _client.OpenLinkAsync(link);
            Assert.Equal(HttpStatusCode.Gone, replay.Status);
        }

        // The school has not returned: the clock moves to its due date and the chase goes out.
        await _client.AdvanceAsync(new { workingDays = 5 });
        var chase = await _client.WaitForMailAsync(m => m.Subject.Contains(id) && m.To.Contains("dsl@school.example.org") && m.Subject.Contains("Reminder"));
        Assert.NotEmpty(chase);
        // The chase carries the link that works now; the first email's link gave way to it.
        Assert.Equal(HttpStatusCode.Gone, (await _client.OpenLinkAsync(school.LinkStartingWith("/s/")!)).Status);
        var schoolPage = await _client.OpenLinkAsRecipientAsync(chase[^1], "/s/");
        var (schoolStatus, _) = await JourneyClient.SubmitLinkAsync(schoolPage,
            [("involvement", "Attendance concerns."), ("completedBy", "Designated safeguarding lead"), ("completedByRole", "DSL")]);
        Assert.Equal(HttpStatusCode.OK, schoolStatus);

        // Quality assurance asks the police for more; their new link takes the resubmission.
        await _client.ActAsync(id, "request-scoping-resubmission", "business-unit", new { agency = Agencies[1], gaps = "Add the dates of each call-out." });
        var resubmission = await _client.WaitForMailAsync(m => m.Subject.Contains(id) && m.To.Contains("ppu.scoping@police.example") && m.Subject != $"[{id}] Rapid Review scoping request" && m.LinkStartingWith("/s/") is not null);
        var police = await _client.OpenLinkAsRecipientAsync(resubmission[0], "/s/");
        var (policeStatus, _) = await JourneyClient.SubmitLinkAsync(police,
            [("involvement", "Three call-outs, dates added."), ("completedBy", "DCI Example"), ("completedByRole", "Public protection")]);
        Assert.Equal(HttpStatusCode.OK, policeStatus);
        foreach (var agency in Agencies)
        {
            await _client.WaitForChoiceAsync(id, "accept-scoping-return", "agency", agency);
            await _client.ActAsync(id, "accept-scoping-return", "business-unit", new { agency });
        }
        var accepted = await _client.WaitForAsync(id, "business-unit",
            v => v.GetProperty("scoping").EnumerateArray().All(a => a.GetProperty("status").GetString() == "Accepted"), "every return accepted");
        Assert.Equal(4, accepted.GetProperty("scoping").GetArrayLength());

        // The Rapid Review meeting: scheduled, the clock moves past it, recorded as held.
        today = await _client.TodayAsync();
        var meetingDay = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(today, 1);
        await _client.ActAsync(id, "schedule-rapid-review-meeting", "business-unit", new { startsAt = Iso(meetingDay) + "T10:00", durationMinutes = 90, location = "Online" });
        await _client.AdvanceAsync(new { workingDays = 2 });
        await _client.ActAsync(id, "record-meeting-held", "business-unit", new { heldOn = Iso(meetingDay), representedChildrensSocialCare = true, representedEducation = true, representedPolice = true, representedHealth = true });

        // The decision, approved by the chair from the emailed link.
        await _client.ActAsync(id, "record-rapid-review-decision", "business-unit", new
        {
            criterionMultiAgencyWorkingConcerns = true, criterionImprovementsNeeded = true, csprMostAppropriate = true,
            outcome = "LocalCspr", rationale = "Criteria met; a local review is proportionate.", decidedOn = Iso(meetingDay),
        });
        // The business unit completes the draft (version 1), uploads it as version 2 and marks it ready: the chair is asked to approve that.
        await IncidentJourneys.MarkCompletedReportReadyAsync(_client, id);
        var approval = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Approval needed: Rapid Review decision and report"))[0];
        var approvalLink = approval.LinkStartingWith("/a/")!;
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await _client.OpenLinkAsync(approvalLink)).Status);
        var stillWaiting = await _client.GetAsync(id, "chair");
        Assert.Contains(stillWaiting.GetProperty("availableActions").EnumerateArray(), a => a.GetProperty("name").GetString() == "approve-rapid-review-report");
        var approvalPage = await _client.OpenLinkAsRecipientAsync(approval, "/a/");
        Assert.Contains("Approve the Rapid Review decision", approvalPage.Html, StringComparison.OrdinalIgnoreCase);
        var (approved, approvedHtml) = await JourneyClient.SubmitLinkAsync(approvalPage, [("approval", "Approve"), ("comments", "Agreed.")]);
        Assert.Equal(HttpStatusCode.OK, approved);
        Assert.Equal("Decision recorded", JourneyClient.Heading(approvedHtml));
        var (replayed, replayHtml) = await JourneyClient.SubmitLinkAsync(approvalPage, [("approval", "RequestChanges"), ("comments", "Replayed.")]);
        Assert.Equal(HttpStatusCode.Gone, replayed);
        Assert.Contains("already been used", replayHtml);

        // The business unit sends the approved report through the Panel's online system and records it.
        today = await _client.TodayAsync();
        await _client.ActAsync(id, "record-rapid-review-report-submitted", "business-unit", new { sentOn = Iso(today), panelReference = "NP-RR-1", reportVersion = "2" });

        // The National Panel ratifies; the local CSPR runs its checklist.
        await _client.ActAsync(id, "record-national-panel-response", "business-unit", new { outcome = "DecisionRatified", receivedOn = Iso(today) });
        var cspr = await _client.WaitForStageAsync(id, "LocalCspr");
        Assert.Equal("Due", JourneyClient.Deadline(cspr, "LocalCsprCompletion"));
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
            // Approvers read what they approve: the document and its version, on the page their email's link opens.
            if (action == "approve-terms-of-reference")
            {
                await UploadAsync(id, "TermsOfReference", "terms-of-reference.pdf");
                await ApproverReadsAsync(id, "Approve the terms of reference, methodology and timeline", "Terms of reference, version 1 (terms-of-reference.pdf)");
            }
            if (action == "approve-final-report-subgroup")
            {
                await UploadAsync(id, "FinalCsprReport", "final-report.pdf");
                await ApproverReadsAsync(id, "Subgroup approval of the final report", "Final CSPR report, version 1 (final-report.pdf)");
            }
            await _client.ActAsync(id, action, role, fields);
        }

        // Publication: planned 10 working days on, the notice sent, the clock moved to the day.
        var publishOn = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(today, 10);
        await _client.ActAsync(id, "plan-publication", "business-unit", new { plannedPublicationOn = Iso(publishOn) });
        await _client.ActAsync(id, "record-final-report-submitted", "business-unit", new { sentOn = Iso(today), panelReference = "NP-FR-1", reportVersion = "1" });
        await _client.WaitForMailAsync(m => m.Subject.Contains(id) && m.To.Contains("notifications@ofsted.example") && m.Subject.Contains("publication"));
        // The notice period runs from the date the report was sent: publishing sooner is refused with the earliest date.
        await _client.WaitForActionAsync(id, "record-publication");
        var tooSoon = await _client.TryActAsync(id, "record-publication", "business-unit", new { publishedOn = Iso(today), form = "FullReport" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooSoon.StatusCode);
        Assert.Contains(Csp.Domain.DateWords.Prose(Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(today, 7)), (await tooSoon.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("message").GetString());
        var noticeSent = await _client.GetAsync(id);
        Assert.Equal("Met", JourneyClient.Deadline(noticeSent, "PrePublicationNotice"));
        Assert.Equal(Iso(today), JourneyClient.Deadline(noticeSent, "PrePublicationNotice", "metOn"));
        Assert.Equal(publishOn, await _client.AdvanceAsync(new { workingDays = 10 }));
        await _client.ActAsync(id, "record-publication", "business-unit", new { publishedOn = Iso(publishOn), form = "FullReport", url = "https://partnership.example/reviews/test" });

        // The action plan, signed off by the executive: the incident closes.
        await _client.WaitForStageAsync(id, "ActionPlan");
        await _client.ActAsync(id, "add-recommendation", "business-unit", new { text = "Share injury information across agencies.", ownerName = "Head of CSC", ownerEmail = "owner@council.example", dueOn = Iso(publishOn.AddMonths(6)) });
        await _client.ActAsync(id, "agree-action-plan", "business-unit", new { on = Iso(publishOn) });
        await _client.ActAsync(id, "record-thank-you-letters", "business-unit", new { on = Iso(publishOn), count = 6 });

        // Not signed off while a recommendation is open: the quarter's progress request comes first.
        var agreed = await _client.GetAsync(id, "chair");
        // Once agreed, the plan waits for its owners and the executive, not for more recommendations.
        var afterAgreement = await _client.WaitForAsync(id, "business-unit",
            v => v.GetProperty("awaitingSummary").GetString()?.Contains("Send thank-you letters") != true, "the thank-you letters recorded");
        Assert.DoesNotContain("Add recommendations to the action plan", afterAgreement.GetProperty("awaitingSummary").GetString() ?? "");
        Assert.DoesNotContain(agreed.GetProperty("availableActions").EnumerateArray(), a => a.GetProperty("name").GetString() == "sign-off-action-plan");
        Assert.Equal(HttpStatusCode.Conflict, (await _client.TryActAsync(id, "sign-off-action-plan", "chair", new { on = Iso(publishOn) })).StatusCode);
        var progressDay = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(
            Csp.Domain.Calendar.WorkingDayCalendar.AddCalendarMonths(publishOn, 3), -10);
        await _client.AdvanceAsync(new { days = progressDay.DayNumber - (await _client.TodayAsync()).DayNumber + 1 });
        var progressRequest = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Progress report requested: recommendation R1"))[0];
        // The owner reads what the recommendation asks, in the email and on the link's page.
        Assert.Contains("Recommendation R1: Share injury information across agencies.", await _client.MessageTextAsync(progressRequest.Id));
        var ownersPage = await _client.OpenLinkAsRecipientAsync(progressRequest, "/a/");
        Assert.Contains("Share injury information across agencies.", System.Net.WebUtility.HtmlDecode(ownersPage.Html));
        await _client.WaitForChoiceAsync(id, "report-recommendation-progress", "recommendation", "R1 (Head of CSC)");
        await _client.ActAsync(id, "report-recommendation-progress", "business-unit", new { recommendation = "R1 (Head of CSC)", progress = "Protocol in place.", completed = true });
        await _client.ActAsync(id, "sign-off-action-plan", "chair", new { on = Iso(await _client.TodayAsync()) });
        await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Action plan signed off");
        var closed = await _client.WaitForStageAsync(id, "Closed");
        Assert.Empty(closed.GetProperty("availableActions").EnumerateArray());
        Assert.Single(closed.GetProperty("recommendations").EnumerateArray());
        // The published report stays available for its year after closure: shown, still running, on the page and in the record.
        Assert.Equal("Due", JourneyClient.Deadline(closed, "PublicationAvailableUntil"));
        Assert.Equal(Iso(publishOn.AddMonths(12)), JourneyClient.Deadline(closed, "PublicationAvailableUntil", "due"));
        var closedPage = System.Net.WebUtility.HtmlDecode(await (await _client.SendAsync(HttpMethod.Get, "/incidents/" + id)).Content.ReadAsStringAsync());
        Assert.Contains("data-kind=\"PublicationAvailableUntil\"", closedPage);
        Assert.Contains("Published report available for a year", closedPage);
        var timeline = closed.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("what").GetString()!).ToList();
        Assert.True(timeline.Count > 20, string.Join(" | ", timeline));

        // No email carried the child's name or date of birth.
        var mail = (await _client.MailboxAsync(id)).Where(m => m.Subject.Contains(id)).ToList();
        Assert.True(mail.Count > 30, $"only {mail.Count} emails");
        foreach (var message in mail)
        {
            var text = message.Subject + "\n" + await _client.MessageTextAsync(message.Id);
            Assert.DoesNotContain("Fictionalchild", text);
            Assert.DoesNotContain("2018-02-11", text);
            Assert.DoesNotContain("11 February 2018", text);
        }
    }

    private async Task ApproverReadsAsync(string id, string title, string document)
    {
        var request = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Approval needed: {title}"))[0];
        Assert.Contains("Open the link to read what you are asked to approve", await _client.MessageTextAsync(request.Id));
        var page = await _client.OpenLinkAsRecipientAsync(request, "/a/");
        var html = System.Net.WebUtility.HtmlDecode(page.Html);
        Assert.Contains(document, html);
        Assert.Contains("Download version 1", html);
    }

    private async Task UploadAsync(string id, string kind, string fileName)
    {
        var pdf = new ByteArrayContent(Pdf(kind + " " + id));
        pdf.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        var uploaded = await _client.SendAsync(HttpMethod.Post, $"/api/incidents/{id}/reports/{kind}?fileName={fileName}", content: pdf);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
    }
}
