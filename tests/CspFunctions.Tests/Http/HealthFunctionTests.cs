using System.Net;
using System.Net.Sockets;
using CspFunctions.Http;
using CspFunctions.Tests.Infrastructure;

namespace CspFunctions.Tests.Http;

/// <summary><c>GET /api/health</c> against real storage: Azurite answering, then an account nobody answers for.</summary>
public sealed class HealthFunctionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static async Task<FunctionResponse> HealthAsync(string connectionString)
    {
        await using var app = FunctionsApp.Create(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Csp:Storage:Mode"] = "Table",
        });
        await using var request = app.Request("GET", "/api/health");
        return await request.RunAsync(new HealthFunctions(app.Pipeline).Health);
    }

    [Fact]
    public async Task Health_StorageAnswers_Returns200Healthy()
    {
        var response = await HealthAsync(azurite.ConnectionString);

        Assert.Equal(200, response.Status);
        Assert.Equal("Healthy", response.Body);
    }

    [Fact]
    public async Task Health_StorageUnreachable_Returns503UnhealthyWithNothingElse()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var deadAccount = azurite.ConnectionString.Replace(azurite.Azurite.TableEndpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var response = await HealthAsync(deadAccount);

        Assert.Equal(503, response.Status);
        Assert.Equal("Unhealthy", response.Body);
    }
}
