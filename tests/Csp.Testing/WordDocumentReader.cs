using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Csp.Testing;

/// <summary>
/// A .docx the product wrote, opened with the OpenXml SDK as a reader would open it: the
/// validator's findings, the headings in order (by Word's heading styles), every paragraph's text
/// (tables included) and any text that looks like an unfilled placeholder.
/// </summary>
public sealed partial class WordDocumentReader
{
    private WordDocumentReader(IReadOnlyList<string> errors, IReadOnlyList<(int Level, string Text)> headings,
        IReadOnlyList<(string? Style, string Text)> paragraphs, string? title)
    {
        ValidationErrors = errors;
        Headings = headings;
        Paragraphs = paragraphs;
        Title = title;
    }

    /// <summary>What <see cref="OpenXmlValidator"/> reports (description, part and path of each error); empty for a valid document.</summary>
    public IReadOnlyList<string> ValidationErrors { get; }

    /// <summary>Every paragraph styled Heading1..Heading9, in document order.</summary>
    public IReadOnlyList<(int Level, string Text)> Headings { get; }

    /// <summary>Every paragraph in the body (inside tables too) with its style id.</summary>
    public IReadOnlyList<(string? Style, string Text)> Paragraphs { get; }

    /// <summary>The package's title property.</summary>
    public string? Title { get; }

    public string Text => string.Join("\n", Paragraphs.Select(p => p.Text));

    public static WordDocumentReader Open(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        using var document = WordprocessingDocument.Open(stream, false);
        var errors = new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Microsoft365).Validate(document)
            .Select(e => $"{e.Description} ({e.Part?.Uri} {e.Path?.XPath})").ToList();
        var body = document.MainDocumentPart?.Document?.Body ?? throw new InvalidDataException("The document has no body.");
        var paragraphs = body.Descendants<Paragraph>().Select(p => (p.ParagraphProperties?.ParagraphStyleId?.Val?.Value, TextOf(p))).ToList();
        var headings = paragraphs
            .Where(p => p.Value is { } s && HeadingStyle().IsMatch(s))
            .Select(p => (int.Parse(p.Value![^1..], System.Globalization.CultureInfo.InvariantCulture), p.Item2)).ToList();
        return new WordDocumentReader(errors, headings, paragraphs, document.PackageProperties.Title);
    }

    /// <summary>Text a template engine or an unfinished draft would leave: {{…}}, [insert…], TODO, TBC, Lorem ipsum, XXX.</summary>
    public IReadOnlyList<string> Placeholders() => PlaceholderPattern().Matches(Text).Select(m => m.Value).ToList();

    private static string TextOf(Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            if (element is Text t) text.Append(t.Text);
            else if (element is Break) text.Append('\n');
        }
        return text.ToString();
    }

    [GeneratedRegex("^Heading[1-9]$")]
    private static partial Regex HeadingStyle();

    [GeneratedRegex(@"\{\{|\}\}|\{[A-Za-z_]+\}|\[(insert|enter|add)[^\]]*\]|\bTODO\b|\bTBC\b|\bTBD\b|lorem|ipsum|\bXXX\b|<[A-Za-z]+>", RegexOptions.IgnoreCase)]
    private static partial Regex PlaceholderPattern();
}
