using System.Globalization;
using System.Text;
using Csp.Workflow.AnnualReports;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Csp.Web.AnnualReports;

/// <summary>
/// The inspection export as an .xlsx workbook (DocumentFormat.OpenXml): an "About" sheet naming the
/// period, then one sheet per <see cref="ReportTable"/> with a bold, frozen, filterable header row.
/// Dates are real dates (serial numbers with a date format), numbers are numbers, text is inline
/// text: a cell's value is never a formula, whatever someone typed.
/// </summary>
public static class XlsxWorkbookWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public const string AboutSheet = "About";

    /// <summary>Excel's limit on the characters in one cell.</summary>
    private const int MaxCellText = 32_767;

    private const uint HeaderStyle = 1;
    private const uint DateStyle = 2;
    private const uint DateTimeStyle = 3;
    private const uint WrapStyle = 4;

    public static byte[] Write(AnnualReport report, IReadOnlyList<ReportTable> tables)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            document.PackageProperties.Title = $"Annual report {report.Period}";
            document.PackageProperties.Creator = report.Partnership;
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Styles();
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());

            var about = new ReportTable(AboutSheet, AboutSheet, "", [new("Item", ReportColumnType.Text), new("Value", ReportColumnType.Text)], About(report, tables));
            uint sheetId = 1;
            foreach (var table in tables.Prepend(about))
            {
                var part = workbookPart.AddNewPart<WorksheetPart>();
                part.Worksheet = Sheet(table, sheetId == 1);
                sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = sheetId++, Name = SheetName(table.Title) });
            }
            workbookPart.Workbook.Save();
        }
        return buffer.ToArray();
    }

    private static List<IReadOnlyList<object?>> About(AnnualReport report, IReadOnlyList<ReportTable> tables)
    {
        var rows = new List<IReadOnlyList<object?>>
        {
            new object?[] { "Partnership", report.Partnership },
            new object?[] { "Period from", report.Period.From },
            new object?[] { "Period to", report.Period.To },
            new object?[] { "Figures as at", report.AsOf },
            new object?[] { "Incidents are named by reference only", "No child's name or date of birth is in this workbook." },
        };
        rows.AddRange(tables.Select(t => (IReadOnlyList<object?>)new object?[] { $"Sheet \"{t.Title}\" ({t.Rows.Count} rows)", t.Description }));
        return rows;
    }

    private static Worksheet Sheet(ReportTable table, bool selected)
    {
        var data = new SheetData();
        var header = new Row { RowIndex = 1 };
        for (var c = 0; c < table.Columns.Count; c++) header.Append(TextCell(Reference(c, 1), table.Columns[c].Header, HeaderStyle));
        data.Append(header);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var index = (uint)(r + 2);
            var row = new Row { RowIndex = index };
            for (var c = 0; c < table.Columns.Count; c++)
            {
                if (Cell(Reference(c, index), table.Rows[r][c], table.Columns[c].Type) is { } cell) row.Append(cell);
            }
            data.Append(row);
        }

        var columns = new Columns();
        for (var c = 0; c < table.Columns.Count; c++)
            columns.Append(new Column { Min = (uint)(c + 1), Max = (uint)(c + 1), Width = Width(table, c), CustomWidth = true });

        var last = Reference(table.Columns.Count - 1, (uint)(table.Rows.Count + 1));
        return new Worksheet(
            new SheetViews(new SheetView(
                new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
            { TabSelected = selected, WorkbookViewId = 0 }),
            columns,
            data,
            new AutoFilter { Reference = "A1:" + last });
    }

    private static Cell? Cell(string reference, object? value, ReportColumnType type) => value switch
    {
        null => null,
        DateOnly date => new Cell { CellReference = reference, StyleIndex = DateStyle, CellValue = new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture)) },
        DateTime time => new Cell { CellReference = reference, StyleIndex = DateTimeStyle, CellValue = new CellValue(time.ToOADate().ToString("R", CultureInfo.InvariantCulture)) },
        int number => new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(number) },
        _ => TextCell(reference, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", type == ReportColumnType.Text && Convert.ToString(value, CultureInfo.InvariantCulture)?.Length > 60 ? WrapStyle : 0),
    };

    private static Cell TextCell(string reference, string text, uint style)
    {
        var cell = new Cell
        {
            CellReference = reference,
            DataType = CellValues.InlineString,
            InlineString = new InlineString(new Text(XmlSafe(text)) { Space = SpaceProcessingModeValues.Preserve }),
        };
        if (style != 0) cell.StyleIndex = style;
        return cell;
    }

    /// <summary>Characters XML 1.0 cannot hold (other control characters, lone surrogates) are dropped; Excel's cell limit applies.</summary>
    private static string XmlSafe(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxCellText));
        for (var i = 0; i < text.Length && builder.Length < MaxCellText; i++)
        {
            var ch = text[i];
            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (builder.Length + 2 > MaxCellText) break;
                builder.Append(ch).Append(text[++i]);
            }
            else if (!char.IsSurrogate(ch) && (ch >= 0x20 || ch is '\t' or '\n' or '\r') && ch is not ('\uFFFE' or '\uFFFF'))
            {
                builder.Append(ch);
            }
        }
        return builder.ToString();
    }

    /// <summary>Wide enough for the header and typical values, capped so long text wraps instead.</summary>
    private static double Width(ReportTable table, int column)
    {
        var type = table.Columns[column].Type;
        if (type == ReportColumnType.Date) return Math.Max(12, table.Columns[column].Header.Length + 2);
        if (type == ReportColumnType.DateTime) return Math.Max(17, table.Columns[column].Header.Length + 2);
        var longest = table.Rows.Take(500).Select(r => Convert.ToString(r[column], CultureInfo.InvariantCulture)?.Length ?? 0).DefaultIfEmpty(0).Max();
        return Math.Clamp(Math.Max(longest, table.Columns[column].Header.Length) + 2, 8, 60);
    }

    /// <summary>Column index (0-based) and row number as an A1 reference.</summary>
    public static string Reference(int column, uint row)
    {
        var letters = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26) letters = (char)('A' + (n - 1) % 26) + letters;
        return letters + row.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Excel's sheet-name rules: at most 31 characters, none of : \ / ? * [ ].</summary>
    private static string SheetName(string title)
    {
        var name = new string(title.Where(c => c is not (':' or '\\' or '/' or '?' or '*' or '[' or ']')).ToArray());
        return name.Length > 31 ? name[..31] : name;
    }

    private static Stylesheet Styles() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "yyyy-mm-dd hh:mm" })
        { Count = 2 },
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Arial" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Arial" }))
        { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }))
        { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true },
            new CellFormat { NumberFormatId = 164, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyAlignment = true })
        { Count = 5 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
}
