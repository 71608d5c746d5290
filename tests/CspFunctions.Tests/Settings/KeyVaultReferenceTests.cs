using Csp.Integrations.Mail;
using CspFunctions.Http;
using CspFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CspFunctions.Tests.Settings;

/// <summary>
/// A Key Vault reference the platform could not resolve stays in the app setting as its own text
/// (<c>@Microsoft.KeyVault(SecretUri=...)</c>). That text is never a key or a token: the feature is
/// off (or start-up refuses), and the log names the setting.
/// </summary>
public sealed class KeyVaultReferenceTests
{
    private const string ApiKeysReference = "@Microsoft.KeyVault(SecretUri=https://kv-example.vault.azure.net/secrets/ApiKeys)";
    private const string CallbackReference = "@Microsoft.KeyVault(SecretUri=https://kv-example.vault.azure.net/secrets/NotifyCallbackToken)";

    private static readonly string SampleReferral = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "referral.sample.json"));

    [Fact]
    public async Task ReferralApi_ApiKeysSettingIsAnUnresolvedReference_ItsTextIsNoKey_AndTheLogNamesTheSetting()
    {
        // The text anyone can guess from the template: it used to be accepted as a referral key.
        const string presented = ApiKeysReference;
        var log = new CapturedLog();
        await using var app = FunctionsApp.Create(new Dictionary<string, string?> { ["Csp:ApiKeys"] = ApiKeysReference },
            services => services.AddSingleton<ILoggerProvider>(log));

        await using var request = app.Request("POST", "/api/referrals").Header("x-functions-key", presented).Json(SampleReferral);
        var response = await request.RunAsync(r => new ReferralFunctions(app.Pipeline).SubmitReferral(r, app.Client.Object));

        Assert.Equal(401, response.Status);
        Assert.Empty(app.Scheduled);
        Assert.Contains(log.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Csp__ApiKeys", StringComparison.Ordinal)
            && l.Contains("did not resolve", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NotifyCallback_TokenSettingIsAnUnresolvedReference_CallbackIsOff_AndItsTextIsNoToken()
    {
        var log = new CapturedLog();
        await using var app = FunctionsApp.Create(new Dictionary<string, string?>
        {
            ["Csp:Email:Provider"] = "Notify",
            ["Csp:Email:Notify:ApiKey"] = "csp_test-" + new string('0', 36) + "-" + new string('1', 36),
            ["Csp:Email:Notify:Templates:Default"] = "00000000-0000-0000-0000-00000000a0b1",
            ["Csp:Email:Notify:CallbackBearerToken"] = CallbackReference,
        }, services => services.AddSingleton<ILoggerProvider>(log));
        Assert.Equal("", app.Services.GetRequiredService<IOptions<EmailOptions>>().Value.Notify.CallbackBearerToken);

        await using var request = app.Request("POST", "/api/email/events/notify").Header("Authorization", "Bearer " + CallbackReference)
            .Json("""{ "id": "740e5834-3a29-46b4-9a6f-16142fde533a", "reference": null, "status": "permanent-failure" }""");
        var response = await request.RunAsync(new EmailEventFunctions(app.Pipeline).NotifyDeliveryReceipts);

        Assert.Equal(404, response.Status);
        Assert.Contains(log.Lines, l => l.Contains("Csp__Email__Notify__CallbackBearerToken", StringComparison.Ordinal) && l.Contains("did not resolve", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartUp_RequiredSecretIsAnUnresolvedReference_RefusedWithTheSettingNamed()
    {
        var log = new CapturedLog();
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = FunctionsApp.Create(new Dictionary<string, string?>
            {
                ["Csp:Email:Provider"] = "SendGrid",
                ["Csp:Email:SendGrid:ApiKey"] = "@Microsoft.KeyVault(SecretUri=https://kv-example.vault.azure.net/secrets/SendGridApiKey)",
            }, services => services.AddSingleton<ILoggerProvider>(log));
            _ = app.Services.GetRequiredService<IOptions<EmailOptions>>().Value;
        });

        Assert.Contains("Csp:Email:SendGrid:ApiKey is required", refused.Message, StringComparison.Ordinal);
        Assert.Contains(log.Lines, l => l.Contains("Csp__Email__SendGrid__ApiKey", StringComparison.Ordinal) && l.Contains("did not resolve", StringComparison.Ordinal));
    }
}
