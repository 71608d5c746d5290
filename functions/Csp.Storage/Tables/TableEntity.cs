using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Csp.Storage.Tables;

/// <summary>
/// A table entity: the system properties as members and the custom properties as a dictionary.
/// Custom values may be <see cref="string"/>, <see cref="int"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="bool"/>, <see cref="DateTimeOffset"/> (a <see cref="DateTime"/> is converted, Unspecified
/// read as UTC), <see cref="Guid"/>, <c>byte[]</c> or <see cref="BinaryData"/>; each round-trips with its
/// Edm type. The indexer returns null for a missing property rather than throwing.
/// </summary>
public sealed class TableEntity : IDictionary<string, object?>
{
    private readonly Dictionary<string, object?> _properties;

    public TableEntity()
        : this(string.Empty, string.Empty)
    {
    }

    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey ?? throw new ArgumentNullException(nameof(partitionKey));
        RowKey = rowKey ?? throw new ArgumentNullException(nameof(rowKey));
        _properties = new Dictionary<string, object?>(StringComparer.Ordinal);
    }

    internal TableEntity(int capacity)
    {
        PartitionKey = string.Empty;
        RowKey = string.Empty;
        _properties = new Dictionary<string, object?>(capacity, StringComparer.Ordinal);
    }

    public string PartitionKey { get; set; }
    public string RowKey { get; set; }

    /// <summary>The entity's ETag when it was read; null for a new entity.</summary>
    public string? ETag { get; set; }

    /// <summary>The service's last-modified time when it was read.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>Gets (null when missing) or sets a custom property.</summary>
    public object? this[string key]
    {
        get => _properties.TryGetValue(key, out var value) ? value : null;
        set => _properties[CheckName(key)] = Normalize(key, value);
    }

    public ICollection<string> Keys => _properties.Keys;
    public ICollection<object?> Values => _properties.Values;
    public int Count => _properties.Count;
    bool ICollection<KeyValuePair<string, object?>>.IsReadOnly => false;

    public void Add(string key, object? value) => _properties.Add(CheckName(key), Normalize(key, value));
    public bool ContainsKey(string key) => _properties.ContainsKey(key);
    public bool Remove(string key) => _properties.Remove(key);
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => _properties.TryGetValue(key, out value);
    public void Clear() => _properties.Clear();
    public Dictionary<string, object?>.Enumerator GetEnumerator() => _properties.GetEnumerator();

    void ICollection<KeyValuePair<string, object?>>.Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);
    bool ICollection<KeyValuePair<string, object?>>.Contains(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).Contains(item);
    void ICollection<KeyValuePair<string, object?>>.CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).CopyTo(array, arrayIndex);
    bool ICollection<KeyValuePair<string, object?>>.Remove(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).Remove(item);
    IEnumerator<KeyValuePair<string, object?>> IEnumerable<KeyValuePair<string, object?>>.GetEnumerator() => _properties.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _properties.GetEnumerator();

    public string? GetString(string key) => Get<string>(key, "Edm.String");
    public int? GetInt32(string key) => GetStruct<int>(key, "Edm.Int32");

    public long? GetInt64(string key) => this[key] switch
    {
        int i => i,
        _ => GetStruct<long>(key, "Edm.Int64"),
    };

    public double? GetDouble(string key) => this[key] switch
    {
        int i => i,
        long l => l,
        _ => GetStruct<double>(key, "Edm.Double"),
    };

    public bool? GetBoolean(string key) => GetStruct<bool>(key, "Edm.Boolean");
    public DateTimeOffset? GetDateTimeOffset(string key) => GetStruct<DateTimeOffset>(key, "Edm.DateTime");
    public Guid? GetGuid(string key) => GetStruct<Guid>(key, "Edm.Guid");

    public byte[]? GetBinary(string key) => this[key] switch
    {
        BinaryData data => data.ToArray(),
        _ => Get<byte[]>(key, "Edm.Binary"),
    };

    public override string ToString() => $"TableEntity(PartitionKey={PartitionKey}, RowKey={RowKey}, {Count} properties)";

    /// <summary>Stores a value read from the service without re-validating it.</summary>
    internal void SetRaw(string key, object? value) => _properties[key] = value;

    private T? Get<T>(string key, string edmType)
        where T : class
    {
        var value = this[key];
        return value switch
        {
            null => null,
            T typed => typed,
            _ => throw WrongType(key, value, edmType),
        };
    }

    private T? GetStruct<T>(string key, string edmType)
        where T : struct
    {
        var value = this[key];
        return value switch
        {
            null => null,
            T typed => typed,
            _ => throw WrongType(key, value, edmType),
        };
    }

    private static InvalidOperationException WrongType(string key, object value, string edmType) =>
        new($"Property '{key}' holds a {value.GetType().Name}, not an {edmType} value.");

    private static string CheckName(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0) throw new ArgumentException("A table property name cannot be empty.", nameof(key));
        if (key.Length > 255)
        {
            throw new ArgumentException($"Table property name '{key[..20]}...' is longer than 255 characters.", nameof(key));
        }
        if (key is "PartitionKey" or "RowKey" or "Timestamp" || key.StartsWith("odata.", StringComparison.Ordinal) || key.Contains('@'))
        {
            throw new ArgumentException(
                $"'{key}' is a system property name; use the PartitionKey, RowKey, Timestamp and ETag members instead.",
                nameof(key));
        }
        return key;
    }

    private static object? Normalize(string key, object? value) => value switch
    {
        null or string or int or long or double or bool or DateTimeOffset or Guid or byte[] or BinaryData => value,
        DateTime dt => dt.Kind switch
        {
            DateTimeKind.Local => new DateTimeOffset(dt.ToUniversalTime()),
            _ => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        },
        _ => throw new ArgumentException(
            $"Property '{key}' has a value of type {value.GetType().Name}; table properties may be string, int, long, " +
            "double, bool, DateTimeOffset, DateTime, Guid, byte[] or BinaryData.",
            nameof(value)),
    };
}
