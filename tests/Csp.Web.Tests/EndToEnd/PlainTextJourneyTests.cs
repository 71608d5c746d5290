using System.Net;
using Csp.Domain.Calendar;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// The words people read: agency names as written, values in plain words rather than internal names,
/// link pages that show what is being decided (the decision and its deadline, the meeting's time),
/// due dates that agree with their basis.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PlainTextJourneyTests(LocalHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    private static string Text(string html) => WebUtility.HtmlDecode(html);

    [Fact]
    public async Task LinkPagesIncidentPageAndTimeline_SpeakPlainly()
    {
        // The designated officer's notification link says what it is for.
        var today = await _client.TodayAsync();
        var lado = await _client.SubmitAsync(JourneyClient.ReferralAwareOn(today));
        await _client.ActAsync(lado, "pass-referral-qa", "business-unit", new { notes = "Complete." });
        await _client.ActAsync(lado, "triage-referral", "chair", new { outcome = "RapidReview", rationale = "Serious harm." });
        // Asked at referral, and again (a new link) once the chair sends it to a Rapid Review.
        var notify = (await _client.WaitForMailAsync(m => m.Subject == $"[{lado}] Notify the National Panel", count: 2)).MaxBy(m => m.SentAt)!;
        var notifyPage = await _client.OpenLinkAsync(notify.LinkStartingWith("/a/")!);
        Assert.Equal("Record the National Panel notification", JourneyClient.Heading(notifyPage.Html));
        Assert.DoesNotContain(">Approval<", notifyPage.Html);
        var notificationDue = WorkingDayCalendar.EnglandAndWales.AddWorkingDays(today, 5);
        Assert.Contains(notificationDue.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB")), Text(notifyPage.Html));

        // Agency names keep their capitals; agency types read as the guidance writes them.
        var (id, requests) = await IncidentJourneys.ToScopingAsync(_client, r => r["involvedAgencies"]![0]!["name"] = "Exampleton CSC");
        await IncidentJourneys.ReturnAndAcceptAllAsync(_client, id, requests.Where(r => !r.To.Contains("school")).ToList());
        var page = Text(await (await _client.SendAsync(HttpMethod.Get, "/incidents/" + id)).Content.ReadAsStringAsync());
        Assert.Contains("Exampleton CSC", page);
        Assert.DoesNotContain("cSC", page);
        Assert.Contains("Children's social care", page);
        Assert.DoesNotContain("Childrens social care", page, StringComparison.OrdinalIgnoreCase);

        // The meeting reply page shows when the meeting is and offers only real replies.
        var meetingDay = WorkingDayCalendar.EnglandAndWales.AddWorkingDays(today, 10);
        await _client.ActAsync(id, "waive-scoping-return", "business-unit", new { agency = "Exampleton Primary School", reason = "No involvement." });
        await _client.ActAsync(id, "schedule-rapid-review-meeting", "business-unit", new { startsAt = Iso(meetingDay) + "T10:00", durationMinutes = 90, location = "Council offices" });
        var invitation = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Please reply to the Rapid Review invitation"))[0];
        var reply = Text((await _client.OpenLinkAsync(invitation.LinkStartingWith("/a/")!)).Html);
        Assert.Contains(meetingDay.ToString("dddd d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB")) + ", 10am to 11:30am", reply);
        Assert.Contains("Council offices", reply);
        Assert.DoesNotContain("NeedsAction", reply);
        Assert.DoesNotContain("Needs action", reply);
        Assert.Contains("Accepted", reply);

        // Held a day after it was scheduled: the pack's due date and its basis name the same day.
        await _client.AdvanceAsync(new { workingDays = 11 });
        var heldOn = WorkingDayCalendar.EnglandAndWales.AddWorkingDays(meetingDay, 1);
        await _client.ActAsync(id, "record-meeting-held", "business-unit", new { heldOn = Iso(heldOn), representedChildrensSocialCare = true, representedEducation = true, representedPolice = true, representedHealth = true });
        await _client.ActAsync(id, "record-rapid-review-decision", "business-unit", new
        {
            criterionImprovementsNeeded = true, csprMostAppropriate = true, outcome = "LocalCspr", rationale = "Improvements are needed.", decidedOn = Iso(heldOn),
        });

        // The approval page shows the decision being approved, its tests and its deadline; one label, no "(optional)" contradiction.
        await IncidentJourneys.MarkCompletedReportReadyAsync(_client, id);
        var approval = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Approval needed: Rapid Review decision and report"))[0];
        var approve = Text((await _client.OpenLinkAsync(approval.LinkStartingWith("/a/")!)).Html);
        Assert.Contains("Local CSPR", approve);
        Assert.Contains("Improvements are needed.", approve);
        Assert.Contains("improvements needed to safeguard", approve);
        Assert.Contains("Must reach the National Panel by", approve);
        Assert.DoesNotContain("(required when asking for changes) (optional)", approve);
        Assert.Contains("Ask for changes", approve);

        var view = await _client.GetAsync(id);
        var pack = view.GetProperty("deadlines").EnumerateArray().Single(d => d.GetProperty("kind").GetString() == "ScopingPackCirculation");
        var packDue = DateOnly.Parse(pack.GetProperty("due").GetString()!);
        Assert.StartsWith("Due " + packDue.ToString("dddd d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB")), pack.GetProperty("basis").GetString());
        var timeline = string.Join("\n", view.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("what").GetString() + " " + t.GetProperty("why").GetString()));
        Assert.DoesNotContain("ImprovementsNeeded", timeline);
        Assert.DoesNotContain(".json", timeline);
        Assert.Contains("improvements needed", timeline);
    }
}
