using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Csp.Web.Http;

/// <summary>
/// Reads request bodies with a hard size limit, before any parsing: a declared length over the
/// limit is refused without reading, and a chunked body is cut off as soon as it passes the limit.
/// </summary>
public static class RequestBodies
{
    /// <summary>How deeply objects and lists may nest in a JSON body (ours nest three deep).</summary>
    public const int MaxDepth = 32;

    /// <summary>The outcome of reading a JSON body: the parsed document, or the problem to return.</summary>
    public readonly record struct JsonBody(JsonNode? Node, IResult? Problem);

    /// <summary>True for <c>application/json</c> and <c>application/*+json</c> (any charset parameter of UTF-8).</summary>
    public static bool IsJson(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media)) return false;
        var type = media.MediaType.Value ?? "";
        var json = type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        var charset = media.Charset.Value;
        return json && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Lowers the server's own limit for this request (where the server lets it be changed).</summary>
    public static void LimitTo(HttpContext context, long maxBytes)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = maxBytes;
    }

    /// <summary>
    /// Reads a JSON body of at most <paramref name="maxBytes"/>: 415 unless the content type is JSON,
    /// 413 when larger, 400 when empty, not well-formed JSON (with the line and position, never the
    /// content) or holding what no field can (see <see cref="JsonBodyCheck"/>).
    /// </summary>
    public static async Task<JsonBody> ReadJsonAsync(HttpContext context, int maxBytes)
    {
        var request = context.Request;
        if (request.ContentLength > maxBytes) return new(null, Problems.TooLarge(maxBytes));
        if (!IsJson(request)) return new(null, Problems.UnsupportedMediaType());
        LimitTo(context, maxBytes);

        var bytes = await ReadBoundedAsync(request.Body, maxBytes, context.RequestAborted);
        if (bytes is null) return new(null, Problems.TooLarge(maxBytes));
        if (bytes.Length == 0 || bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
            return new(null, Problems.BadRequest("The request body is empty. Send a JSON object."));
        if (JsonBodyCheck.Check(bytes, MaxDepth) is { } errors)
            return new(null, Problems.Validation(errors, "The body has a field that cannot be read"));
        try
        {
            return new(JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth }), null);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : "";
            return new(null, Problems.BadRequest($"The request body is not well-formed JSON{where}.", "The body is not valid JSON"));
        }
    }

    /// <summary>Reads a JSON object body (see <see cref="ReadJsonAsync"/>); anything but an object is a 400.</summary>
    public static async Task<(JsonObject? Body, IResult? Problem)> ReadJsonObjectAsync(HttpContext context, int maxBytes, string what)
    {
        var (node, problem) = await ReadJsonAsync(context, maxBytes);
        if (problem is not null) return (null, problem);
        return node is JsonObject body ? (body, null) : (null, Problems.BadRequest($"The body must be a JSON object: {what}."));
    }

    /// <summary>The whole stream, or null as soon as it passes <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadBoundedAsync(Stream body, int maxBytes, CancellationToken cancellation)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, 16 * 1024));
        try
        {
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (total > maxBytes) return null;
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, total).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                int read;
                try
                {
                    read = await body.ReadAsync(buffer.AsMemory(total), cancellation);
                }
                catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    return null;
                }
                if (read == 0) break;
                total += read;
                if (total > maxBytes) return null;
            }
            return buffer.AsSpan(0, total).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
