using System.Text.Json;
using System.Text.RegularExpressions;
using Csp.Storage;
using CspFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CspFunctions.Tests.Settings;

/// <summary>
/// The settings the Functions app reads, the ones <c>local.settings.sample.json</c> offers and the
/// app settings <c>infra/</c> deploys, held to one list: the app's registrations are run over a
/// configuration that records every key asked for, and each file's names must be among them.
/// </summary>
public sealed partial class AppSettingsTests
{
    /// <summary>Read by the Functions host or the platform, not by the app's code.</summary>
    private static readonly HashSet<string> HostSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        "FUNCTIONS_WORKER_RUNTIME",
        "AzureWebJobsDisableHomepage",
        // The host's own storage connection with managed identity (the app reads accountName and clientId itself).
        "AzureWebJobsStorage__credential",
        // The host's Application Insights authentication; the worker's exporter signs in with AZURE_CLIENT_ID.
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    };

    /// <summary>The one settings file serves the local host too; these only its embedded engine reads.</summary>
    private static readonly HashSet<string> LocalHostSettings = new(StringComparer.OrdinalIgnoreCase) { "Csp__Durable__MaxDeferredTurns", "Csp__Durable__TaskHub" };

    /// <summary>Settings host.json names as <c>%Setting%</c> (the Durable Functions task hub): the host reads them.</summary>
    private static readonly HashSet<string> HostJsonSettings = ReadHostJsonSettings();

    private static bool ReadByHost(string setting) => HostSettings.Contains(setting) || HostJsonSettings.Contains(setting);

    [Fact]
    public void LocalSettingsSample_EverySetting_IsReadByTheAppOrTheHost()
    {
        var sample = ReadSample();
        var read = KeysReadBy(sample);

        Assert.Equal("dotnet-isolated", sample["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Contains("CSP_TASK_HUB", HostJsonSettings);
        var unread = sample.Keys.Where(k => !ReadByHost(k) && !LocalHostSettings.Contains(k) && !read.Contains(ConfigurationKey(k))).ToList();
        Assert.Empty(unread);
    }

    [Fact]
    public async Task InfraAppSettings_EverySetting_IsReadByTheAppOrTheHost()
    {
        var infra = await DeployedSettings.AllNamesAsync();
        // Values as they are in Azure where they matter for which keys get read: no connection
        // string, so the storage account's name and identity are looked up.
        var values = infra.ToDictionary(k => k, k => (string?)"x", StringComparer.OrdinalIgnoreCase);
        values["Csp__Development__Enabled"] = "false";
        values["Csp__Storage__Mode"] = "Table";
        values["CSP_TASK_HUB"] = "csp";
        values["AzureWebJobsStorage__accountName"] = "stexample";
        values["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000";
        var read = KeysReadBy(values);

        Assert.Contains("Csp__ApiKeys", infra);
        Assert.Contains("AzureWebJobsStorage__accountName", infra);
        var unread = infra.Where(k => !ReadByHost(k) && !read.Contains(ConfigurationKey(k))).ToList();
        Assert.Empty(unread);
    }

    [Fact]
    public async Task InfraAppSettings_EveryAppSettingOfTheSample_IsDeployedOrHasADefault()
    {
        var infra = await DeployedSettings.AllNamesAsync();
        // Deployed as the accountName form, or left at the app's default in Azure.
        var notDeployed = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME", "Csp__Durable__MaxDeferredTurns", "Csp__Durable__TaskHub", "Csp__Storage__TablePrefix",
            "Csp__Approvals__Approver", "Csp__Reminders__TimeOfDay", "Csp__Reminders__TimeZone",
            // Email and calendar settings with a default in the app, or that a partnership adds when it wants them.
            "Csp__Email__FromName", "Csp__Email__ReplyToAddress", "Csp__Email__MaxAttempts", "Csp__Email__MaxRetryDelaySeconds",
            "Csp__Email__SendGrid__Host", "Csp__Email__SendGrid__SandboxMode", "Csp__Email__SendGrid__WebhookMaxAgeMinutes",
            "Csp__Email__Notify__BaseUrl", "Csp__Email__Notify__ReplyToId",
            "Csp__Calendar__Graph__TenantId", "Csp__Calendar__Graph__ClientSecret", "Csp__Calendar__Graph__BaseUrl",
            "Csp__Calendar__Graph__TeamsMeetings", "Csp__Calendar__Graph__ResponsePollMinutes",
        };
        var missing = ReadSample().Keys.Where(k => !infra.Contains(k) && !notDeployed.Contains(k) && !k.StartsWith("Csp__Timescales__", StringComparison.Ordinal)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void AzureYaml_ApiService_IsTheFunctionsProject()
    {
        var yaml = File.ReadAllText(Repository.File("azure.yaml"));
        var project = ServiceProject().Match(yaml);

        Assert.True(project.Success, "azure.yaml names a project for the api service");
        Assert.True(File.Exists(Path.Combine(Repository.Root, project.Groups[1].Value, "CspFunctions.csproj")));
        Assert.Contains("host: function", yaml, StringComparison.Ordinal);
        Assert.Contains("language: dotnet", yaml, StringComparison.Ordinal);
        Assert.Contains("'azd-service-name': 'api'", File.ReadAllText(Repository.File("infra", "main.bicep")), StringComparison.Ordinal);
    }

    private static HashSet<string> ReadHostJsonSettings() =>
        HostJsonReference().Matches(File.ReadAllText(Repository.File("host.json"))).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static string ConfigurationKey(string setting) => setting.Replace("__", ":", StringComparison.Ordinal);

    private static Dictionary<string, string?> ReadSample()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Repository.File("local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Runs the app's registrations over <paramref name="settings"/>, binds every options class they
    /// register and creates the storage account, recording each configuration key looked up.
    /// </summary>
    private static HashSet<string> KeysReadBy(IReadOnlyDictionary<string, string?> settings)
    {
        var source = new RecordingSource(settings.ToDictionary(s => ConfigurationKey(s.Key), s => s.Value, StringComparer.OrdinalIgnoreCase));
        var configuration = new ConfigurationBuilder().Add(source).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddCspFunctionsApp(configuration);
        using var provider = services.BuildServiceProvider();

        var optionTypes = services.Select(d => d.ServiceType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
            .Select(t => t.GetGenericArguments()[0]).Distinct().ToList();
        Assert.NotEmpty(optionTypes);
        foreach (var type in optionTypes)
        {
            var options = typeof(IOptions<>).MakeGenericType(type);
            try
            {
                _ = options.GetProperty(nameof(IOptions<object>.Value))!.GetValue(provider.GetRequiredService(options));
            }
            catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is OptionsValidationException)
            {
                // Bound (and so read) before validation refused it: the partnership is not in these files.
            }
        }
        if (!string.Equals(settings.GetValueOrDefault("Csp__Storage__Mode"), "InMemory", StringComparison.OrdinalIgnoreCase))
            _ = provider.GetRequiredService<StorageAccount>();
        return source.Read;
    }

    private sealed class RecordingSource(Dictionary<string, string?> values) : IConfigurationSource
    {
        public HashSet<string> Read { get; } = new(StringComparer.OrdinalIgnoreCase);

        public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(this, values);

        private sealed class Provider(RecordingSource source, Dictionary<string, string?> values) : ConfigurationProvider
        {
            public override void Load() => Data = new Dictionary<string, string?>(values, StringComparer.OrdinalIgnoreCase);

            public override bool TryGet(string key, out string? value)
            {
                lock (source.Read) source.Read.Add(key);
                return base.TryGet(key, out value);
            }
        }
    }

    [GeneratedRegex(@"""%([A-Za-z0-9_]+)%""")]
    private static partial Regex HostJsonReference();

    [GeneratedRegex(@"project:\s*\./?(\S+)")]
    private static partial Regex ServiceProject();
}
