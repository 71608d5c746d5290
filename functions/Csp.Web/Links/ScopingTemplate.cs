using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Csp.Workflow.Application;

namespace Csp.Web.Links;

/// <summary>
/// The blank scoping template an agency downloads from its link: a Word document with the
/// incident's reference, the return date and one heading per question of the return form (the
/// same questions the form asks), with room to answer. It holds no personal details.
/// </summary>
public static class ScopingTemplate
{
    public const string ContentType = DocumentChecks.DocxContentType;

    public static byte[] Create(string reference, string? returnBy, IReadOnlyList<ActionField> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            body.Append(Paragraph("Rapid Review scoping template", bold: true, size: 32));
            body.Append(Paragraph($"Incident {reference}"));
            if (returnBy is not null) body.Append(Paragraph($"Return it by: {returnBy}"));
            body.Append(Paragraph("Answer each question, then return this document through the secure link in the email you received. " +
                                  "Do not email it: it will hold personal details."));
            foreach (var question in questions)
            {
                body.Append(Paragraph(question.Label + (question.Required ? "" : " (if any)"), bold: true, size: 24));
                body.Append(Paragraph(""));
                body.Append(Paragraph(""));
            }
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static Paragraph Paragraph(string text, bool bold = false, int size = 22)
    {
        var properties = new RunProperties(new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (bold) properties.Append(new Bold());
        return new Paragraph(new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }
}
