using System.Net;
using System.Text;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// The Rapid Review invitations as the panel reads them (the local calendar: emails with invite.ics):
/// the time in GOV.UK words, a moved meeting naming its old time and why, one arranged again after a
/// cancellation reading as an invitation; and the development mailbox opening the invite.ics itself.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class InvitationJourneyTests(LocalHostFixture fixture)
{
    private const string Nurse = "health.panel@partnership.example";
    private readonly JourneyClient _client = fixture.Client;

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    private static string Prose(DateOnly d) => d.ToString("dddd d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));

    [Fact]
    public async Task Invitations_MovedThenCancelledAndArrangedAgain_SayTheOldTimeAndWhy_AndTheMailboxOpensInviteIcs()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(_client);
        await IncidentJourneys.ReturnAndAcceptAllAsync(_client, id, requests);
        var today = await _client.TodayAsync();
        var first = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(today, 2);
        var second = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(today, 3);
        await _client.ActAsync(id, "schedule-rapid-review-meeting", "business-unit", new { startsAt = Iso(first) + "T10:00", durationMinutes = 120, location = "Online" });

        var invitation = (await _client.WaitForMailAsync(m => m.To.Contains(Nurse) && m.Subject == $"Invitation: Rapid Review meeting: {id}")).Single();
        Assert.Contains($"When: {Prose(first)}, 10am to 12pm (UK time)", await _client.MessageTextAsync(invitation.Id));

        // The development mailbox lists invite.ics as a link that downloads it.
        using var http = fixture.Host.Client();
        var page = await (await http.GetAsync("/dev/mailbox/" + Uri.EscapeDataString(invitation.Id))).Content.ReadAsStringAsync();
        var href = $"/dev/mailbox/{Uri.EscapeDataString(invitation.Id)}/attachments/0";
        Assert.Contains($"href=\"{href}\"", page);
        var ics = await http.GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", ics.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("invite.ics", ics.Content.Headers.ContentDisposition?.FileNameStar ?? ics.Content.Headers.ContentDisposition?.FileName);
        var calendar = Encoding.UTF8.GetString(await ics.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("BEGIN:VCALENDAR", calendar);
        Assert.Contains("METHOD:REQUEST", calendar);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/dev/mailbox/{Uri.EscapeDataString(invitation.Id)}/attachments/1")).StatusCode);

        // Moved: the update names the old time and the reason.
        await _client.ActAsync(id, "reschedule-rapid-review-meeting", "business-unit",
            new { startsAt = Iso(second) + "T14:30", durationMinutes = 90, location = "Online", reason = "The police member is in court" });
        var moved = (await _client.WaitForMailAsync(m => m.To.Contains(Nurse) && m.Subject == $"Updated invitation: Rapid Review meeting: {id}")).Single();
        var movedText = await _client.MessageTextAsync(moved.Id);
        Assert.Contains($"The meeting has moved from {Prose(first)} at 10am to {Prose(second)} at 2:30pm: The police member is in court.", movedText);
        Assert.Contains($"When: {Prose(second)}, 2:30pm to 4pm (UK time)", movedText);

        // Cancelled, then arranged again: that one is an invitation, not an update.
        await _client.ActAsync(id, "cancel-rapid-review-meeting", "business-unit", new { reason = "The chair is unwell." });
        await _client.WaitForMailAsync(m => m.To.Contains(Nurse) && m.Subject == $"Cancelled: Rapid Review meeting: {id}");
        await _client.ActAsync(id, "schedule-rapid-review-meeting", "business-unit", new { startsAt = Iso(second) + "T10:00", durationMinutes = 60, location = "Online" });
        var again = await _client.WaitForMailAsync(m => m.To.Contains(Nurse) && m.Subject == $"Invitation: Rapid Review meeting: {id}", count: 2);
        Assert.Equal(2, again.Count);
        Assert.Single(await _client.MailboxAsync(id), m => m.To.Contains(Nurse) && m.Subject.StartsWith("Updated invitation", StringComparison.Ordinal));
    }
}
