using Csp.Workflow.Application;
using Csp.Workflow.Documents;

namespace Csp.Web.Links;

/// <summary>
/// The blank scoping template an agency downloads from its link: a Word document with the
/// incident's reference, the return date and one heading per question of the return form (the
/// same questions the form asks), with room to answer. It holds no personal details.
/// </summary>
public static class ScopingTemplate
{
    public const string ContentType = WordDocument.ContentType;

    public static byte[] Create(string reference, string? returnBy, IReadOnlyList<ActionField> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var document = new WordDocument("Rapid Review scoping template");
        document.Paragraph($"Incident {reference}");
        if (returnBy is not null) document.Paragraph($"Return it by: {returnBy}");
        document.Paragraph("Answer each question, then return this document through the secure link in the email you received. " +
                           "Do not email it: it will hold personal details.");
        foreach (var question in questions)
        {
            document.Heading(2, question.Label + (question.Required ? "" : " (if any)"));
            document.Space().Space();
        }
        return document.ToBytes();
    }
}
