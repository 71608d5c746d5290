using System.Text.Json;

namespace CspFunctions.Tests.Infrastructure;

/// <summary>
/// The Function App's app settings as the compiled template (<c>bicep build infra/main.bicep</c>)
/// writes them, for a choice of the partnership's <c>azd env</c> values.
/// </summary>
public static class DeployedSettings
{
    public const string KeyVaultUri = "https://kv-example.vault.azure.net/";
    public const string KeyVaultReferencePrefix = "@Microsoft.KeyVault(";

    /// <summary>Every combination of the choices that change which settings are written.</summary>
    public static readonly IReadOnlyList<(string Email, string Calendar)> Choices =
        [("Mailbox", "Ics"), ("SendGrid", "Ics"), ("Notify", "Graph")];

    public static async Task<IReadOnlyDictionary<string, string>> ForAsync(string emailProvider = "Mailbox", string calendarProvider = "Ics")
    {
        var api = Bicep.Module(await Bicep.MainTemplateAsync(), "api");
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = "func-api-example",
            ["storageAccountName"] = "stexample",
            ["identityClientId"] = "00000000-0000-0000-0000-0000000000c1",
            ["appInsightsConnectionString"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/",
            ["keyVaultUri"] = KeyVaultUri,
            ["publicBaseUrl"] = "",
            ["emailProvider"] = emailProvider,
            ["emailFromAddress"] = "",
            ["notifyTemplateId"] = "00000000-0000-0000-0000-00000000a0b1",
            ["calendarProvider"] = calendarProvider,
            ["calendarUser"] = "business.unit@exampleshire.example",
            ["taskHubName"] = "cspfunctions",
            ["authClientId"] = "00000000-0000-0000-0000-0000000000a1",
            ["authTenantId"] = "00000000-0000-0000-0000-0000000000e1",
        };
        var resource = api.GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("type").GetString() == "Microsoft.Web/sites/config" && r.GetProperty("name").GetString()!.Contains("'appsettings'", StringComparison.Ordinal));
        var settings = ArmExpression.Evaluate(resource.GetProperty("properties"), parameters) as IDictionary<string, object?>;
        Assert.NotNull(settings);
        return settings.ToDictionary(s => s.Key, s => s.Value as string ?? throw new InvalidOperationException($"{s.Key} is not a string"), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The names of every setting any choice writes.</summary>
    public static async Task<HashSet<string>> AllNamesAsync()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (email, calendar) in Choices) names.UnionWith((await ForAsync(email, calendar)).Keys);
        return names;
    }
}
