using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Csp.Web.Http;

/// <summary>The JSON shape of the API: camelCase names, enums as strings, ISO dates.</summary>
public static class WebJson
{
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>Applies the API's settings to the host's JSON options (minimal API results).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // Escape <, >, & and quotes even inside JSON: a response never reads as markup if sniffed.
        options.Encoder = JavaScriptEncoder.Default;
        // Enums by name only: an ordinal (7, "2") would pick whatever value happens to have that number.
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
            options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
