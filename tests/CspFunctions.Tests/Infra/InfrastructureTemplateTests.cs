using System.Text.Json;
using System.Text.RegularExpressions;
using CspFunctions.Tests.Infrastructure;

namespace CspFunctions.Tests.Infra;

/// <summary>
/// What <c>azd up</c> provisions, read from the ARM JSON the served Bicep CLI compiles from
/// <c>infra/</c> (the Functions host and Azure cannot run here, so each platform fact the app
/// relies on is checked where it is decided: in the template).
/// </summary>
public sealed partial class InfrastructureTemplateTests
{
    [Fact]
    public async Task Bicep_BuildAndLint_PassWithNoWarnings()
    {
        _ = await Bicep.MainTemplateAsync();
        var (exitCode, log) = await Bicep.RunAsync("lint", Bicep.MainFile);
        Assert.True(exitCode == 0, "bicep lint failed:\n" + log);
        // Warnings count as errors: the linter says nothing about a clean template.
        Assert.True(log.Length == 0, "bicep lint reported:\n" + log);
    }

    [Fact]
    public async Task HostJson_BindingExpressions_ArePlainSettingsTheTemplateAndTheSampleWrite()
    {
        // The Functions host resolves %NAME% by the literal setting name; a name with __ or : is
        // never found, and the Durable extension then refuses the unresolved text as a hub name.
        var hostJson = await File.ReadAllTextAsync(Repository.File("host.json"));
        var names = BindingExpression().Matches(hostJson).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains("CSP_TASK_HUB", names);
        var sample = JsonDocument.Parse(await File.ReadAllTextAsync(Repository.File("local.settings.sample.json"))).RootElement.GetProperty("Values");

        foreach (var (email, calendar) in DeployedSettings.Choices)
        {
            var deployed = await DeployedSettings.ForAsync(email, calendar);
            foreach (var name in names)
            {
                Assert.Matches(PlainSettingName(), name);
                Assert.DoesNotContain("__", name, StringComparison.Ordinal);
                Assert.True(deployed.TryGetValue(name, out var value) && value.Length > 0, $"infra/ writes {name} (host.json's %{name}%)");
                Assert.True(sample.TryGetProperty(name, out var local) && local.GetString() is { Length: > 0 }, $"local.settings.sample.json has {name}");
            }
        }
        // The task hub a deployment names is the one host.json's hubName reads.
        Assert.Equal("cspfunctions", (await DeployedSettings.ForAsync())["CSP_TASK_HUB"]);
    }

    [Fact]
    public async Task AppServiceAuthentication_MicrosoftProviderWithClientIdAndTenant_LetsUnauthenticatedRequestsThrough()
    {
        var template = await Bicep.MainTemplateAsync();
        var api = Bicep.Module(template, "api");
        var auth = api.GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("type").GetString() == "Microsoft.Web/sites/config" && r.GetProperty("name").GetString()!.Contains("'authsettingsV2'", StringComparison.Ordinal));
        var parameters = new Dictionary<string, object?> { ["authClientId"] = "client-1", ["authTenantId"] = "tenant-1" };
        var properties = (IDictionary<string, object?>)ArmExpression.Evaluate(auth.GetProperty("properties"), parameters)!;

        Assert.Equal(true, Path(properties, "platform", "enabled"));
        // Links in emails, the referral API and /api/health work without sign-in; the app sends staff to sign in.
        Assert.Equal(false, Path(properties, "globalValidation", "requireAuthentication"));
        Assert.Equal("AllowAnonymous", Path(properties, "globalValidation", "unauthenticatedClientAction"));
        Assert.Equal(true, Path(properties, "identityProviders", "azureActiveDirectory", "enabled"));
        Assert.Equal("client-1", Path(properties, "identityProviders", "azureActiveDirectory", "registration", "clientId"));
        Assert.EndsWith("tenant-1/v2.0", (string)Path(properties, "identityProviders", "azureActiveDirectory", "registration", "openIdIssuer")!, StringComparison.Ordinal);
        // No client secret to keep: the ID token comes by the implicit flow.
        Assert.Null(Path(properties, "identityProviders", "azureActiveDirectory", "registration", "clientSecretSettingName"));

