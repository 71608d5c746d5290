using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Csp.Storage.Internal;

namespace Csp.Storage.Tables;

/// <summary>
/// The <c>$batch</c> wire format of entity-group transactions: a multipart/mixed batch holding one
/// changeset whose parts are HTTP requests, and the mirror-image response.
/// </summary>
internal static class TableBatchFormat
{
    /// <summary>One operation's response; <see cref="Body"/> is kept only for failures.</summary>
    internal sealed record Part(int Status, string? ETag, int? ContentId, byte[] Body);

    private static readonly byte[] HttpStatusPrefix = "HTTP/1.1 "u8.ToArray();

    public static void WriteRequest(
        PooledBufferWriter buffer, string batchBoundary, string endpoint, string table, IReadOnlyList<TableTransactionAction> actions)
    {
        var changeset = "changeset_" + Guid.NewGuid().ToString("D");
        buffer.Write("--");
        buffer.Write(batchBoundary);
        buffer.Write("\r\nContent-Type: multipart/mixed; boundary=");
        buffer.Write(changeset);
        buffer.Write("\r\n\r\n"u8);
        var tablePath = "/" + table;
        Span<char> digits = stackalloc char[12];
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            var entity = action.Entity;
            var (method, withKeys, hasBody, ifMatch) = action.ActionType switch
            {
                TableTransactionActionType.Add => ("POST ", false, true, null),
                TableTransactionActionType.UpdateMerge => ("PATCH ", true, true, action.ETag ?? "*"),
                TableTransactionActionType.UpdateReplace => ("PUT ", true, true, action.ETag ?? "*"),
                TableTransactionActionType.UpsertMerge => ("PATCH ", true, true, null),
                TableTransactionActionType.UpsertReplace => ("PUT ", true, true, null),
                TableTransactionActionType.Delete => ("DELETE ", true, false, action.ETag ?? "*"),
                _ => throw new ArgumentOutOfRangeException(nameof(actions), action.ActionType, "Unknown transaction action type."),
            };
            buffer.Write("--");
            buffer.Write(changeset);
            buffer.Write("\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: "u8);
            (i + 1).TryFormat(digits, out var n, default, CultureInfo.InvariantCulture);
            buffer.Write(digits[..n]);
            buffer.Write("\r\n\r\n"u8);
            buffer.Write(method);
            buffer.Write(endpoint);
            buffer.Write(withKeys ? TableClient.EntityPath(tablePath, entity.PartitionKey, entity.RowKey) : tablePath);
            buffer.Write(" HTTP/1.1\r\nAccept: application/json;odata=nometadata\r\n"u8);
            if (hasBody) buffer.Write("Content-Type: application/json\r\n"u8);
            if (action.ActionType == TableTransactionActionType.Add) buffer.Write("Prefer: return-no-content\r\n"u8);
            buffer.Write("DataServiceVersion: 3.0;\r\n"u8);
            if (ifMatch is not null)
            {
                buffer.Write("If-Match: "u8);
                buffer.Write(ifMatch);
                buffer.Write("\r\n"u8);
            }
            buffer.Write("\r\n"u8);
            if (hasBody)
            {
                var w = TableEntityJson.RentWriter(buffer);
                TableEntityJson.WriteEntity(w, entity);
                w.Flush();
                buffer.Write("\r\n"u8);
            }
        }
        buffer.Write("--");
        buffer.Write(changeset);
        buffer.Write("--\r\n--");
        buffer.Write(batchBoundary);
        buffer.Write("--\r\n"u8);
    }

    /// <summary>The operation responses of a batch response, in order.</summary>
    public static List<Part> ParseResponse(ReadOnlySpan<byte> body)
    {
        ReadOnlySpan<byte> delimiter;
        var declared = body.IndexOf("boundary="u8);
        byte[] delimiterBytes;
        if (declared >= 0)
        {
            var rest = body[(declared + "boundary=".Length)..];
            var end = rest.IndexOfAny(" \t\r\n;"u8);
            var boundary = (end < 0 ? rest : rest[..end]).Trim((byte)'"');
            delimiterBytes = new byte[boundary.Length + 2];
            delimiterBytes[0] = delimiterBytes[1] = (byte)'-';
            boundary.CopyTo(delimiterBytes.AsSpan(2));
        }
        else
        {
            // No changeset: the batch part holds the (error) response directly.
            var trimmed = body.TrimStart("\r\n"u8);
            var lineEnd = trimmed.IndexOfAny("\r\n"u8);
            delimiterBytes = (lineEnd < 0 ? trimmed : trimmed[..lineEnd]).ToArray();
        }
        delimiter = delimiterBytes;

        var parts = new List<Part>();
        var first = body.IndexOf(delimiter);
        if (first < 0) return parts;
        var remaining = body[(first + delimiter.Length)..];
        while (!remaining.IsEmpty && !remaining.StartsWith("--"u8))
        {
            var next = remaining.IndexOf(delimiter);
            var segment = next < 0 ? remaining : remaining[..next];
            remaining = next < 0 ? default : remaining[(next + delimiter.Length)..];
            if (TryParsePart(segment, out var part)) parts.Add(part);
        }
        return parts;
    }

    private static bool TryParsePart(ReadOnlySpan<byte> segment, out Part part)
    {
        part = null!;
        var http = segment.IndexOf(HttpStatusPrefix);
        if (http < 0) return false;
        var rest = segment[(http + HttpStatusPrefix.Length)..];
        if (!Utf8Parser.TryParse(rest, out int status, out var consumed) || consumed != 3) return false;

        string? etag = null;
        int? contentId = null;
        var lineEnd = rest.IndexOf((byte)'\n');
        rest = lineEnd < 0 ? default : rest[(lineEnd + 1)..];
        while (!rest.IsEmpty)
        {
            lineEnd = rest.IndexOf((byte)'\n');
            var line = (lineEnd < 0 ? rest : rest[..lineEnd]).TrimEnd((byte)'\r');
            rest = lineEnd < 0 ? default : rest[(lineEnd + 1)..];
            if (line.IsEmpty) break;
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) continue;
            var name = line[..colon].Trim((byte)' ');
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "ETag"u8))
            {
                etag = Encoding.ASCII.GetString(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-ID"u8) && Utf8Parser.TryParse(value, out int id, out _))
            {
                contentId = id;
            }
        }
        part = new Part(status, etag, contentId, status >= 400 ? rest.Trim("\r\n "u8).ToArray() : []);
        return true;
    }

    /// <summary>
    /// The zero-based index of the failed operation: from the "index:" prefix of the error message,
    /// else from the part's Content-ID (we number operations from 1), else 0 for a single-operation batch.
    /// </summary>
    public static int FailedIndex(string? errorMessage, int? contentId, int actionCount)
    {
        if (errorMessage is not null)
        {
            var colon = errorMessage.IndexOf(':');
            if (colon > 0 &&
                int.TryParse(errorMessage.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var index) &&
                index < actionCount)
            {
                return index;
            }
        }
        if (contentId is { } id && id >= 1 && id <= actionCount) return id - 1;
        return actionCount == 1 ? 0 : -1;
    }
}
