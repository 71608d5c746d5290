using System.Net;
using System.Net.Http.Headers;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// The Rapid Review meeting's minutes, as the partnership's terms of reference have them: due two weeks
/// after the meeting is held, shown on the incident's page with that date, escalated when late, and
/// circulated to those who attended (an email that points to the secure site and carries nothing about
/// the child) once the business unit has uploaded them.
/// </summary>
/// <remarks>
/// On a host of its own: it moves the clock weeks on and waits for one escalation, which on the host the
/// other journeys share did not arrive within the wait (recorded as an open question on the issue).
/// </remarks>
[Collection(MeetingMinutesCollection.Name)]
public sealed class MeetingMinutesJourneyTests(MeetingMinutesHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;

    [Fact]
    public async Task MeetingHeld_MinutesDueTwoWeeksLater_EscalatedWhenLate_CirculatedToAttendeesOnceUploaded()
    {
        var (id, _) = await IncidentJourneys.ToDecisionApprovalAsync(_client);
        var view = await _client.WaitForActionAsync(id, "circulate-rapid-review-minutes");
        var heldOn = DateOnly.Parse(view.GetProperty("meeting").GetProperty("heldOn").GetString()!);
        var due = heldOn.AddDays(14);

        // The page shows the step's deadline while it runs, and the business unit is asked for the minutes.
        Assert.Equal("Due", JourneyClient.Deadline(view, "RapidReviewMinutes"));
        Assert.Equal(due.ToString("yyyy-MM-dd"), JourneyClient.Deadline(view, "RapidReviewMinutes", "due"));
        var page = WebUtility.HtmlDecode(await (await _client.SendAsync(HttpMethod.Get, "/incidents/" + id)).Content.ReadAsStringAsync());
        Assert.Contains("Rapid Review minutes to those who attended", page);
        Assert.Contains("14 calendar days after the Rapid Review meeting was held", page);
        Assert.Contains("Upload the Rapid Review minutes and circulate them to those who attended", view.GetProperty("awaitingSummary").GetString());
        await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Rapid Review minutes due", incidentId: id);

        // Nothing to circulate before the minutes are uploaded: refused with the field, not recorded.
        var early = await _client.TryActAsync(id, "circulate-rapid-review-minutes", "business-unit", new { reportVersion = "1" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.Contains("reportVersion", await early.Content.ReadAsStringAsync());

        // Past the due date: overdue on the page and escalated to the business manager.
        await _client.AdvanceAsync(new { days = due.DayNumber - (await _client.TodayAsync()).DayNumber + 1 });
        await _client.AdvanceAsync(new { workingDays = 1 });
        await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Overdue: Rapid Review minutes to those who attended", incidentId: id);
        Assert.Equal("Overdue", JourneyClient.Deadline(await _client.GetAsync(id), "RapidReviewMinutes"));

        // Uploaded and circulated: those who attended are emailed a pointer to the secure site; the row is met late.
        var pdf = new ByteArrayContent(CsprJourneyTests.Pdf("minutes " + id));
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        Assert.Equal(HttpStatusCode.Created,
            (await _client.SendAsync(HttpMethod.Post, $"/api/incidents/{id}/reports/RapidReviewMinutes?fileName=minutes.pdf", content: pdf)).StatusCode);
        await _client.ActAsync(id, "circulate-rapid-review-minutes", "business-unit", new { reportVersion = "1" });
        var circulated = await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Rapid Review minutes", count: 2, incidentId: id);
        Assert.Contains(circulated, m => m.To.Contains("police.panel@"));
        var text = await _client.MessageTextAsync(circulated[0].Id);
        Assert.Contains("are on the secure site", text);
        Assert.DoesNotContain("Fictionalchild", text);
        Assert.Contains(circulated[0].Links, l => new Uri(l).AbsolutePath == "/incidents/" + id);

        var after = await _client.WaitForAsync(id, "business-unit", v => JourneyClient.Deadline(v, "RapidReviewMinutes") == "MetLate", "the minutes met late");
        Assert.DoesNotContain("circulate-rapid-review-minutes", after.GetProperty("availableActions").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.DoesNotContain("Upload the Rapid Review minutes", after.GetProperty("awaitingSummary").GetString() ?? "");
    }
}

/// <summary>A local host of the minutes journey's own.</summary>
public sealed class MeetingMinutesHostFixture : IAsyncLifetime
{
    private readonly LocalHostFixture _inner = new();

    public JourneyClient Client => _inner.Client;

    public Task InitializeAsync() => _inner.InitializeAsync();

    public Task DisposeAsync() => _inner.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class MeetingMinutesCollection : ICollectionFixture<MeetingMinutesHostFixture>
{
    public const string Name = "Rapid Review minutes on a host of their own";
}
