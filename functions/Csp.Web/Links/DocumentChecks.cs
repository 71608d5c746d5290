using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace Csp.Web.Links;

/// <summary>
/// Documents attached to a scoping return: PDF or Word (.docx) only, checked by their content as
/// well as their name (a renamed executable is refused), each within the size limit.
/// </summary>
public static class DocumentChecks
{
    public const string PdfContentType = "application/pdf";
    public const string DocxContentType = Csp.Workflow.Documents.WordDocument.ContentType;

    public sealed record CheckedDocument(IFormFile File, string FileName, string ContentType);

    /// <summary>The kind of document, or an error message in GOV.UK style.</summary>
    public static (CheckedDocument? Document, string? Error) Check(IFormFile file)
    {
        using var stream = file.OpenReadStream();
        var (name, contentType, error) = Check(file.FileName, file.Length, stream);
        return error is null ? (new CheckedDocument(file, name, contentType!), null) : (null, error);
    }

    /// <summary>The same checks on a file's name, length and content: its safe name, content type or error.</summary>
    public static (string Name, string? ContentType, string? Error) Check(string? fileName, long length, Stream stream)
    {
        var name = SafeFileName(fileName);
        if (length == 0) return (name, null, $"{name} is empty");
        if (length > RequestLimits.DocumentBytes)
            return (name, null, $"{name} must be smaller than {RequestLimits.DocumentBytes / (1024 * 1024)} MB");
        var extension = Path.GetExtension(name).ToLowerInvariant();
        Span<byte> head = stackalloc byte[5];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (extension == ".pdf")
        {
            stream.Position = 0;
            return LooksLikePdf(stream)
                ? (name, PdfContentType, null)
                : (name, null, $"{name} is not a PDF document");
        }
        if (extension == ".docx")
        {
            if (read < 4 || !head[..4].SequenceEqual("PK\u0003\u0004"u8)) return (name, null, $"{name} is not a Word (.docx) document");
            try
            {
                stream.Position = 0;
                using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
                return zip.GetEntry("word/document.xml") is null
                    ? (name, null, $"{name} is not a Word (.docx) document")
                    : (name, DocxContentType, null);
            }
            catch (InvalidDataException)
            {
                return (name, null, $"{name} is not a Word (.docx) document");
            }
        }
        return (name, null, $"{name} must be a PDF or Word (.docx) document");
    }

    /// <summary>
    /// A PDF starts with a version header (<c>%PDF-1.7</c>), ends with <c>%%EOF</c>, and has no
    /// markup where a browser looks to guess a type: a page of HTML with <c>%PDF-</c> in front is
    /// not a document to pass on to panel members.
    /// </summary>
    public static bool LooksLikePdf(Stream stream)
    {
        const int window = 1024;
        var head = new byte[window];
        var headLength = stream.ReadAtLeast(head, window, throwOnEndOfStream: false);
        var start = head.AsSpan(0, headLength);
        if (start.Length < 8 || !start.StartsWith("%PDF-"u8) || !char.IsAsciiDigit((char)start[5]) || start[6] != '.' || !char.IsAsciiDigit((char)start[7]))
            return false;
        var text = System.Text.Encoding.Latin1.GetString(start);
        foreach (var marker in Markup)
        {
            if (text.Contains(marker, StringComparison.OrdinalIgnoreCase)) return false;
        }
        var tail = new byte[window];
        var tailStart = Math.Max(0, stream.Length - window);
        stream.Position = tailStart;
        var tailLength = stream.ReadAtLeast(tail, (int)Math.Min(window, stream.Length), throwOnEndOfStream: false);
        return tail.AsSpan(0, tailLength).IndexOf("%%EOF"u8) >= 0;
    }

    private static readonly string[] Markup = ["<html", "<!doctype", "<script", "<body", "<head", "<svg", "<iframe", "<?xml-stylesheet"];

    /// <summary>The file's own name without any folder part or control characters, at most 100 characters.</summary>
    public static string SafeFileName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0) name = "document";
        return name.Length > 100 ? name[..50] + "…" + name[^49..] : name;
    }
}
