using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Csp.Storage.Tables;

/// <summary>
/// Entity JSON in the OData "JSON light" shape the Table service speaks: values with
/// <c>Name@odata.type</c> annotations where JSON alone would lose the type (Int64, DateTime, Guid,
/// Binary, and Double so that 3.0 does not come back as Int32).
/// </summary>
internal static class TableEntityJson
{
    private const string TypeSuffix = "@odata.type";
    private static readonly JsonEncodedText PartitionKeyName = JsonEncodedText.Encode("PartitionKey");
    private static readonly JsonEncodedText RowKeyName = JsonEncodedText.Encode("RowKey");
    private static readonly JsonEncodedText EdmInt64 = JsonEncodedText.Encode("Edm.Int64");
    private static readonly JsonEncodedText EdmDouble = JsonEncodedText.Encode("Edm.Double");
    private static readonly JsonEncodedText EdmDateTime = JsonEncodedText.Encode("Edm.DateTime");
    private static readonly JsonEncodedText EdmGuid = JsonEncodedText.Encode("Edm.Guid");
    private static readonly JsonEncodedText EdmBinary = JsonEncodedText.Encode("Edm.Binary");

    // Property names repeat across every write of a schema; their encoded forms are cached (bounded).
    private static readonly ConcurrentDictionary<string, (JsonEncodedText Name, JsonEncodedText Annotation)> s_names =
        new(StringComparer.Ordinal);

    private const int MaxCachedNames = 4096;

    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>A writer reset onto <paramref name="output"/>; use synchronously and don't dispose.</summary>
    public static Utf8JsonWriter RentWriter(System.Buffers.IBufferWriter<byte> output)
    {
        var writer = t_writer ??= new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        writer.Reset(output);
        return writer;
    }

