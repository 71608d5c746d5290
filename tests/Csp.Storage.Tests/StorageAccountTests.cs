using Azure.Core;
using Microsoft.Extensions.Configuration;

namespace Csp.Storage.Tests;

/// <summary>How the product finds its storage account: the names the Functions host uses.</summary>
public sealed class StorageAccountTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void FromConfiguration_DevelopmentStorage_IsTheEmulatorOnItsDefaultPorts()
    {
        var account = StorageAccount.FromConfiguration(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));

        Assert.True(account.IsEmulator);
        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1", account.Tables.Uri.ToString().TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", account.Blobs.Uri.ToString().TrimEnd('/'));
    }

    [Fact]
    public void FromConfiguration_AccountNameOnly_UsesManagedIdentityEndpointsInAzure()
    {
        var account = StorageAccount.FromConfiguration(
            Settings(("AzureWebJobsStorage:accountName", "cspprod"), ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001")),
            credential: new StaticToken());

        Assert.False(account.IsEmulator);
        Assert.Equal("https://cspprod.table.core.windows.net/", account.Tables.Uri.ToString());
        Assert.Equal("https://cspprod.blob.core.windows.net/", account.Blobs.Uri.ToString());
    }

    [Fact]
    public void FromConfiguration_ServiceUris_TakePrecedenceOverAccountName()
    {
        var account = StorageAccount.FromConfiguration(Settings(
                ("AzureWebJobsStorage:accountName", "ignored"),
                ("AzureWebJobsStorage:tableServiceUri", "https://tables.example.net/"),
                ("AzureWebJobsStorage:blobServiceUri", "https://blobs.example.net/")),
            credential: new StaticToken());

        Assert.Equal("tables.example.net", account.Tables.Uri.Host);
        Assert.Equal("blobs.example.net", account.Blobs.Uri.Host);
    }

    [Fact]
    public void FromConfiguration_NothingConfigured_SaysWhichSettingsToSet()
    {
        var ex = Assert.Throws<FormatException>(() => StorageAccount.FromConfiguration(Settings()));

        Assert.Contains("AzureWebJobsStorage", ex.Message);
        Assert.Contains("AzureWebJobsStorage__accountName", ex.Message);
    }

    [Fact]
    public void FromConfiguration_ServiceUriNotAnAddress_NamesTheSetting()
    {
        var ex = Assert.Throws<FormatException>(() => StorageAccount.FromConfiguration(
            Settings(("AzureWebJobsStorage:tableServiceUri", "tables"), ("AzureWebJobsStorage:blobServiceUri", "https://b.example.net")),
            credential: new StaticToken()));

        Assert.Contains("AzureWebJobsStorage__tableServiceUri", ex.Message);
    }

    [Fact]
    public void FromConnectionString_Malformed_ErrorNeverQuotesTheKey()
    {
        const string secret = "c2VjcmV0LWtleS1ub3QtdG8tYmUtbG9nZ2Vk";
        var ex = Assert.Throws<FormatException>(() => StorageAccount.FromConnectionString($"AccountKey={secret};Nonsense"));

        Assert.DoesNotContain(secret, ex.Message);
        Assert.Contains("AccountName", ex.Message);
    }

    private sealed class StaticToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
