using System.Text.Json;
using System.Xml;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Csp.Storage.Internal;

/// <summary>
/// What a Table or Blob service client shares with the clients it creates: one pipeline (retries,
/// auth, timeouts), the endpoint, and the translation of failures into typed exceptions.
/// </summary>
internal sealed class StorageServiceCore
{
    public const string TableServiceVersion = "2019-02-02";
    public const string BlobServiceVersion = "2023-11-03";

    public StorageServiceCore(HttpPipeline pipeline, Uri endpoint, string accountName, StorageClientOptions options, bool isTable)
    {
        Pipeline = pipeline;
        Endpoint = endpoint;
        AccountName = accountName;
        Options = options;
        IsTable = isTable;
        // Absolute URL prefix without a trailing slash; used inside $batch bodies.
        EndpointText = endpoint.AbsoluteUri.TrimEnd('/');
    }

    public HttpPipeline Pipeline { get; }
    public Uri Endpoint { get; }
    public string EndpointText { get; }
    public string AccountName { get; }
    public StorageClientOptions Options { get; }
    public bool IsTable { get; }

    /// <summary>A message for <paramref name="method"/> on the endpoint plus <paramref name="path"/> (already escaped).</summary>
    public HttpMessage CreateMessage(RequestMethod method, string path)
    {
        var message = Pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(Endpoint);
        if (path.Length > 0) request.Uri.AppendPath(path, escape: false);
        return message;
    }

    /// <summary>
    /// Sends through the pipeline. Cancellation by the caller surfaces as
    /// <see cref="OperationCanceledException"/>; a failure with no response after all retries
    /// (connection refused, timeouts) as <see cref="StorageRequestException"/> with status 0.
    /// </summary>
    public async ValueTask<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await Pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or OperationCanceledException or IOException)
        {
            var inner = ex is AggregateException { InnerExceptions.Count: > 0 } agg ? agg.InnerExceptions[^1] : ex;
            throw new StorageRequestException(
                $"{message.Request.Method} {Describe(message.Request)} got no response after {Options.Retry.MaxRetries + 1} attempt(s): {inner.Message}",
                0, errorCode: null, requestId: null, ex);
        }
        return message.Response;
    }

    /// <summary>
    /// The typed exception for a failed response: <see cref="StorageConcurrencyException"/> for 409
    /// and 412, <see cref="StorageRequestException"/> otherwise.
    /// </summary>
    public StorageRequestException CreateException(HttpMessage message)
    {
        var response = message.Response;
        var (code, detail) = ReadError(response);
        var requestId = response.Headers.TryGetValue("x-ms-request-id", out var rid) ? rid : null;
        var text = $"{message.Request.Method} {Describe(message.Request)} failed with {response.Status} {response.ReasonPhrase}"
                   + (code is null ? "" : $" ({code})")
                   + (detail is null ? "" : $": {detail}")
                   + (requestId is null ? "" : $" [x-ms-request-id {requestId}]");
        return response.Status is 409 or 412
            ? new StorageConcurrencyException(text, response.Status, code, requestId)
            : new StorageRequestException(text, response.Status, code, requestId);
    }

    /// <summary>
    /// As <see cref="CreateException"/> for a response that was not buffered (downloads): reads the
    /// small error body asynchronously first instead of blocking on the network stream.
    /// </summary>
    public async ValueTask<StorageRequestException> CreateExceptionAsync(HttpMessage message, CancellationToken ct)
    {
        var response = message.Response;
        if (response.ContentStream is { } stream and not MemoryStream)
        {
            var copy = new MemoryStream();
            try
            {
                await stream.CopyToAsync(copy, ct).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The status and headers are still reported.
            }
            copy.Position = 0;
            response.ContentStream = copy;
        }
        return CreateException(message);
    }

    /// <summary>The error code and first line of the message from the header or the JSON/XML body.</summary>
    public static (string? Code, string? Message) ReadError(Response response)
    {
        string? code = response.Headers.TryGetValue("x-ms-error-code", out var headerCode) ? headerCode : null;
        string? message = null;
        try
        {
            var body = ReadBody(response);
            if (body.Length > 0)
            {
                var (bodyCode, bodyMessage) = ParseErrorBody(body.Span);
                code ??= bodyCode;
                message = bodyMessage;
            }
        }
        catch (Exception ex) when (ex is JsonException or XmlException or IOException or InvalidOperationException or NotSupportedException)
        {
            // The status and header code are still reported; an unreadable error body adds nothing.
        }
        return (code, message);
    }

    /// <summary>Parses <c>{"odata.error":{"code","message":{"value"}}}</c> or <c>&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;</c>.</summary>
    public static (string? Code, string? Message) ParseErrorBody(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n\uFEFF"u8);
        if (trimmed.Length > 3 && trimmed[0] == 0xEF && trimmed[1] == 0xBB && trimmed[2] == 0xBF) trimmed = trimmed[3..];
        if (trimmed.IsEmpty) return (null, null);
        if (trimmed[0] == (byte)'{')
        {
            using var doc = JsonDocument.Parse(trimmed.ToArray());
            var root = doc.RootElement;
            if (root.TryGetProperty("odata.error", out var err) || root.TryGetProperty("error", out err)) root = err;
            string? code = root.TryGetProperty("code", out var c) ? c.GetString() : null;
            string? msg = null;
            if (root.TryGetProperty("message", out var m))
            {
                msg = m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString()
                    : m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            }
            return (code, FirstLine(msg));
        }
        if (trimmed[0] == (byte)'<')
        {
            using var reader = XmlReader.Create(new MemoryStream(trimmed.ToArray()), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            string? code = null, msg = null;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element) continue;
                if (reader.LocalName == "Code") code = reader.ReadElementContentAsString();
                else if (reader.LocalName is "Message" or "message") msg = reader.ReadElementContentAsString();
            }
            return (code, FirstLine(msg));
        }
        return (null, null);
    }

    private static ReadOnlyMemory<byte> ReadBody(Response response)
    {
        var stream = response.ContentStream;
        if (stream is null) return ReadOnlyMemory<byte>.Empty;
        if (stream is MemoryStream ms && ms.TryGetBuffer(out var segment)) return segment;
        // Streaming responses (downloads): error bodies are small.
        using var copy = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while (copy.Length < 65536 && (read = stream.Read(buffer, 0, buffer.Length)) > 0) copy.Write(buffer, 0, read);
        return copy.ToArray();
    }

    private static string? FirstLine(string? text)
    {
        if (text is null) return null;
        var nl = text.IndexOf('\n');
        return (nl < 0 ? text : text[..nl]).Trim();
    }

    private static string Describe(Request request) => request.Uri.Path;
}
