using System.Net;
using Csp.Web.Tests.EndToEnd;

namespace Csp.Web.Tests.Infrastructure;

/// <summary>Stretches of the process that several journeys start with, driven as its users drive them.</summary>
public static class IncidentJourneys
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    /// <summary>A referral through triage and notification to scoping; returns the incident id and the four scoping requests.</summary>
    public static async Task<(string Id, IReadOnlyList<JourneyClient.Mail> Requests)> ToScopingAsync(JourneyClient client, Action<System.Text.Json.Nodes.JsonObject>? referral = null)
    {
        var today = await client.TodayAsync();
        var body = JourneyClient.ReferralAwareOn(today);
        referral?.Invoke(body);
        var id = await client.SubmitAsync(body);
        await client.ActAsync(id, "pass-referral-qa", "business-unit", new { notes = "Complete." });
        await client.ActAsync(id, "triage-referral", "chair", new { outcome = "RapidReview", rationale = "Serious harm; abuse suspected." });
        // The notification step asked for at referral closes with that stage; the scoping stage asks again.
        await client.WaitForStageAsync(id, "Scoping");
        await client.ActAsync(id, "record-national-panel-notification", "business-unit", new { sentOn = Iso(today), panelReference = "NP-" + id });
        var requests = await client.WaitForMailAsync(m => m.Subject == $"[{id}] Rapid Review scoping request", count: 4);
        return (id, requests);
    }

    /// <summary>Each agency asked in <paramref name="requests"/> returns through its link (health with a PDF); the business unit accepts each.</summary>
    public static async Task ReturnAndAcceptAllAsync(JourneyClient client, string id, IReadOnlyList<JourneyClient.Mail> requests)
    {
        foreach (var request in requests)
        {
            var page = await client.OpenLinkAsRecipientAsync(request, "/s/");
            var files = request.To.Contains("health") ? new[] { ("health-scoping.pdf", "application/pdf", CsprJourneyTests.Pdf("health " + id)) } : null;
            var (status, html) = await JourneyClient.SubmitLinkAsync(page,
                [("involvement", "Contacts with " + request.To), ("learning", "Share injury information."), ("completedBy", "A Practitioner"), ("completedByRole", "Safeguarding lead")], files);
            Assert.True(status == HttpStatusCode.OK, html);
        }
        var view = await client.WaitForAsync(id, "business-unit",
            v => v.GetProperty("scoping").EnumerateArray().Count(a => a.GetProperty("status").GetString() == "Returned") == requests.Count, "the returns in");
        foreach (var agency in view.GetProperty("scoping").EnumerateArray().Where(a => a.GetProperty("status").GetString() == "Returned").Select(a => a.GetProperty("agency").GetString()!))
        {
            await client.WaitForChoiceAsync(id, "accept-scoping-return", "agency", agency);
            await client.ActAsync(id, "accept-scoping-return", "business-unit", new { agency, notes = "Complete and clear." });
        }
    }

    /// <summary>
    /// A referral through scoping, the meeting (the clock moved a working day) and a local CSPR decision
    /// approved by the chair's link; the Rapid Review report's submission task is then open.
    /// </summary>
    public static async Task<string> ToApprovedDecisionAsync(JourneyClient client)
    {
        var (id, approval) = await ToDecisionApprovalAsync(client);
        var page = await client.OpenLinkAsRecipientAsync(approval, "/a/");
        var (status, html) = await JourneyClient.SubmitLinkAsync(page, [("approval", "Approve"), ("comments", "Agreed.")]);
        Assert.True(status == HttpStatusCode.OK, html);
        await client.WaitForActionAsync(id, "record-rapid-review-report-submitted");
        return id;
    }

    /// <summary>
    /// As <see cref="ToApprovedDecisionAsync"/>, then the report sent and the Panel's ratification: the local CSPR
    /// has started (its first checklist step open). Returns the incident id and the decision's date.
    /// </summary>
    public static async Task<(string Id, DateOnly DecidedOn)> ToLocalCsprAsync(JourneyClient client)
    {
        var id = await ToApprovedDecisionAsync(client);
        var today = await client.TodayAsync();
        var pdf = new ByteArrayContent(CsprJourneyTests.Pdf("rapid review " + id));
        pdf.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(HttpMethod.Post, $"/api/incidents/{id}/reports/RapidReviewReport?fileName=rapid-review.pdf", content: pdf)).StatusCode);
        await client.ActAsync(id, "record-rapid-review-report-submitted", "business-unit", new { sentOn = Iso(today), panelReference = "NP-RR-" + id, reportVersion = "2" });
        await client.ActAsync(id, "record-national-panel-response", "business-unit", new { outcome = "DecisionRatified", receivedOn = Iso(today) });
        var cspr = await client.WaitForStageAsync(id, "LocalCspr");
        return (id, DateOnly.Parse(cspr.GetProperty("rapidReviewDecision").GetProperty("decidedOn").GetString()!));
    }

    /// <summary>A referral through scoping and the meeting to a recorded local CSPR decision; returns the chair's "approve the decision and report" email.</summary>
    public static async Task<(string Id, JourneyClient.Mail Approval)> ToDecisionApprovalAsync(JourneyClient client)
    {
        var (id, requests) = await ToScopingAsync(client);
        await ReturnAndAcceptAllAsync(client, id, requests);
        var today = await client.TodayAsync();
        var meetingDay = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(today, 1);
        await client.ActAsync(id, "schedule-rapid-review-meeting", "business-unit", new { startsAt = Iso(meetingDay) + "T10:00", durationMinutes = 90, location = "Online" });
        await client.AdvanceAsync(new { workingDays = 1 });
        await client.ActAsync(id, "record-meeting-held", "business-unit", new
        {
            heldOn = Iso(meetingDay), representedChildrensSocialCare = true, representedEducation = true, representedHealth = true, representedPolice = true,
        });
        await client.ActAsync(id, "record-rapid-review-decision", "business-unit", new
        {
            criterionMultiAgencyWorkingConcerns = true, criterionImprovementsNeeded = true, csprMostAppropriate = true,
            outcome = "LocalCspr", rationale = "Criteria met; a local review is proportionate.", decidedOn = Iso(meetingDay),
        });
        // Version 1 is the draft drawn from the case record: the business unit completes it, uploads version 2 and marks it ready;
        // only then is the chair asked to approve.
        await MarkCompletedReportReadyAsync(client, id);
        var approval = (await client.WaitForMailAsync(m => m.Subject == $"[{id}] Approval needed: Rapid Review decision and report"))[0];
        return (id, approval);
    }

    /// <summary>
    /// Once the decision is recorded and the draft written: the business unit uploads the completed Rapid Review report and marks
    /// it ready, so the approver is asked to approve it. Returns its version.
    /// </summary>
    public static async Task<int> MarkCompletedReportReadyAsync(JourneyClient client, string id, string fileName = "rapid-review-completed.pdf")
    {
        await client.WaitForActionAsync(id, "mark-rapid-review-report-ready");
        var version = await UploadReportAsync(client, id, "RapidReviewReport", fileName);
        await client.ActAsync(id, "mark-rapid-review-report-ready", "business-unit", new { reportVersion = version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return version;
    }

    /// <summary>The business unit uploads a version of a report (a fictional PDF) on the incident page's API; returns its version.</summary>
    public static async Task<int> UploadReportAsync(JourneyClient client, string id, string kind, string fileName)
    {
        var pdf = new System.Net.Http.ByteArrayContent(CsprJourneyTests.Pdf(fileName + " " + id));
        pdf.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        var uploaded = await client.SendAsync(System.Net.Http.HttpMethod.Post, $"/api/incidents/{id}/reports/{kind}?fileName={fileName}", content: pdf);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        return (await uploaded.ReadJsonAsync()).GetProperty("version").GetInt32();
    }
}
