using Azure.Core;
using Azure.Core.Pipeline;
using Csp.Storage.Internal;

namespace Csp.Storage.Tests.Pipeline;

/// <summary>
/// Shared Key canonical strings and signatures against known examples. The expected signatures were
/// computed independently with <c>openssl dgst -sha256 -mac HMAC</c> over the expected string and the
/// emulator's well-known key.
/// </summary>
public sealed class SharedKeySigningTests
{
    private const string Key = StorageAccount.DevelopmentAccountKey;
    private const string Date = "Fri, 26 Jun 2015 23:39:12 GMT";

    [Fact]
    public void BlobStringToSign_DocumentationExample_MatchesExactly()
    {
        // The example of "Authorize with Shared Key" (Blob service, version 2015-02-21).
        var headers = new Dictionary<string, string> { ["x-ms-version"] = "2015-02-21", ["x-ms-date"] = Date };

        var stringToSign = SharedKeySigning.BlobStringToSign(
            "GET", name => headers.GetValueOrDefault(name), headers, 0, "myaccount",
            "/mycontainer", "?restype=container&comp=metadata&timeout=20");

        Assert.Equal(
            "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-version:2015-02-21\n" +
            "/myaccount/mycontainer\ncomp:metadata\nrestype:container\ntimeout:20",
            stringToSign);
        Assert.Equal("1u9lui2jDxj0+fpbHjQ5m5NnastJRSYM+PSmfi8TXx4=", new SharedKeyCredential("myaccount", Key).ComputeSignature(stringToSign));
    }

    [Fact]
    public async Task BlobSharedKeyPolicy_PutBlockWithConditionsAndMetadata_SendsKnownSignature()
    {
        var handler = new CapturingHandler();
        var pipeline = new HttpPipeline(
            new HttpClientTransport(new HttpClient(handler)),
            [new BlobSharedKeyPolicy(new SharedKeyCredential("myaccount", Key))]);
        using var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Put;
        message.Request.Uri.Reset(new Uri("https://myaccount.blob.core.windows.net/mycontainer/my%20blob.txt?comp=block&blockid=YmxvY2stMQ%3D%3D"));
        message.Request.Headers.SetValue("x-ms-version", "2023-11-03");
        message.Request.Headers.SetValue("x-ms-date", Date);
        message.Request.Headers.SetValue("X-MS-Meta-Owner", "  csp ");
        message.Request.Headers.SetValue("If-Match", "\"0x8D\"");
        message.Request.Headers.SetValue("Content-MD5", "XrY7u+Ae7tCTyyK7j1rNww==");
        message.Request.Content = RequestContent.Create("hello world"u8.ToArray());

        await pipeline.SendAsync(message, CancellationToken.None);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("SharedKey myaccount:oG1t1oTZGHQ1+pR7mhCbfHDG+/0ObQ3mZ86M4Nt41G4=", sent.Headers.Authorization?.ToString());
    }

    [Fact]
    public void TableStringToSign_SharedKey_SignsVerbContentTypeDateAndResourceOnly()
    {
        var stringToSign = SharedKeySigning.TableStringToSign(
            "POST", null, "application/json", Date, "myaccount", "/mytable", "?$filter=x%20eq%201&timeout=5");

        Assert.Equal("POST\n\napplication/json\nFri, 26 Jun 2015 23:39:12 GMT\n/myaccount/mytable", stringToSign);
        Assert.Equal("Oe/k7T7y97Ry6Az3PU2XKemki+R1QXnes3E1DhgOZYE=", new SharedKeyCredential("myaccount", Key).ComputeSignature(stringToSign));
    }

    [Fact]
    public void TableStringToSign_SharedKeyLite_SignsDateAndResource()
    {
        var stringToSign = SharedKeySigning.TableLiteStringToSign(Date, "myaccount", "/mytable", "");

        Assert.Equal("Fri, 26 Jun 2015 23:39:12 GMT\n/myaccount/mytable", stringToSign);
        Assert.Equal("MFVl0/Govh3H4YllM1/41rZb4iuRwbi8jsKv4uiFxBQ=", new SharedKeyCredential("myaccount", Key).ComputeSignature(stringToSign));
    }

    [Fact]
    public void TableStringToSign_CompParameter_IsTheOnlyQueryPartSigned()
    {
        var stringToSign = SharedKeySigning.TableStringToSign("GET", null, null, Date, "myaccount", "/mytable", "?timeout=30&comp=acl");

        Assert.EndsWith("\n/myaccount/mytable?comp=acl", stringToSign);
    }

    [Fact]
    public void BlobStringToSign_RepeatedQueryParameter_JoinsSortedValues()
    {
        var headers = new Dictionary<string, string>();

        var stringToSign = SharedKeySigning.BlobStringToSign(
            "GET", name => null, headers, 0, "a", "/c", "?include=snapshots&INCLUDE=metadata&comp=list");

        Assert.EndsWith("/a/c\ncomp:list\ninclude:metadata,snapshots", stringToSign);
    }
}
