using System.Reflection;
using System.Security.Cryptography;
using Csp.Web;
using CspFunctions.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CspFunctions.Tests.Settings;

/// <summary>
/// The Functions app as Azure starts it: its own builder and <c>AddCspFunctionsApp</c> over exactly
/// the app settings the compiled template writes (Key Vault references replaced by what the vault
/// would hold), with scope and build validation on; start-up validation runs, and every function
/// class and every options type resolves. Then with one reference left unresolved.
/// </summary>
public sealed class StartUpTests
{
    /// <summary>What each secret would hold once set (README "Deploying to Azure").</summary>
    private static readonly Dictionary<string, string> Secrets = new(StringComparer.Ordinal)
    {
        ["ApiKeys"] = "referral-system-key-0123456789abcdef",
        ["SendGridApiKey"] = "SG.sample-key",
        ["SendGridWebhookPublicKey"] = Convert.ToBase64String(ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfo()),
        ["NotifyApiKey"] = "csp_live-" + new string('0', 36) + "-" + new string('1', 36),
        ["NotifyCallbackToken"] = "notify-callback-token-0123456789abcdef",
    };

    public static TheoryData<string, string> Choices()
    {
        var data = new TheoryData<string, string>();
        foreach (var (email, calendar) in DeployedSettings.Choices) data.Add(email, calendar);
        return data;
    }

    [Theory]
    [MemberData(nameof(Choices))]
    public async Task FunctionsApp_WithTheSettingsTheTemplateWrites_StartsAndResolvesEveryFunctionAndOption(string emailProvider, string calendarProvider)
    {
        var settings = Resolved(await DeployedSettings.ForAsync(emailProvider, calendarProvider));
        using var host = Build(settings, new CapturedLog());

        // ValidateOnStart: what the host checks before any function runs.
        host.Services.GetService<IStartupValidator>()?.Validate();
        using var scope = host.Services.CreateScope();
        var functions = typeof(CspFunctions.Http.CspWebPipeline).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null)).ToList();
        Assert.True(functions.Count >= 10, "the app's function classes were found");
        foreach (var type in functions) Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
        var options = OptionTypes();
        Assert.Contains(typeof(Csp.Integrations.Mail.EmailOptions), options);
        foreach (var type in options) Assert.NotNull(Value(host.Services, type));

        // The deployed key is a referral key; the partnership has no people yet and that is not a failure.
        Assert.Equal([Secrets["ApiKeys"]], host.Services.GetRequiredService<IOptions<CspWebOptions>>().Value.ParsedApiKeys());
        Assert.False(host.Services.GetRequiredService<IOptions<Csp.Workflow.Configuration.PartnershipOptions>>().Value.IsConfigured);
    }

    [Fact]
    public async Task FunctionsApp_NotifyApiKeyReferenceUnresolved_StartUpRefusesNamingTheSetting()
    {
        var settings = Resolved(await DeployedSettings.ForAsync("Notify", "Ics"), leaveUnresolved: "Csp__Email__Notify__ApiKey");
        var log = new CapturedLog();
        using var host = Build(settings, log);

        var refused = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Csp:Email:Notify:ApiKey is required", refused.Message, StringComparison.Ordinal);
        Assert.Contains(log.Lines, l => l.Contains("Csp__Email__Notify__ApiKey", StringComparison.Ordinal) && l.Contains("did not resolve", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FunctionsApp_ApiKeysReferenceUnresolved_StartsWithNoReferralKey()
    {
        var settings = Resolved(await DeployedSettings.ForAsync(), leaveUnresolved: "Csp__ApiKeys");
        var log = new CapturedLog();
        using var host = Build(settings, log);

        host.Services.GetService<IStartupValidator>()?.Validate();

        Assert.Empty(host.Services.GetRequiredService<IOptions<CspWebOptions>>().Value.ParsedApiKeys());
        Assert.False(host.Services.GetRequiredService<Csp.Web.Auth.ApiKeys>().IsValid(settings["Csp__ApiKeys"]));
        Assert.Contains(log.Lines, l => l.Contains("Csp__ApiKeys", StringComparison.Ordinal) && l.Contains("did not resolve", StringComparison.Ordinal));
    }

    /// <summary>The settings with each Key Vault reference replaced by its secret, but one.</summary>
    private static Dictionary<string, string> Resolved(IReadOnlyDictionary<string, string> deployed, string? leaveUnresolved = null)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in deployed)
        {
            if (value.StartsWith(DeployedSettings.KeyVaultReferencePrefix, StringComparison.Ordinal) && name != leaveUnresolved)
            {
                var secret = value[(value.LastIndexOf('/') + 1)..^1];
                Assert.True(Secrets.TryGetValue(secret, out var resolved), $"a sample value for the secret {secret}");
                settings[name] = resolved;
            }
            else settings[name] = value;
        }
        if (leaveUnresolved is not null) Assert.StartsWith(DeployedSettings.KeyVaultReferencePrefix, settings[leaveUnresolved], StringComparison.Ordinal);
        return settings;
    }

    /// <summary>The app's builder and registrations; app settings arrive as environment variables do (<c>__</c> is <c>:</c>).</summary>
    private static IHost Build(IReadOnlyDictionary<string, string> settings, CapturedLog log)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.ConfigureFunctionsWebApplication();
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
        builder.Configuration.AddInMemoryCollection(settings.ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)s.Value));
        builder.Logging.AddProvider(log);
        builder.Services.AddCspFunctionsApp(builder.Configuration);
        return builder.Build();
    }

    /// <summary>Every options type AddCspFunctionsApp configures (the service's own and the frameworks' it sets).</summary>
    private static List<Type> OptionTypes()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddCspFunctionsApp(new ConfigurationBuilder().Build());
        return services.Select(d => d.ServiceType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
            .Select(t => t.GetGenericArguments()[0])
            .Distinct().ToList();
    }

    private static object? Value(IServiceProvider services, Type type) =>
        typeof(IOptions<>).MakeGenericType(type).GetProperty(nameof(IOptions<object>.Value))!.GetValue(services.GetRequiredService(typeof(IOptions<>).MakeGenericType(type)));
}
