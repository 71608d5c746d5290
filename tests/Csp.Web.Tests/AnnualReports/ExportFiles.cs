using System.IO.Compression;
using System.Text;
using Microsoft.VisualBasic.FileIO;

namespace Csp.Web.Tests.AnnualReports;

/// <summary>Reading the export back as a user's tools would: CSV with .NET's RFC 4180 parser, zip entries by name.</summary>
public static class ExportFiles
{
    /// <summary>A CSV file's rows (header first), after checking the UTF-8 byte order mark and CRLF line ends.</summary>
    public static List<string[]> ParseCsv(byte[] bytes)
    {
        Assert.True(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "The CSV starts with a UTF-8 byte order mark.");
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.EndsWith("\r\n", text);
        using var parser = new TextFieldParser(new StringReader(text))
        {
            TextFieldType = FieldType.Delimited,
            HasFieldsEnclosedInQuotes = true,
            TrimWhiteSpace = false,
        };
        parser.SetDelimiters(",");
        var rows = new List<string[]>();
        while (!parser.EndOfData) rows.Add(parser.ReadFields()!);
        return rows;
    }

    public static Dictionary<string, byte[]> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    /// <summary>The rows of a parsed CSV as dictionaries keyed by the header.</summary>
    public static List<Dictionary<string, string>> Records(List<string[]> rows) =>
        rows.Skip(1).Select(r => rows[0].Select((h, i) => (h, v: r[i])).ToDictionary(x => x.h, x => x.v)).ToList();
}
