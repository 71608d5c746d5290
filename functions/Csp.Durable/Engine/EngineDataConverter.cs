using Microsoft.DurableTask;

namespace Csp.Durable.Engine;

/// <summary>The SDK's data converter over <see cref="DurableJson"/>: what the engine stores, read back the same way.</summary>
public sealed class EngineDataConverter : DataConverter
{
    public static readonly EngineDataConverter Instance = new();

    public override string? Serialize(object? value) => DurableJson.Serialize(value);

    public override object? Deserialize(string? data, Type targetType) => DurableJson.Deserialize(data, targetType);
}
