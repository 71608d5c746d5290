using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Csp.Workflow.Documents;

/// <summary>
/// A Word document built paragraph by paragraph with Word's own styles (Title, Heading 1–3, List
/// Bullet, a bordered table), so headings appear in Word's navigation pane and to screen readers
/// and a business unit can edit the document as any other. Text is written as given: characters
/// XML cannot hold are dropped, line breaks are kept.
/// </summary>
public sealed class WordDocument
{
    /// <summary>The media type of a .docx file.</summary>
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public const string TitleStyle = "Title";
    public const string GuidanceStyle = "Guidance";
    public const string ListBulletStyle = "ListBullet";

    /// <summary>The style id of a heading level (1 to 3): Word's built-in "Heading1"… ids.</summary>
    public static string HeadingStyle(int level) => "Heading" + Math.Clamp(level, 1, 3).ToString(CultureInfo.InvariantCulture);

    private const int BulletNumberingId = 1;
    private readonly List<OpenXmlElement> _body = [];
    private readonly string _title;

    public WordDocument(string title)
    {
        _title = title;
        _body.Add(StyledParagraph(TitleStyle, title));
    }

    public WordDocument Heading(int level, string text)
    {
        _body.Add(StyledParagraph(HeadingStyle(level), text));
        return this;
    }

    /// <summary>A paragraph of body text; each line of <paramref name="text"/> stays a line.</summary>
    public WordDocument Paragraph(string text)
    {
        _body.Add(StyledParagraph(null, text));
        return this;
    }

    /// <summary>What to write in a section that has no content yet, in plain words, set apart in grey italics.</summary>
    public WordDocument Guidance(string text)
    {
        _body.Add(StyledParagraph(GuidanceStyle, text));
        return this;
    }

    /// <summary>An empty paragraph: room to write.</summary>
    public WordDocument Space()
    {
        _body.Add(new Paragraph());
        return this;
    }

    public WordDocument Bullets(IEnumerable<string> items)
    {
        foreach (var item in items) _body.Add(StyledParagraph(ListBulletStyle, item));
        return this;
    }