    public static void WriteEntity(Utf8JsonWriter w, TableEntity entity)
    {
        w.WriteStartObject();
        w.WriteString(PartitionKeyName, entity.PartitionKey);
        w.WriteString(RowKeyName, entity.RowKey);
        Span<char> chars = stackalloc char[40];
        foreach (var (key, value) in entity)
        {
            if (value is null) continue;
            var names = Names(key);
            switch (value)
            {
                case string s:
                    w.WriteString(names.Name, s);
                    break;
                case int i:
                    w.WriteNumber(names.Name, i);
                    break;
                case long l:
                    w.WriteString(names.Annotation, EdmInt64);
                    l.TryFormat(chars, out var ln, default, CultureInfo.InvariantCulture);
                    w.WriteString(names.Name, chars[..ln]);
                    break;
                case double d:
                    w.WriteString(names.Annotation, EdmDouble);
                    if (double.IsFinite(d)) w.WriteNumber(names.Name, d);
                    else w.WriteString(names.Name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                    break;
                case bool b:
                    w.WriteBoolean(names.Name, b);
                    break;
                case DateTimeOffset dto:
                    w.WriteString(names.Annotation, EdmDateTime);
                    dto.UtcDateTime.TryFormat(chars, out var dn, "O", CultureInfo.InvariantCulture);
                    w.WriteString(names.Name, chars[..dn]);
                    break;
                case Guid g:
                    w.WriteString(names.Annotation, EdmGuid);
                    w.WriteString(names.Name, g);
                    break;
                case byte[] bytes:
                    w.WriteString(names.Annotation, EdmBinary);
                    w.WriteBase64String(names.Name, bytes);
                    break;
                case BinaryData data:
                    w.WriteString(names.Annotation, EdmBinary);
                    w.WriteBase64String(names.Name, data.ToMemory().Span);
                    break;
                default:
                    throw new ArgumentException($"Property '{key}' has an unsupported type {value.GetType().Name}.");
            }
        }
        w.WriteEndObject();
    }

    /// <summary>Reads the entities of a query page: <c>{"value":[...]}</c>.</summary>
    public static List<TableEntity> ReadQueryPage(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var result = new List<TableEntity>();
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("value"u8))
            {
                Expect(ref reader, JsonTokenType.StartArray);
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    result.Add(ReadEntity(ref reader));
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return result;
    }

    /// <summary>Reads one entity document.</summary>
    public static TableEntity ReadSingle(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        Expect(ref reader, JsonTokenType.StartObject);
        return ReadEntity(ref reader);
    }

    /// <summary>Reads an entity object; the reader is on its StartObject and ends on its EndObject.</summary>
    private static TableEntity ReadEntity(ref Utf8JsonReader reader)
    {
        var entity = new TableEntity(8);
        List<(string Name, string Type)>? annotations = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("PartitionKey"u8))
            {
                reader.Read();
                entity.PartitionKey = reader.GetString() ?? "";
                continue;
            }
            if (reader.ValueTextEquals("RowKey"u8))
            {
                reader.Read();
                entity.RowKey = reader.GetString() ?? "";
                continue;
            }
            if (reader.ValueTextEquals("Timestamp"u8))
            {
                reader.Read();
                entity.Timestamp = ReadDateTime(ref reader);
                continue;
            }
            if (reader.ValueTextEquals("odata.etag"u8))
            {
                reader.Read();
                entity.ETag = reader.GetString();
                continue;
            }

            var name = reader.GetString()!;
            reader.Read();
            if (name.EndsWith(TypeSuffix, StringComparison.Ordinal))
            {
                var target = name[..^TypeSuffix.Length];
                var type = reader.GetString() ?? "";
                (annotations ??= new List<(string, string)>(4)).Add((target, type));
                // The service writes annotations first; if this one came late, retype the value.
                if (entity.TryGetValue(target, out var early) && early is not null)
                {
                    entity.SetRaw(target, Retype(early, type, target));
                }
                continue;
            }
            if (name.StartsWith("odata.", StringComparison.Ordinal) || name.Contains('@'))
            {
                reader.Skip();
                continue;
            }

            string? edmType = null;
            if (annotations is not null)
            {
                foreach (var (n, t) in annotations)
                {
                    if (n == name)
                    {
                        edmType = t;
                        break;
                    }
                }
            }
            entity.SetRaw(name, ReadValue(ref reader, edmType, name));
        }
        return entity;
    }

    private static object? ReadValue(ref Utf8JsonReader reader, string? edmType, string name)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Number:
                // Each arm boxes its own type: a plain conditional would promote them all to double.
                switch (edmType)
                {
                    case "Edm.Double":
                        return reader.GetDouble();
                    case "Edm.Int64":
                        return reader.GetInt64();
                    case "Edm.Int32":
                        return reader.GetInt32();
                }
                // No annotation: an integer literal is Int32 (Int64 always travels as an annotated
                // string); a literal with a fraction or exponent, like 3.0, is Double.
                if (reader.TryGetInt32(out var int32)) return int32;
                if (reader.TryGetInt64(out var int64)) return int64;
                return reader.GetDouble();
            case JsonTokenType.String:
                switch (edmType)
                {
                    case null or "Edm.String":
                        return reader.GetString();
                    case "Edm.Int64":
                        if (!reader.ValueIsEscaped && !reader.HasValueSequence &&
                            Utf8Parser.TryParse(reader.ValueSpan, out long parsed, out var consumed) &&
                            consumed == reader.ValueSpan.Length)
                        {
                            return parsed;
                        }
                        return long.Parse(reader.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture);
                    case "Edm.DateTime":
                        return ReadDateTime(ref reader);
                    case "Edm.Guid":
                        return reader.GetGuid();
                    case "Edm.Binary":
                        return reader.GetBytesFromBase64();
                    default:
                        return Retype(reader.GetString()!, edmType, name);
                }
            default:
                throw new JsonException($"Property '{name}' has an unexpected JSON {reader.TokenType}.");
        }
    }

    private static object Retype(object value, string edmType, string name)
    {
        try
        {
            return (value, edmType) switch
            {
                (string s, "Edm.Int64") => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture),
                (string s, "Edm.Int32") => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture),
                (string s, "Edm.Double") => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
                (string s, "Edm.DateTime") => ParseDateTime(s),
                (string s, "Edm.Guid") => Guid.Parse(s),
                (string s, "Edm.Binary") => Convert.FromBase64String(s),
                (string s, "Edm.Boolean") => bool.Parse(s),
                (int i, "Edm.Double") => (double)i,
                (long l, "Edm.Double") => (double)l,
                (int i, "Edm.Int64") => (long)i,
                _ => value,
            };
        }
        catch (FormatException ex)
        {
            throw new JsonException($"Property '{name}' is not a valid {edmType}.", ex);
        }
    }

    private static DateTimeOffset ReadDateTime(ref Utf8JsonReader reader) =>
        reader.TryGetDateTimeOffset(out var value) ? value.ToUniversalTime() : ParseDateTime(reader.GetString()!);

    private static DateTimeOffset ParseDateTime(string s) =>
        DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static (JsonEncodedText Name, JsonEncodedText Annotation) Names(string key)
    {
        if (s_names.TryGetValue(key, out var names)) return names;
        names = (JsonEncodedText.Encode(key), JsonEncodedText.Encode(key + TypeSuffix));
        if (s_names.Count < MaxCachedNames) s_names.TryAdd(key, names);
        return names;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new JsonException($"Expected {type} in the table response, found {reader.TokenType}.");
        }
    }
}
