using System.IO.Compression;
using System.Net;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.EndToEnd;

/// <summary>
/// An agency can act on its scoping request from the link alone: the page gives the date to return
/// by, whom to ask, and a blank template to download; a resubmission request says what to add.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class AgencyScopingPageTests(LocalHostFixture fixture)
{
    private readonly JourneyClient _client = fixture.Client;

    [Fact]
    public async Task ScopingLink_ShowsReturnDateContactAndBlankTemplate_ResubmissionShowsTheGaps()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(_client);
        var police = requests.Single(r => r.To.Contains("police"));
        var link = police.LinkStartingWith("/s/")!;
        var page = await _client.OpenLinkAsync(link);
        var html = WebUtility.HtmlDecode(page.Html);
        var due = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(await _client.TodayAsync(), 5);
        Assert.Contains("The end of " + due.ToString("dddd d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB")), html);
        Assert.Contains("Questions about this request", html);
        Assert.Contains("@partnership.example", html);
        Assert.DoesNotContain("Fictionalchild", html); // the link alone shows no child details

        // The blank template: a Word document with the form's questions, downloaded without using the link up.
        var template = await page.Browser.GetAsync(new Uri(link).AbsolutePath + "/template");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", template.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", template.Content.Headers.ContentDisposition?.DispositionType);
        using (var zip = new ZipArchive(await template.Content.ReadAsStreamAsync()))
        {
            using var reader = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
            var xml = await reader.ReadToEndAsync();
            Assert.Contains("Your agency's involvement with the child and family", WebUtility.HtmlDecode(xml));
            Assert.Contains(id, xml);
        }
        Assert.Equal(HttpStatusCode.OK, (await _client.OpenLinkAsync(link)).Status);

        // Returned (by the agency, with the code), then asked to resubmit: the new link's page says what to add.
        page = await _client.ProveAsync(page, police.To, id);
        var (status, _) = await JourneyClient.SubmitLinkAsync(page, [("involvement", "Two call-outs."), ("completedBy", "DCI Example"), ("completedByRole", "Public protection")]);
        Assert.Equal(HttpStatusCode.OK, status);
        await _client.WaitForChoiceAsync(id, "request-scoping-resubmission", "agency", "Exampleshire Police Public Protection Unit");
        await _client.ActAsync(id, "request-scoping-resubmission", "business-unit", new { agency = "Exampleshire Police Public Protection Unit", gaps = "Add the dates of each call-out." });
        var again = (await _client.WaitForMailAsync(m => m.Subject == $"[{id}] Scoping return: please resubmit"))[0];
        var resubmit = WebUtility.HtmlDecode((await _client.OpenLinkAsync(again.LinkStartingWith("/s/")!)).Html);
        Assert.Contains("What the business unit asks you to add", resubmit);
        Assert.Contains("Add the dates of each call-out.", resubmit);
    }

    [Fact]
    public async Task ScopingReminder_CarriesANewLink_OnlyTheNewestWorks_NoStaffSiteLink()
    {
        var (id, requests) = await IncidentJourneys.ToScopingAsync(_client);
        var school = requests.Single(r => r.To.Contains("school"));
        var first = school.LinkStartingWith("/s/")!;
        Assert.DoesNotContain("/incidents/", await _client.MessageTextAsync(school.Id));

        // The working day before the due date, the reminder goes with a link of its own.
        await _client.AdvanceAsync(new { workingDays = 5 });
        var reminder = (await _client.WaitForMailAsync(m => m.Subject.Contains(id) && m.To.Contains("school") && m.Subject.StartsWith($"[{id}] Reminder", StringComparison.Ordinal)))[0];
        var newest = reminder.LinkStartingWith("/s/");
        Assert.NotNull(newest);
        Assert.NotEqual(first, newest);
        Assert.DoesNotContain("/incidents/", await _client.MessageTextAsync(reminder.Id));

        var old = await _client.OpenLinkAsync(first);
        Assert.Equal(HttpStatusCode.Gone, old.Status);
        Assert.Equal("A newer link was sent", JourneyClient.Heading(old.Html));
        var page = await _client.OpenLinkAsRecipientAsync(newest!);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var (status, _) = await JourneyClient.SubmitLinkAsync(page, [("involvement", "Attendance concerns."), ("completedBy", "DSL"), ("completedByRole", "Designated safeguarding lead")]);
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
