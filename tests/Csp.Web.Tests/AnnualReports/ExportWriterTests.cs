using System.Xml.Linq;
using Csp.Web.AnnualReports;
using Csp.Workflow.AnnualReports;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace Csp.Web.Tests.AnnualReports;

/// <summary>What people type (a rationale starting "=", quotes, commas, line breaks, control characters) survives the export safely.</summary>
public sealed class ExportWriterTests
{
    private static readonly string[] Hostile =
    [
        "=HYPERLINK(\"https://evil.example\",\"click\")", "+1+2", "-3", "@SUM(A1)", "\tindented", "plain, with a comma",
        "He said \"no\"", "two\r\nlines", "café ✓ 😀", "bell\u0007 and nul\u0000 dropped",
    ];

    private static ReportTable Table() => new("decisions", "Decisions", "Typed text.",
        [new("Rationale", ReportColumnType.Text), new("On", ReportColumnType.Date), new("Days", ReportColumnType.Number)],
        Hostile.Select((text, i) => (IReadOnlyList<object?>)new object?[] { text, new DateOnly(2025, 4, 1).AddDays(i), i - 1 }).ToList());

    [Fact]
    public void CsvWrite_TypedText_QuotedByRfc4180AndFormulasDefused()
    {
        var rows = ExportFiles.ParseCsv(CsvTableWriter.Write(Table()));

        Assert.Equal(["Rationale", "On", "Days"], rows[0]);
        Assert.Equal(Hostile.Length + 1, rows.Count);
        Assert.Equal("'=HYPERLINK(\"https://evil.example\",\"click\")", rows[1][0]);
        Assert.Equal("'+1+2", rows[2][0]);
        Assert.Equal("'-3", rows[3][0]);
        Assert.Equal("'@SUM(A1)", rows[4][0]);
        Assert.Equal("'\tindented", rows[5][0]);
        Assert.Equal("plain, with a comma", rows[6][0]);
        Assert.Equal("He said \"no\"", rows[7][0]);
        Assert.Equal("two\r\nlines", rows[8][0]);
        Assert.Equal("café ✓ 😀", rows[9][0]);
        Assert.Equal("2025-04-01", rows[1][1]);
        Assert.Equal("-1", rows[1][2]); // a number column is a number, not text to defuse
    }

    [Fact]
    public void XlsxWrite_TypedText_ValidWorkbookWithTextCellsAndNoFormulas()
    {
        var period = ReportPeriod.Create(new DateOnly(2025, 4, 1), new DateOnly(2026, 3, 31), new DateOnly(2025, 7, 1));
        var report = new AnnualReport(period, new DateOnly(2025, 7, 1), "Exampleshire", [], [], [], [], [], [], []);

        var bytes = XlsxWorkbookWriter.Write(report, [Table()]);

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var part = document.WorkbookPart!.WorksheetParts.Last();
        Assert.Empty(part.Worksheet.Descendants<CellFormula>());
        var cells = part.Worksheet.Descendants<Row>().Skip(1).Select(r => r.Elements<Cell>().First()).ToList();
        Assert.All(cells, c => Assert.Equal(CellValues.InlineString, c.DataType!.Value));
        Assert.Equal(Hostile[0], cells[0].InlineString!.InnerText); // text in a cell is never evaluated
        Assert.Equal("bell and nul dropped", cells[^1].InlineString!.InnerText);
        Assert.Equal("café ✓ 😀", cells[^2].InlineString!.InnerText);
    }

    [Fact]
    public void SvgRender_Figure_WellFormedImageWithTitleDescAndEscapedText()
    {
        var figure = new Figure("f", "Title <b>&", "Summary \"quoted\".", "Row",
            [new FigureSeries("Met", "Met <on time>"), new FigureSeries("MetLate", "Late")],
            [new FigureRow("a", "A label long enough to need wrapping onto a second line of the chart", [3, 2]), new FigureRow("b", "B", [0, 0])]);

        var svg = XElement.Parse(SvgBarChart.Render(figure));

        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("Title <b>&", svg.Element(ns + "title")!.Value);
        Assert.StartsWith("Summary \"quoted\".", svg.Element(ns + "desc")!.Value);
        Assert.DoesNotContain(svg.Descendants(), e => e.Attribute("style") is not null || e.Name.LocalName is "script" or "foreignObject");
        var segments = svg.Elements(ns + "rect").Where(r => r.Element(ns + "title") is not null).ToList();
        Assert.Equal(["A label long enough to need wrapping onto a second line of the chart, Met <on time>: 3", "A label long enough to need wrapping onto a second line of the chart, Late: 2"],
            segments.Select(s => s.Element(ns + "title")!.Value));
        // The longer segment is the wider one: bars are to scale.
        Assert.True((int)segments[0].Attribute("width")! > (int)segments[1].Attribute("width")!);
        Assert.True(svg.Elements(ns + "text").Count(t => t.Value.StartsWith("A label", StringComparison.Ordinal) || t.Value.Contains("second line", StringComparison.Ordinal)) >= 2, "a long label wraps");
    }
}