    /// <summary>A two-column table of labels and values (rows with no value are left out).</summary>
    public WordDocument Facts(IEnumerable<(string Label, string? Value)> rows)
    {
        var list = rows.Where(r => !string.IsNullOrWhiteSpace(r.Value)).ToList();
        if (list.Count == 0) return this;
        var table = new Table(
            new TableProperties(new TableStyle { Val = "TableGrid" }, new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }),
            new TableGrid(new GridColumn { Width = "3000" }, new GridColumn { Width = "6000" }));
        foreach (var (label, value) in list)
        {
            table.Append(new TableRow(
                Cell(new Paragraph(new Run(new RunProperties(new Bold()), TextOf(label))), "1700"),
                Cell(Lines(value!), "3300")));
        }
        _body.Add(table);
        _body.Add(new Paragraph());
        return this;
    }

    /// <summary>A table with a header row.</summary>
    public WordDocument Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var width = (5000 / Math.Max(1, headers.Count)).ToString(CultureInfo.InvariantCulture);
        var grid = new TableGrid();
        foreach (var _ in headers) grid.Append(new GridColumn { Width = (9000 / Math.Max(1, headers.Count)).ToString(CultureInfo.InvariantCulture) });
        var table = new Table(
            new TableProperties(new TableStyle { Val = "TableGrid" }, new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }),
            grid);
        var header = new TableRow(new TableRowProperties(new TableHeader()));
        foreach (var h in headers) header.Append(Cell(new Paragraph(new Run(new RunProperties(new Bold()), TextOf(h))), width));
        table.Append(header);
        foreach (var row in rows)
        {
            var tr = new TableRow();
            for (var i = 0; i < headers.Count; i++) tr.Append(Cell(Lines(i < row.Count ? row[i] : ""), width));
            table.Append(tr);
        }
        _body.Add(table);
        _body.Add(new Paragraph());
        return this;
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = Clean(_title);
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = Styles();
            var numbering = main.AddNewPart<NumberingDefinitionsPart>();
            numbering.Numbering = Numbering();
            var body = new Body(_body.Select(e => e.CloneNode(true)));
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1134, Right = 1134U, Bottom = 1134, Left = 1134U, Header = 708U, Footer = 708U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    // ---------------------------------------------------------------- parts

    private static Paragraph StyledParagraph(string? style, string text)
    {
        var paragraph = new Paragraph();
        if (style is not null) paragraph.Append(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        AppendLines(paragraph, text);
        return paragraph;
    }

    private static Paragraph Lines(string text)
    {
        var paragraph = new Paragraph();
        AppendLines(paragraph, text);
        return paragraph;
    }

    private static void AppendLines(Paragraph paragraph, string text)
    {
        var lines = Clean(text).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var run = new Run();
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) run.Append(new Break());
            run.Append(TextOf(lines[i]));
        }
        paragraph.Append(run);
    }

    private static Text TextOf(string text) => new(Clean(text)) { Space = SpaceProcessingModeValues.Preserve };

    private static TableCell Cell(Paragraph content, string widthFiftieths) =>
        new(new TableCellProperties(new TableCellWidth { Width = widthFiftieths, Type = TableWidthUnitValues.Pct }), content);

    /// <summary>Only characters XML 1.0 allows (tabs and line breaks included); anything else would make the file unreadable.</summary>
    private static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }
            if (c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)) builder.Append(c);
        }
        return builder.ToString();
    }

    private static Styles Styles()
    {
        var styles = new Styles(new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = "Arial", HighAnsi = "Arial", ComplexScript = "Arial", EastAsia = "Arial" },
                new FontSize { Val = "22" }, new FontSizeComplexScript { Val = "22" },
                new Languages { Val = "en-GB" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "120", Line = "276", LineRule = LineSpacingRuleValues.Auto }))));

        styles.Append(new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true });
        styles.Append(ParagraphStyle(TitleStyle, "Title", size: 40, spaceBefore: 0, spaceAfter: 240, outline: null));
        styles.Append(ParagraphStyle(HeadingStyle(1), "heading 1", size: 32, spaceBefore: 360, spaceAfter: 120, outline: 0));
        styles.Append(ParagraphStyle(HeadingStyle(2), "heading 2", size: 28, spaceBefore: 240, spaceAfter: 120, outline: 1));
        styles.Append(ParagraphStyle(HeadingStyle(3), "heading 3", size: 24, spaceBefore: 200, spaceAfter: 80, outline: 2));

        styles.Append(new Style(
            new StyleName { Val = GuidanceStyle },
            new BasedOn { Val = "Normal" },
            new PrimaryStyle(),
            new StyleRunProperties(new Italic(), new Color { Val = "505A5F" }))
        { Type = StyleValues.Paragraph, StyleId = GuidanceStyle, CustomStyle = true });

        styles.Append(new Style(
            new StyleName { Val = "List Bullet" },
            new BasedOn { Val = "Normal" },
            new PrimaryStyle(),
            new StyleParagraphProperties(new NumberingProperties(new NumberingId { Val = BulletNumberingId })))
        { Type = StyleValues.Paragraph, StyleId = ListBulletStyle });

        var border = (BorderType b) => { b.Val = BorderValues.Single; b.Size = 4U; b.Space = 0U; b.Color = "B1B4B6"; return b; };
        styles.Append(new Style(
            new StyleName { Val = "Table Grid" },
            new BasedOn { Val = "TableNormal" },
            new StyleTableProperties(new TableBorders(
                border(new TopBorder()), border(new LeftBorder()), border(new BottomBorder()), border(new RightBorder()),
                border(new InsideHorizontalBorder()), border(new InsideVerticalBorder())),
                new TableCellMarginDefault(
                    new TopMargin { Width = "60", Type = TableWidthUnitValues.Dxa },
                    new TableCellLeftMargin { Width = 100, Type = TableWidthValues.Dxa },
                    new BottomMargin { Width = "60", Type = TableWidthUnitValues.Dxa },
                    new TableCellRightMargin { Width = 100, Type = TableWidthValues.Dxa })))
        { Type = StyleValues.Table, StyleId = "TableGrid" });
        styles.Append(new Style(new StyleName { Val = "Normal Table" }, new UIPriority { Val = 99 }, new SemiHidden(), new UnhideWhenUsed(),
            new StyleTableProperties(new TableIndentation { Width = 0, Type = TableWidthUnitValues.Dxa }))
        { Type = StyleValues.Table, StyleId = "TableNormal", Default = true });
        return styles;
    }

    private static Style ParagraphStyle(string id, string name, int size, int spaceBefore, int spaceAfter, int? outline)
    {
        var paragraph = new StyleParagraphProperties
        {
            KeepNext = new KeepNext(),
            SpacingBetweenLines = new SpacingBetweenLines
            {
                Before = spaceBefore.ToString(CultureInfo.InvariantCulture),
                After = spaceAfter.ToString(CultureInfo.InvariantCulture),
            },
        };
        if (outline is { } level) paragraph.OutlineLevel = new OutlineLevel { Val = level };
        return new Style(
            new StyleName { Val = name },
            new BasedOn { Val = "Normal" },
            new NextParagraphStyle { Val = "Normal" },
            new PrimaryStyle(),
            paragraph,
            new StyleRunProperties(new Bold(), new FontSize { Val = (size).ToString(CultureInfo.InvariantCulture) }, new FontSizeComplexScript { Val = size.ToString(CultureInfo.InvariantCulture) }))
        { Type = StyleValues.Paragraph, StyleId = id };
    }

    private static Numbering Numbering() => new(
        new AbstractNum(
            new MultiLevelType { Val = MultiLevelValues.SingleLevel },
            new Level(
                new StartNumberingValue { Val = 1 },
                new NumberingFormat { Val = NumberFormatValues.Bullet },
                new LevelText { Val = "\u2022" },
                new LevelJustification { Val = LevelJustificationValues.Left },
                new PreviousParagraphProperties(new Indentation { Left = "720", Hanging = "360" }))
            { LevelIndex = 0 })
        { AbstractNumberId = 0 },
        new NumberingInstance(new AbstractNumId { Val = 0 }) { NumberID = BulletNumberingId });
}
