using System.Text.Json;

namespace Csp.Host.LocalHost;

/// <summary>
/// The Azure Functions local settings file (<c>local.settings.json</c>, git-ignored; else the
/// committed <c>local.settings.sample.json</c>) read as configuration, so the local host and the
/// Functions app use the same setting names. <c>Values</c> keys use <c>__</c> for sections
/// (<c>Csp__Development__Enabled</c> is <c>Csp:Development:Enabled</c>).
/// </summary>
public static class LocalSettings
{
    public const string FileName = "local.settings.json";
    public const string SampleFileName = "local.settings.sample.json";

    /// <summary>
    /// The repository root: the nearest folder at or above <paramref name="start"/> holding the
    /// settings sample or the solution; null when there is none (a published copy).
    /// </summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SampleFileName)) || File.Exists(Path.Combine(dir.FullName, "CspFunctions.sln")))
                return dir.FullName;
        }
        return null;
    }

    /// <summary>The settings file to read in <paramref name="folder"/>: the person's own copy first, then the sample.</summary>
    public static string? FindFile(string folder)
    {
        foreach (var name in new[] { FileName, SampleFileName })
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>The file's <c>Values</c> as configuration keys, plus <c>Host:LocalHttpPort</c>.</summary>
    public static IReadOnlyDictionary<string, string?> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in values.EnumerateObject())
            {
                settings[property.Name.Replace("__", ":", StringComparison.Ordinal)] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                };
            }
        }
        if (document.RootElement.TryGetProperty("Host", out var host) && host.ValueKind == JsonValueKind.Object
            && host.TryGetProperty("LocalHttpPort", out var port) && port.ValueKind == JsonValueKind.Number)
        {
            settings["Host:LocalHttpPort"] = port.GetRawText();
        }
        return settings;
    }
}
