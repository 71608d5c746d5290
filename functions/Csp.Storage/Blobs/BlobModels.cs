namespace Csp.Storage.Blobs;

/// <summary>What an upload produced. <see cref="ContentHash"/> is the MD5 of the whole blob when known.</summary>
public sealed record BlobContentInfo(string ETag, DateTimeOffset LastModified, byte[]? ContentHash);

/// <summary>
/// A blob's system properties and metadata. <see cref="LeaseState"/> is available, leased, expired,
/// breaking or broken.
/// </summary>
public sealed record BlobProperties(
    long ContentLength,
    string? ContentType,
    string ETag,
    DateTimeOffset LastModified,
    IReadOnlyDictionary<string, string> Metadata,
    byte[]? ContentHash,
    string? LeaseState);

/// <summary>A blob in a listing.</summary>
public sealed record BlobItem(string Name, BlobProperties Properties);

/// <summary>
/// Conditions on a blob request: <see cref="IfMatch"/> an ETag (optimistic concurrency),
/// <see cref="IfNoneMatch"/> "*" to create only, <see cref="LeaseId"/> when the blob is leased.
/// A failed condition raises <see cref="StorageConcurrencyException"/>.
/// </summary>
public sealed record BlobRequestConditions(string? IfMatch = null, string? IfNoneMatch = null, string? LeaseId = null)
{
    /// <summary>Succeeds only if the blob does not exist yet.</summary>
    public static BlobRequestConditions CreateOnly { get; } = new(IfNoneMatch: "*");
}

/// <summary>Options of one upload; unset sizes come from <see cref="StorageClientOptions"/>.</summary>
public sealed record BlobUploadOptions
{
    /// <summary>The blob's Content-Type (the service defaults to application/octet-stream).</summary>
    public string? ContentType { get; init; }

    /// <summary>Metadata names must be C# identifiers; values printable ASCII.</summary>
    public IDictionary<string, string>? Metadata { get; init; }

    public BlobRequestConditions? Conditions { get; init; }

    /// <summary>Send Content-MD5 with each request so the service rejects corrupted transfers.</summary>
    public bool TransferValidation { get; init; }

    /// <summary>Uploads up to this size go in one request; larger ones as blocks.</summary>
    public int? SingleUploadThreshold { get; init; }

    public int? BlockSize { get; init; }

    /// <summary>Blocks of this upload in flight at once.</summary>
    public int? MaxConcurrency { get; init; }
}

/// <summary>A download whose body is read as it arrives. Dispose it to release the connection.</summary>
public sealed class BlobDownloadStreamingResult : IDisposable, IAsyncDisposable
{
    public BlobDownloadStreamingResult(Stream content, BlobProperties details)
    {
        Content = content;
        Details = details;
    }

    public Stream Content { get; }

    public BlobProperties Details { get; }

    public void Dispose() => Content.Dispose();

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
