namespace Csp.Storage.Tests;

public sealed class StorageAccountTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public void Parse_DevelopmentStorage_UsesEmulatorAccountAndPorts()
    {
        var account = StorageAccount.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", account.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), account.TableEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), account.BlobEndpoint);
        Assert.True(account.UsesSharedKey);
    }

    [Fact]
    public void Parse_AccountWithEndpointSuffix_BuildsServiceEndpoints()
    {
        var account = StorageAccount.Parse(
            $"DefaultEndpointsProtocol=https;AccountName=cspprod;AccountKey={Key};EndpointSuffix=core.usgovcloudapi.net");

        Assert.Equal("cspprod", account.AccountName);
        Assert.Equal(new Uri("https://cspprod.table.core.usgovcloudapi.net"), account.TableEndpoint);
        Assert.Equal(new Uri("https://cspprod.blob.core.usgovcloudapi.net"), account.BlobEndpoint);
    }

    [Fact]
    public void Parse_AccountWithoutSuffixOrProtocol_DefaultsToHttpsAndPublicCloud()
    {
        var account = StorageAccount.Parse($"AccountName=cspprod;AccountKey={Key}");

        Assert.Equal(new Uri("https://cspprod.table.core.windows.net"), account.TableEndpoint);
        Assert.Equal(new Uri("https://cspprod.blob.core.windows.net"), account.BlobEndpoint);
    }

    [Fact]
    public void Parse_ExplicitEndpoints_OverrideSuffixAndKeepPath()
    {
        var account = StorageAccount.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};" +
            "BlobEndpoint=http://127.0.0.1:41234/devstoreaccount1/;TableEndpoint=http://127.0.0.1:41236/devstoreaccount1;");

        Assert.Equal(new Uri("http://127.0.0.1:41236/devstoreaccount1"), account.TableEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:41234/devstoreaccount1"), account.BlobEndpoint);
    }

    [Fact]
    public void Parse_KeysAreCaseInsensitiveAndWhitespaceTolerant()
    {
        var account = StorageAccount.Parse($" accountname = cspprod ; ACCOUNTKEY={Key} ;");

        Assert.Equal("cspprod", account.AccountName);
    }

    [Theory]
    [InlineData("AccountKey=abc=", "AccountName")]
    [InlineData("AccountName=cspprod", "AccountKey")]
    [InlineData("AccountName=cspprod;SharedAccessSignature=sv=2020", "SharedAccessSignature")]
    [InlineData("AccountName=cspprod;AccountKey=abc=;DefaultEndpointsProtocol=ftp", "DefaultEndpointsProtocol")]
    [InlineData("AccountName=cspprod;AccountKey=abc=;BlobEndpoint=not a uri", "BlobEndpoint")]
    [InlineData("garbage", "Name=Value")]
    public void Parse_InvalidString_ThrowsFormatExceptionNamingTheProblem(string connectionString, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => StorageAccount.Parse(connectionString));

        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Parse_InvalidKey_DoesNotEchoTheKey()
    {
        var ex = Assert.Throws<FormatException>(() => StorageAccount.Parse("AccountName=a1;AccountKey=not!base64secret"));

        Assert.DoesNotContain("not!base64secret", ex.Message);
    }

    [Fact]
    public void FromTokenCredential_TakesAccountNameFromHost()
    {
        var account = StorageAccount.FromTokenCredential(
            new Uri("https://cspprod.table.core.windows.net/"), new Uri("https://cspprod.blob.core.windows.net/"),
            new FakeTokenCredential());

        Assert.Equal("cspprod", account.AccountName);
        Assert.False(account.UsesSharedKey);
        Assert.Equal(new Uri("https://cspprod.table.core.windows.net"), account.TableEndpoint);
    }
}
