using System.Text.Json;
using System.Text.Json.Serialization;

namespace Csp.Domain;

/// <summary>
/// The product's one JSON shape, for records, documents, content hashes, orchestration inputs,
/// events and the embedded engine's history: web defaults, enums as strings, nulls left out. It
/// lives here, the lowest assembly, so the engine and the workflow share it and the Functions app
/// never references the engine to get it.
/// </summary>
public static class CspJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    public static T? Deserialize<T>(string? json) =>
        json is null ? default : JsonSerializer.Deserialize<T>(json, Options);

    public static object? Deserialize(string? json, Type type) =>
        json is null ? null : JsonSerializer.Deserialize(json, type, Options);
}
