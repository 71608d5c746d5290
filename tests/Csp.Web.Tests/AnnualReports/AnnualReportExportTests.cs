using System.Net;
using System.Text.RegularExpressions;
using Csp.Web.Tests.Infrastructure;
using Csp.Workflow.Application;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace Csp.Web.Tests.AnnualReports;

/// <summary>
/// The inspection export of a simulated year, downloaded as staff would: the workbook opened with
/// the OpenXml SDK and validated, the CSV files parsed back, and the numbers in them equal to the
/// simulation's own report.
/// </summary>
[Collection(SimulatedYearCollection.Name)]
public sealed partial class AnnualReportExportTests(SimulatedYearFixture year)
{
    private static readonly string[] Sheets = ["About", "Incidents", "Deadlines", "Decisions", "Notifications", "Reviews published", "Action plans"];

    private async Task<HttpResponseMessage> GetAsync(string path, string role = "business-unit")
    {
        using var client = year.Host.Client();
        return await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path).AsDevUser("Inspection Officer", role));
    }

    private static void AssertAttachment(HttpResponseMessage response, string contentType, string fileName)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.True(response.Headers.CacheControl?.NoStore, "Downloads are never cached.");
    }

    [Fact]
    public async Task Workbook_SimulatedYear_IsValidWithEverySheetItsHeadersAndOneRowPerIncident()
    {
        using var response = await GetAsync("/reports/annual/workbook?" + SimulatedYearFixture.Period);
        AssertAttachment(response, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "annual-report-2025-01-06-to-2026-01-05.xlsx");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);

        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(Sheets, sheets.Select(s => s.Name!.Value));
        var rows = sheets.ToDictionary(s => s.Name!.Value!, s => ((WorksheetPart)workbook.GetPartById(s.Id!)).Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().ToList());

        Assert.Equal(
            ["Reference", "Referral received", "Incident date", "Local authority aware", "Stage now", "Outcome", "Decided by", "Decided on",
             "National Panel notified", "Scoping requested", "Rapid Review meeting", "Rapid Review report sent", "National Panel response",
             "Review completed", "Published", "Action plan agreed", "Closed", "Paused now"],
            rows["Incidents"][0].Elements<Cell>().Select(Text));
        Assert.Equal(["Reference", "Deadline", "Due", "Status", "Met or waived on", "Working days late", "Basis", "Revised timetable: expected by"], rows["Deadlines"][0].Elements<Cell>().Select(Text));
        Assert.Equal(["Reference", "Recorded at", "Who", "Decision", "Rationale"], rows["Decisions"][0].Elements<Cell>().Select(Text));
        Assert.Equal(["Reference", "Notification", "Sent on", "Sent by", "Recipients", "Recipient's reference"], rows["Notifications"][0].Elements<Cell>().Select(Text));
        Assert.Equal("Published on", Text(rows["Reviews published"][0].Elements<Cell>().ElementAt(1)));
        Assert.Equal("Recommendation", Text(rows["Action plans"][0].Elements<Cell>().ElementAt(1)));

        // One row per incident, by reference; every one of the simulated year's incidents is there.
        var incidents = rows["Incidents"].Skip(1).ToList();
        Assert.Equal(year.Report.Incidents, incidents.Count);
        var references = incidents.Select(r => Text(r.Elements<Cell>().First())).ToList();
        Assert.Equal(references.Count, references.Distinct().Count());
        Assert.All(references, r => Assert.Matches("^CSP-20(25|26)-[0-9]{4}$", r));

        // Dates are real dates: serial numbers in a cell styled with a date format.
        var received = incidents[0].Elements<Cell>().ElementAt(1);
        Assert.Null(received.DataType);
        var serial = double.Parse(received.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture);
        var date = DateOnly.FromDateTime(DateTime.FromOADate(serial));
        Assert.InRange(date, SimulatedYearFixture.From, SimulatedYearFixture.To);
        var format = (CellFormat)workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.ElementAt((int)received.StyleIndex!.Value);
        var code = workbook.WorkbookStylesPart.Stylesheet.NumberingFormats!.Elements<NumberingFormat>().Single(n => n.NumberFormatId!.Value == format.NumberFormatId!.Value).FormatCode!.Value;
        Assert.Equal("yyyy-mm-dd", code);

        // No child's name anywhere: the simulation names its children "Simulated ChildN".
        var allText = string.Join("\n", rows.Values.SelectMany(r => r).SelectMany(r => r.Elements<Cell>()).Select(Text));
        Assert.DoesNotMatch(ChildName(), allText);
        Assert.Contains("No child's name or date of birth is in this workbook.", allText);
    }

    [Fact]
    public async Task Csv_SimulatedYear_ParsesBackAndAgreesWithTheSimulationsOwnReport()
    {
        using var response = await GetAsync("/reports/annual/csv?" + SimulatedYearFixture.Period);
        AssertAttachment(response, "application/zip", "annual-report-2025-01-06-to-2026-01-05.zip");
        var files = ExportFiles.Unzip(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["incidents.csv", "deadlines.csv", "decisions.csv", "notifications.csv", "reviews-published.csv", "action-plans.csv"], files.Keys);

        var incidents = ExportFiles.Records(ExportFiles.ParseCsv(files["incidents.csv"]));
        Assert.Equal(year.Report.Incidents, incidents.Count);
        var byStage = incidents.GroupBy(i => i["Stage now"].Replace(" ", "", StringComparison.Ordinal), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(year.Report.ByStage.Count, byStage.Count);
        foreach (var (stage, count) in year.Report.ByStage) Assert.Equal(count, byStage[stage]);

        var deadlines = ExportFiles.Records(ExportFiles.ParseCsv(files["deadlines.csv"]));
        foreach (var (kind, met) in year.Report.DeadlinesMet)
            Assert.Equal(met, deadlines.Count(d => d["Deadline"] == DeadlineAssessor.Label(kind) && d["Status"] == "Met on time"));
        foreach (var (kind, missed) in year.Report.DeadlinesMissed)
            Assert.Equal(missed, deadlines.Count(d => d["Deadline"] == DeadlineAssessor.Label(kind) && d["Status"] is "Met late" or "Overdue, not met"));
        // Each deadline's basis names its due date and the rule it comes from.
        Assert.All(deadlines, d =>
        {
            var due = DateOnly.ParseExact(d["Due"], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Assert.StartsWith("Due ", d["Basis"]);
            Assert.True(d["Basis"].Contains(due.ToString("dddd d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB")), StringComparison.Ordinal) || d["Basis"].Contains(d["Due"], StringComparison.Ordinal), d["Basis"]);
            Assert.Matches("working days|calendar days|calendar months", d["Basis"]);
        });
        Assert.All(deadlines.Where(d => d["Status"] == "Met late"), d => Assert.True(int.Parse(d["Working days late"]) > 0));

        var decisions = ExportFiles.Records(ExportFiles.ParseCsv(files["decisions.csv"]));
        Assert.Contains(decisions, d => d["Decision"].StartsWith("Rapid Review decision", StringComparison.Ordinal) || d["Rationale"] == "Simulated rationale for the two tests.");
        Assert.All(decisions, d => Assert.Matches("^2025-|^2026-", d["Recorded at"]));
        var notifications = ExportFiles.Records(ExportFiles.ParseCsv(files["notifications.csv"]));
        var panel = notifications.Where(n => n["Notification"] == "National Panel notified of the incident").ToList();
        Assert.Equal(year.Report.DeadlinesMet["NationalPanelNotification"] + year.Report.DeadlinesMissed["NationalPanelNotification"], panel.Count);
        Assert.All(panel, n => { Assert.Equal("National Panel", n["Recipients"]); Assert.Matches("^NP-[0-9]{4}$", n["Recipient's reference"]); });
        // The Panel's reference recorded with each Rapid Review report sent.
        var reports = notifications.Where(n => n["Notification"] == "Rapid Review report sent to the National Panel").ToList();
        Assert.NotEmpty(reports);
        Assert.All(reports, n => Assert.Matches("^NP-SIM-[0-9]+$", n["Recipient's reference"]));

        var actions = ExportFiles.Records(ExportFiles.ParseCsv(files["action-plans.csv"]));
        Assert.Equal(year.Report.OpenActions, actions.Count(a => a["Status"] is "Open" or "Open, past its due date"));
        Assert.DoesNotMatch(ChildName(), string.Join("\n", files.Values.Select(System.Text.Encoding.UTF8.GetString)));
    }

    [Fact]
    public async Task Csv_OneTable_IsThatTableAloneAsAnAttachment()
    {
        using var response = await GetAsync("/reports/annual/csv?" + SimulatedYearFixture.Period + "&table=incidents", role: "read-only");
        AssertAttachment(response, "text/csv", "annual-report-2025-01-06-to-2026-01-05-incidents.csv");
        var rows = ExportFiles.ParseCsv(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("Reference", rows[0][0]);
        Assert.Equal(year.Report.Incidents + 1, rows.Count);
    }

    [Theory]
    [InlineData("from=2025-03-01&to=2025-02-01", "to")]
    [InlineData("from=2025-02-30&to=2025-03-01", "from")]
    [InlineData("from=2025-01-01", "to")]
    [InlineData("to=2025-01-01", "from")]
    [InlineData("from=2020-01-01&to=2025-01-01", "to")]
    [InlineData("from=2099-01-01&to=2099-02-01", "from")]
    [InlineData("from=2025-01-01&from=2025-02-01&to=2025-03-01", "from")]
    [InlineData("from=%3DSUM(A1)&to=2025-03-01", "from")]
    public async Task Downloads_InvalidPeriod_400ProblemNamingTheField(string query, string field)
    {
        foreach (var path in new[] { "/reports/annual/workbook?", "/reports/annual/csv?" })
        {
            using var response = await GetAsync(path + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(field, await response.ProblemFieldsAsync());
            Assert.Null(response.Content.Headers.ContentDisposition);
        }
    }

    [Fact]
    public async Task Csv_UnknownTable_400ProblemNamingTheTableField()
    {
        using var response = await GetAsync("/reports/annual/csv?" + SimulatedYearFixture.Period + "&table=children");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["table"], await response.ProblemFieldsAsync());
    }

    [Fact]
    public async Task Page_InvalidPeriod_400WithAnErrorSummaryAndNoReport()
    {
        using var response = await GetAsync("/reports/annual?from-day=31&from-month=2&from-year=2025&to-day=1&to-month=1&to-year=2025");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>Error: Annual report", html);
        Assert.Contains("The start of the period must be a real date", html);
        Assert.Contains("href=\"#from-day\"", html);
        Assert.DoesNotContain("<svg", html);
        Assert.Contains("value=\"31\"", html); // what was typed is shown again
    }

    [Fact]
    public async Task Downloads_NotSignedIn_RedirectToSignInAndSendNothing()
    {
        using var client = year.Host.Client();
        foreach (var path in new[] { "/reports/annual", "/reports/annual/workbook?" + SimulatedYearFixture.Period, "/reports/annual/csv?" + SimulatedYearFixture.Period })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/sign-in", response.Headers.Location?.OriginalString);
            Assert.Null(response.Content.Headers.ContentDisposition);
        }
    }

    private static string Text(Cell cell) => cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? "";

    [GeneratedRegex(@"\bChild[0-9]+\b")]
    private static partial Regex ChildName();
}
