using System.Net;
using Azure.Core.Pipeline;

namespace Csp.Storage.Tests.Pipeline;

public sealed class BearerTokenTests
{
    [Fact]
    public async Task TokenCredentialAccount_SendsBearerTokenForStorageScope_AndNoSharedKey()
    {
        var handler = new CapturingHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound));
        var credential = new FakeTokenCredential("token-123");
        var account = StorageAccount.FromTokenCredential(
            new Uri("https://cspprod.table.core.windows.net"), new Uri("https://cspprod.blob.core.windows.net"), credential);
        var options = new StorageClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) };

        var properties = await account.CreateBlobServiceClient(options)
            .GetBlobContainerClient("cases").GetBlobClient("a.json").GetPropertiesAsync();
        var entity = await account.CreateTableServiceClient(options)
            .GetTableClient("History").GetEntityAsync("pk", "rk");

        Assert.Null(properties);
        Assert.Null(entity);
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r =>
        {
            Assert.Equal("Bearer token-123", r.Headers.Authorization?.ToString());
            Assert.True(r.Headers.Contains("x-ms-date"));
            Assert.True(r.Headers.Contains("x-ms-version"));
        });
        Assert.All(credential.RequestedScopes, s => Assert.Equal(["https://storage.azure.com/.default"], s));
    }
}
