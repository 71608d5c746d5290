using System.Globalization;
using System.IO.Compression;
using System.Text;
using Csp.Workflow.AnnualReports;

namespace Csp.Web.AnnualReports;

/// <summary>
/// A <see cref="ReportTable"/> as CSV (RFC 4180: comma-separated, CRLF line ends, fields with a
/// comma, quote or line break in double quotes, quotes doubled), UTF-8 with a byte order mark so
/// Excel reads the text as UTF-8. Dates are ISO (yyyy-MM-dd). A text cell that a spreadsheet would
/// take for a formula (starting = + - @, tab or carriage return) gets a leading apostrophe, so a
/// rationale someone typed never runs as a formula when the file is opened.
/// </summary>
public static class CsvTableWriter
{
    public const string ContentType = "text/csv; charset=utf-8";
    public const string ZipContentType = "application/zip";

    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    public static byte[] Write(ReportTable table)
    {
        using var buffer = new MemoryStream();
        Write(table, buffer);
        return buffer.ToArray();
    }

    public static void Write(ReportTable table, Stream output)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var writer = new StreamWriter(output, Utf8WithBom, bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        writer.WriteLine(string.Join(',', table.Columns.Select(c => Field(c.Header))));
        foreach (var row in table.Rows)
            writer.WriteLine(string.Join(',', row.Select((cell, i) => Field(Cell(cell, table.Columns[i].Type)))));
    }

    /// <summary>Every table as <c>{name}.csv</c> in one zip file.</summary>
    public static byte[] Zip(IEnumerable<ReportTable> tables)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var table in tables)
            {
                var entry = zip.CreateEntry(table.Name + ".csv", CompressionLevel.Optimal);
                using var stream = entry.Open();
                Write(table, stream);
            }
        }
        return buffer.ToArray();
    }

    private static string Cell(object? value, ReportColumnType type) => value switch
    {
        null => "",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        int number => number.ToString(CultureInfo.InvariantCulture),
        string text when type == ReportColumnType.Text => Guard(text),
        _ => Guard(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>OWASP's CSV injection advice: a cell starting with a formula trigger is prefixed with an apostrophe.</summary>
    public static string Guard(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
