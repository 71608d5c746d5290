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
    public const string DocxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

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
            return read == 5 && head.SequenceEqual("%PDF-"u8)
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

    /// <summary>The file's own name without any folder part or control characters, at most 100 characters.</summary>
    public static string SafeFileName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0) name = "document";
        return name.Length > 100 ? name[..50] + "…" + name[^49..] : name;
    }
}