        // The client id and tenant are azd environment values, and the preprovision hook sets the client id.
        var parametersFile = await File.ReadAllTextAsync(Repository.File("infra", "main.parameters.json"));
        Assert.Contains("\"authClientId\": { \"value\": \"${AZURE_AUTH_CLIENT_ID=}\" }", parametersFile, StringComparison.Ordinal);
        Assert.True(template.GetProperty("parameters").TryGetProperty("authTenantId", out _));
        // The app trusts the platform (WEBSITE_AUTH_ENABLED), never a setting of its own.
        foreach (var name in await DeployedSettings.AllNamesAsync())
            Assert.False(name.StartsWith("Csp__Authentication__", StringComparison.OrdinalIgnoreCase), $"{name} would decide whether sign-in headers are trusted");
    }

    [Fact]
    public async Task AppRegistration_HookCreatesItWithTheFourRolesFromTheManifest()
    {
        var roles = JsonDocument.Parse(await File.ReadAllTextAsync(Repository.File("infra", "entra", "app-roles.json"))).RootElement;
        Assert.Equal(["business-unit", "chair", "scrutineer", "read-only"], roles.EnumerateArray().Select(r => r.GetProperty("value").GetString()!).ToArray());
        foreach (var role in roles.EnumerateArray())
        {
            Assert.True(System.Guid.TryParse(role.GetProperty("id").GetString(), out _));
            Assert.Equal(["User"], role.GetProperty("allowedMemberTypes").EnumerateArray().Select(t => t.GetString()!).ToArray());
            Assert.True(role.GetProperty("isEnabled").GetBoolean());
        }
        Assert.Equal(roles.GetArrayLength(), roles.EnumerateArray().Select(r => r.GetProperty("id").GetString()).Distinct().Count());

        var yaml = await File.ReadAllTextAsync(Repository.File("azure.yaml"));
        Assert.Contains("preprovision:", yaml, StringComparison.Ordinal);
        Assert.Contains("infra/scripts/entra-app.sh", yaml, StringComparison.Ordinal);
        var script = await File.ReadAllTextAsync(Repository.File("infra", "scripts", "entra-app.sh"));
        Assert.Contains("az ad app create", script, StringComparison.Ordinal);
        Assert.Contains("--app-roles", script, StringComparison.Ordinal);
        Assert.Contains("infra/entra/app-roles.json", script, StringComparison.Ordinal);
        Assert.Contains("azd env set AZURE_AUTH_CLIENT_ID", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyVaultReferences_ResolveAsTheUserAssignedIdentityThatHoldsSecretsUser()
    {
        var template = await Bicep.MainTemplateAsync();
        var site = Bicep.Resources(Bicep.Module(template, "api")).Single(r => r.GetProperty("type").GetString() == "Microsoft.Web/sites");
        Assert.Equal("UserAssigned", site.GetProperty("identity").GetProperty("type").GetString());
        Assert.Equal("[parameters('identityId')]", site.GetProperty("properties").GetProperty("keyVaultReferenceIdentity").GetString());
        Assert.Contains("identityId", site.GetProperty("identity").GetProperty("userAssignedIdentities").EnumerateObject().Single().Name, StringComparison.Ordinal);

        var rbac = Bicep.Module(template, "rbac");
        Assert.Contains(RoleAssignments(rbac), a => a.Role == Roles.KeyVaultSecretsUser && a.Principal == "identityPrincipalId" && a.Scope == "vault");
        // Every secret the app settings name lives in the vault the module creates.
        foreach (var (email, calendar) in DeployedSettings.Choices)
        {
            foreach (var (name, value) in await DeployedSettings.ForAsync(email, calendar))
            {
                if (value.StartsWith(DeployedSettings.KeyVaultReferencePrefix, StringComparison.Ordinal))
                    Assert.StartsWith($"@Microsoft.KeyVault(SecretUri={DeployedSettings.KeyVaultUri}secrets/", value, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task KeyVault_DeployerIsSecretsOfficerWithItsPrincipalType_AndTheVaultCanBeCreatedAgainAfterAzdDown()
    {
        var template = await Bicep.MainTemplateAsync();
        var rbac = Bicep.Module(template, "rbac");
        var officer = Assert.Single(RoleAssignments(rbac), a => a.Role == Roles.KeyVaultSecretsOfficer);
        Assert.Equal("userPrincipalId", officer.Principal);
        Assert.Equal("[parameters('userPrincipalType')]", officer.PrincipalType);
        // No role assignment names the deployer as a User outright: a pipeline's service principal deploys too.
        Assert.DoesNotContain(RoleAssignments(rbac), a => a.Principal == "userPrincipalId" && a.PrincipalType != "[parameters('userPrincipalType')]");
        var principalType = template.GetProperty("parameters").GetProperty("principalType");
        Assert.Equal("User", principalType.GetProperty("defaultValue").GetString());
        Assert.Contains("\"principalType\": { \"value\": \"${AZURE_PRINCIPAL_TYPE=User}\" }", await File.ReadAllTextAsync(Repository.File("infra", "main.parameters.json")), StringComparison.Ordinal);

        var vault = Bicep.Resources(template).Single(r => r.GetProperty("type").GetString() == "Microsoft.KeyVault/vaults");
        var properties = vault.GetProperty("properties");
        Assert.True(properties.GetProperty("enableRbacAuthorization").GetBoolean());
        // Purge protection would keep a deleted vault's name for 90 days: azd down then azd up would fail.
        Assert.False(properties.TryGetProperty("enablePurgeProtection", out var purge) && purge.ValueKind == JsonValueKind.True);
        // Unique per azd environment: the name is built on a hash of the subscription, environment and location.
        var main = await File.ReadAllTextAsync(Bicep.MainFile);
        Assert.Contains("uniqueString(subscription().id, environmentName, location)", main, StringComparison.Ordinal);
        Assert.Contains("name: '${abbrs.keyVault}${resourceToken}'", main, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_SharedKeysOff_AndTheIdentityHasTheRolesTheDurableTaskProviderNeeds()
    {
        var template = await Bicep.MainTemplateAsync();
        var storage = Bicep.Resources(template).Single(r => r.GetProperty("type").GetString() == "Microsoft.Storage/storageAccounts");
        Assert.False(storage.GetProperty("properties").GetProperty("allowSharedKeyAccess").GetBoolean());

        // The Azure Storage provider keeps the task hub in queues (control and work items), tables
        // (history, instances) and blobs (leases, large messages); the app's stores use tables and blobs.
        var assignments = RoleAssignments(Bicep.Module(template, "rbac")).Where(a => a.Principal == "identityPrincipalId" && a.Scope == "storage").Select(a => a.Role).ToList();
        Assert.Contains(Roles.StorageBlobDataOwner, assignments);
        Assert.Contains(Roles.StorageQueueDataContributor, assignments);
        Assert.Contains(Roles.StorageTableDataContributor, assignments);
        var settings = await DeployedSettings.ForAsync();
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"), "no connection string with a key");
    }

    [Fact]
    public async Task Parameters_NoSecretIsAPlainParameter_AndNoPeopleAreDeploymentSettings()
    {
        var template = await Bicep.MainTemplateAsync();
        foreach (var scope in new[] { template }.Concat(Bicep.Resources(template).Where(r => r.GetProperty("type").GetString() == "Microsoft.Resources/deployments").Select(r => r.GetProperty("properties").GetProperty("template"))))
        {
            foreach (var parameter in scope.GetProperty("parameters").EnumerateObject())
            {
                var type = parameter.Value.GetProperty("type").GetString();
                // Application Insights' connection string holds no key: local authentication is off and the identity signs in.
                if (SecretName().IsMatch(parameter.Name) && parameter.Name != "appInsightsConnectionString")
                    Assert.True(type is "securestring" or "secureObject", $"{parameter.Name} is a secret in a plain parameter");
            }
        }
        // The partnership's people are not deployment settings (nor in the repository's parameter file).
        Assert.False(template.GetProperty("parameters").TryGetProperty("partnershipSettings", out _));
        Assert.DoesNotContain(await DeployedSettings.AllNamesAsync(), n => n.StartsWith("Csp__Partnership__", StringComparison.OrdinalIgnoreCase));
        // Secrets reach the app only as Key Vault references.
        foreach (var (email, calendar) in DeployedSettings.Choices)
        {
            foreach (var (name, value) in await DeployedSettings.ForAsync(email, calendar))
            {
                // Application Insights' connection string holds no key (local authentication is off: the identity signs in).
                if (SecretName().IsMatch(name) && name is not ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING" or "APPLICATIONINSIGHTS_CONNECTION_STRING"))
                    Assert.True(value.StartsWith(DeployedSettings.KeyVaultReferencePrefix, StringComparison.Ordinal), $"{name} is a secret written as a plain value");
            }
        }
    }

    private static object? Path(IDictionary<string, object?> root, params string[] path)
    {
        object? current = root;
        foreach (var step in path)
            current = current is IDictionary<string, object?> map && map.TryGetValue(step, out var next) ? next : null;
        return current;
    }

    private sealed record Assignment(string Role, string Principal, string PrincipalType, string Scope);

    /// <summary>Role assignments of a module: role id, principal parameter, principal type, scoped resource.</summary>
    private static List<Assignment> RoleAssignments(JsonElement module) =>
        module.GetProperty("resources").EnumerateArray()
            .Where(r => r.GetProperty("type").GetString() == "Microsoft.Authorization/roleAssignments")
            .Select(r =>
            {
                var properties = r.GetProperty("properties");
                var definition = properties.GetProperty("roleDefinitionId").GetString()!;
                var role = RoleId().Match(definition) is { Success: true } literal ? literal.Value
                    : RoleVariable().Match(definition) is { Success: true } variable ? Variable(module, variable.Groups[1].Value)
                    : CopyRoles(module, RoleListVariable().Match(definition).Groups[1].Value);
                var principal = ParameterName().Match(properties.GetProperty("principalId").GetString()!).Groups[1].Value;
                var scope = r.TryGetProperty("scope", out var s) ? s.GetString()! : "";
                var scopeKind = scope.Contains("Microsoft.Storage", StringComparison.Ordinal) ? "storage"
                    : scope.Contains("Microsoft.KeyVault", StringComparison.Ordinal) ? "vault"
                    : scope.Contains("Microsoft.Insights", StringComparison.Ordinal) ? "insights" : scope;
                return new Assignment(role, principal, properties.GetProperty("principalType").GetString()!, scopeKind);
            })
            .SelectMany(a => a.Role.Split(',').Select(role => a with { Role = role }))
            .ToList();

    /// <summary>A copy loop over a list of roles: every role it assigns, comma-separated.</summary>
    private static string CopyRoles(JsonElement module, string list) =>
        string.Join(',', module.GetProperty("variables").GetProperty(list).EnumerateArray()
            .Select(e => Variable(module, RoleVariable().Match(e.GetString()!).Groups[1].Value)));

    private static string Variable(JsonElement module, string name) =>
        module.GetProperty("variables").GetProperty("roles").GetProperty(name).GetString()!;

    private static class Roles
    {
        public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
        public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
        public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
        public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
        public const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
    }

    [GeneratedRegex(@"%([^%""\s]+)%")]
    private static partial Regex BindingExpression();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex PlainSettingName();

    [GeneratedRegex(@"(?i)(secret|password|apikey|token|connectionstring|key$)")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex RoleId();

    [GeneratedRegex(@"variables\('roles'\)\.(\w+)")]
    private static partial Regex RoleVariable();

    [GeneratedRegex(@"variables\('(\w+)'\)\[copyIndex\(\)\]")]
    private static partial Regex RoleListVariable();

    [GeneratedRegex(@"parameters\('(\w+)'\)")]
    private static partial Regex ParameterName();
}
