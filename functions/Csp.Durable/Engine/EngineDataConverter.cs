using Csp.Domain;
using Microsoft.DurableTask;

namespace Csp.Durable.Engine;

/// <summary>The SDK's data converter over <see cref="CspJson"/>: what the engine stores, read back the same way.</summary>
public sealed class EngineDataConverter : DataConverter
{
    public static readonly EngineDataConverter Instance = new();

    public override string? Serialize(object? value) => CspJson.Serialize(value);

    public override object? Deserialize(string? data, Type targetType) => CspJson.Deserialize(data, targetType);
}
