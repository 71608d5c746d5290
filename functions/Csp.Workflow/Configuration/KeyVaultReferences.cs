using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Csp.Workflow.Configuration;

/// <summary>
/// App Service Key Vault references (<c>@Microsoft.KeyVault(SecretUri=...)</c>). When the platform
/// cannot resolve one (the identity lacks Key Vault Secrets User, the secret does not exist yet) it
/// leaves the reference's own text in the setting. Such a value is never a key, token or password:
/// every options class of the service sees it as missing (empty), so the feature it configures is
/// off, or start-up refuses where the setting is required, and the log names the setting.
/// </summary>
public static class KeyVaultReferences
{
    public const string Prefix = "@Microsoft.KeyVault(";

    /// <summary>True for a value that is still an unresolved Key Vault reference.</summary>
    public static bool IsUnresolved(string? value) =>
        value is not null && value.TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The value, or empty when it is an unresolved Key Vault reference.</summary>
    public static string ValueOrMissing(string? value) => IsUnresolved(value) ? "" : value ?? "";

    /// <summary>The settings (as app settings name them, <c>Csp__Email__Notify__ApiKey</c>) still holding a reference.</summary>
    public static IReadOnlyList<string> UnresolvedSettings(IConfiguration configuration) =>
        configuration.AsEnumerable().Where(kv => IsUnresolved(kv.Value)).Select(kv => SettingName(kv.Key)).Distinct().Order(StringComparer.Ordinal).ToList();

    public static string SettingName(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>Every options class of the service (namespace <c>Csp.</c>) sees unresolved references as missing.</summary>
    public static IServiceCollection AddUnresolvedKeyVaultReferencesAsMissing(this IServiceCollection services)
    {
        services.TryAddSingleton<UnresolvedKeyVaultReferenceLog>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IPostConfigureOptions<>), typeof(UnresolvedKeyVaultReferencesAreMissing<>)));
        return services;
    }
}

/// <summary>Logs each setting holding an unresolved reference once, by name (never its value's secret: there is none).</summary>
public sealed partial class UnresolvedKeyVaultReferenceLog(IServiceProvider services)
{
    private readonly ConcurrentDictionary<string, bool> _logged = new(StringComparer.OrdinalIgnoreCase);

    public void Missing(string referenceText)
    {
        var configuration = services.GetService<IConfiguration>();
        var names = configuration?.AsEnumerable().Where(kv => kv.Value == referenceText).Select(kv => KeyVaultReferences.SettingName(kv.Key)).ToList() ?? [];
        if (names.Count == 0) names.Add("(a setting)");
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("Csp.Configuration");
        foreach (var name in names)
        {
            if (logger is not null && _logged.TryAdd(name, true)) LogUnresolved(logger, name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The app setting {Setting} is a Key Vault reference that did not resolve: it is treated as missing. Check that the secret exists and that the app's identity holds Key Vault Secrets User (keyVaultReferenceIdentity).")]
    private static partial void LogUnresolved(ILogger logger, string setting);
}

/// <summary>Empties every string of the options object (and of its nested Csp options) that is an unresolved reference.</summary>
public sealed class UnresolvedKeyVaultReferencesAreMissing<TOptions>(UnresolvedKeyVaultReferenceLog log) : IPostConfigureOptions<TOptions>
    where TOptions : class
{
    public void PostConfigure(string? name, TOptions options) => Clear(options, 0);

    private void Clear(object? target, int depth)
    {
        if (target is null || depth > 8 || !IsOurs(target.GetType())) return;
        foreach (var property in target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            // Bound settings only: a computed property (no public setter) is left alone (it may parse).
            if (property.GetIndexParameters().Length > 0 || property.GetMethod?.IsPublic != true || property.SetMethod?.IsPublic != true) continue;
            var type = property.PropertyType;
            if (type == typeof(string))
            {
                if (property.GetValue(target) is string text && KeyVaultReferences.IsUnresolved(text))
                {
                    log.Missing(text);
                    property.SetValue(target, "");
                }
            }
            else if (property.GetValue(target) is { } value)
            {
                if (value is IDictionary<string, string> map)
                {
                    foreach (var key in map.Where(kv => KeyVaultReferences.IsUnresolved(kv.Value)).Select(kv => kv.Key).ToList())
                    {
                        log.Missing(map[key]);
                        map[key] = "";
                    }
                }
                else if (value is IList list && value is not string)
                {
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (list[i] is string item && KeyVaultReferences.IsUnresolved(item) && !list.IsReadOnly)
                        {
                            log.Missing(item);
                            list[i] = "";
                        }
                        else Clear(list[i], depth + 1);
                    }
                }
                else Clear(value, depth + 1);
            }
        }
    }

    private static bool IsOurs(Type type) => type.IsClass && type.Namespace is { } ns && ns.StartsWith("Csp.", StringComparison.Ordinal);
}
