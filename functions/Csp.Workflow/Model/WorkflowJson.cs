using System.Text.Json;
using System.Text.Json.Serialization;

namespace Csp.Workflow.Model;

/// <summary>The workflow's JSON for documents and content hashes: web defaults, enums as strings, nulls left out.</summary>
public static class WorkflowJson
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
}
