using System.Globalization;
using Csp.Storage.Internal;

namespace Csp.Storage.Tables;

/// <summary>
/// The <c>$batch</c> wire format of entity-group transactions: a multipart/mixed batch holding one
/// changeset whose parts are HTTP requests, and the mirror-image response.
/// </summary>
internal static class TableBatchFormat
{
    internal sealed record Part(int Status, string? ETag, int? ContentId, string Body);

    public static void WriteRequest(
        PooledBufferWriter buffer, string batchBoundary, string endpoint, string table, IReadOnlyList<TableTransactionAction> actions)
    {
        var changeset = "changeset_" + Guid.NewGuid().ToString("D");
        buffer.Write("--" + batchBoundary + "\r\nContent-Type: multipart/mixed; boundary=" + changeset + "\r\n\r\n");
        var tablePath = "/" + table;
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            var entity = action.Entity;
            var (method, withKeys, hasBody, ifMatch) = action.ActionType switch
            {
                TableTransactionActionType.Add => ("POST", false, true, null),
                TableTransactionActionType.UpdateMerge => ("PATCH", true, true, action.ETag ?? "*"),
                TableTransactionActionType.UpdateReplace => ("PUT", true, true, action.ETag ?? "*"),
                TableTransactionActionType.UpsertMerge => ("PATCH", true, true, null),
                TableTransactionActionType.UpsertReplace => ("PUT", true, true, null),
                TableTransactionActionType.Delete => ("DELETE", true, false, action.ETag ?? "*"),
                _ => throw new ArgumentOutOfRangeException(nameof(actions), action.ActionType, "Unknown transaction action type."),
            };
            var url = endpoint + (withKeys ? TableClient.EntityPath(tablePath, entity.PartitionKey, entity.RowKey) : tablePath);
            buffer.Write(
                "--" + changeset + "\r\n" +
                "Content-Type: application/http\r\n" +
                "Content-Transfer-Encoding: binary\r\n" +
                "Content-ID: " + (i + 1).ToString(CultureInfo.InvariantCulture) + "\r\n" +
                "\r\n" +
                method + " " + url + " HTTP/1.1\r\n" +
                "Accept: " + TableClient.NoMetadata + "\r\n" +
                (hasBody ? "Content-Type: application/json\r\n" : "") +
                (method == "POST" ? "Prefer: return-no-content\r\n" : "") +
                "DataServiceVersion: 3.0;\r\n" +
                (ifMatch is null ? "" : "If-Match: " + ifMatch + "\r\n") +
                "\r\n");
            if (hasBody)
            {
                var w = TableEntityJson.RentWriter(buffer);
                TableEntityJson.WriteEntity(w, entity);
                w.Flush();
                buffer.Write("\r\n"u8);
            }
        }
        buffer.Write("--" + changeset + "--\r\n--" + batchBoundary + "--\r\n");
    }

    /// <summary>The operation responses of a batch response, in order.</summary>
    public static List<Part> ParseResponse(ReadOnlySpan<byte> body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body);
        string delimiter;
        var declared = text.IndexOf("boundary=", StringComparison.OrdinalIgnoreCase);
        if (declared >= 0)
        {
            var start = declared + "boundary=".Length;
            var end = start;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != ';') end++;
            delimiter = "--" + text[start..end].Trim('"');
        }
        else
        {
            // No changeset: the batch part holds the (error) response directly.
            var firstLineEnd = text.IndexOf('\n');
            delimiter = (firstLineEnd < 0 ? text : text[..firstLineEnd]).Trim();
        }

        var parts = new List<Part>();
        var segments = text.Split(delimiter);
        for (var s = 1; s < segments.Length; s++)
        {
            var segment = segments[s];
            if (segment.StartsWith("--", StringComparison.Ordinal)) break;
            var http = segment.IndexOf("HTTP/1.1 ", StringComparison.Ordinal);
            if (http < 0) continue;
            var statusStart = http + "HTTP/1.1 ".Length;
            if (segment.Length < statusStart + 3 ||
                !int.TryParse(segment.AsSpan(statusStart, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                continue;
            }
            string? etag = null;
            int? contentId = null;
            var position = segment.IndexOf('\n', statusStart);
            var bodyStart = segment.Length;
            while (position >= 0 && position < segment.Length)
            {
                var lineEnd = segment.IndexOf('\n', position + 1);
                var line = (lineEnd < 0 ? segment[(position + 1)..] : segment[(position + 1)..lineEnd]).TrimEnd('\r');
                if (line.Length == 0)
                {
                    bodyStart = lineEnd < 0 ? segment.Length : lineEnd + 1;
                    break;
                }
                var colon = line.IndexOf(':');
                if (colon > 0)
                {
                    var name = line.AsSpan(0, colon).Trim();
                    var value = line.AsSpan(colon + 1).Trim();
                    if (name.Equals("ETag", StringComparison.OrdinalIgnoreCase)) etag = value.ToString();
                    else if (name.Equals("Content-ID", StringComparison.OrdinalIgnoreCase) &&
                             int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
                    {
                        contentId = id;
                    }
                }
                position = lineEnd;
            }
            parts.Add(new Part(status, etag, contentId, segment[bodyStart..].Trim()));
        }
        return parts;
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
