using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Csp.Storage.Internal;

/// <summary>
/// Per-attempt headers every storage request needs: <c>x-ms-version</c> and a fresh <c>x-ms-date</c>
/// (signatures and token requests are checked against the clock, so each retry gets its own).
/// </summary>
internal sealed class StorageHeadersPolicy(string serviceVersion) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        message.Request.Headers.SetValue("x-ms-version", serviceVersion);
        message.Request.Headers.SetValue("x-ms-date", HttpDate.UtcNow());
    }
}

/// <summary>Signs Blob requests with <c>SharedKey</c>.</summary>
internal sealed class BlobSharedKeyPolicy(SharedKeyCredential credential) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        long length = 0;
        if (request.Content is { } content && content.TryComputeLength(out var computed)) length = computed;
        var stringToSign = SharedKeySigning.BlobStringToSign(
            request.Method.Method,
            name => request.Headers.TryGetValue(name, out var v) ? v : null,
            EnumerateHeaders(request),
            length,
            credential.AccountName,
            request.Uri.Path,
            request.Uri.Query);
        request.Headers.SetValue(
            HttpHeader.Names.Authorization,
            "SharedKey " + credential.AccountName + ":" + credential.ComputeSignature(stringToSign));
    }

    private static IEnumerable<KeyValuePair<string, string>> EnumerateHeaders(Request request)
    {
        foreach (var h in request.Headers) yield return new KeyValuePair<string, string>(h.Name, h.Value);
    }
}

/// <summary>Signs Table requests with <c>SharedKey</c> or <c>SharedKeyLite</c>.</summary>
internal sealed class TableSharedKeyPolicy(SharedKeyCredential credential, TableSharedKeyScheme scheme)
    : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        request.Headers.TryGetValue("x-ms-date", out var date);
        string stringToSign, prefix;
        if (scheme == TableSharedKeyScheme.SharedKeyLite)
        {
            stringToSign = SharedKeySigning.TableLiteStringToSign(
                date ?? "", credential.AccountName, request.Uri.Path, request.Uri.Query);
            prefix = "SharedKeyLite ";
        }
        else
        {
            request.Headers.TryGetValue("Content-MD5", out var md5);
            request.Headers.TryGetValue(HttpHeader.Names.ContentType, out var contentType);
            stringToSign = SharedKeySigning.TableStringToSign(
                request.Method.Method, md5, contentType, date ?? "", credential.AccountName,
                request.Uri.Path, request.Uri.Query);
            prefix = "SharedKey ";
        }
        request.Headers.SetValue(
            HttpHeader.Names.Authorization,
            prefix + credential.AccountName + ":" + credential.ComputeSignature(stringToSign));
    }
}

/// <summary>RFC 1123 dates, formatted once per second rather than once per request.</summary>
internal static class HttpDate
{
    private sealed record Cached(long Second, string Text);

    private static Cached s_cached = new(0, "");

    public static string UtcNow()
    {
        var now = DateTimeOffset.UtcNow;
        var second = now.ToUnixTimeSeconds();
        var cached = Volatile.Read(ref s_cached);
        if (cached.Second == second) return cached.Text;
        var text = now.ToString("R", CultureInfo.InvariantCulture);
        Volatile.Write(ref s_cached, new Cached(second, text));
        return text;
    }
}
