using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Core;
using Csp.Storage.Internal;

namespace Csp.Storage.Blobs;

/// <summary>
/// One block blob: upload (one request up to a threshold, else parallel Put Block + Put Block List),
/// streaming or buffered download, properties, metadata, delete and leases. Thread-safe.
/// </summary>
public sealed class BlobClient
{
    private readonly StorageServiceCore _core;
    private readonly string _path;

    internal BlobClient(StorageServiceCore core, string containerName, string name)
    {
        _core = core;
        ContainerName = containerName;
        Name = name;
        _path = "/" + containerName + "/" + EscapeName(name);
    }

    public string Name { get; }

    public string ContainerName { get; }

    public Uri Uri => new(_core.EndpointText + _path);

    /// <summary>
    /// Uploads <paramref name="content"/> from its current position to the end, replacing the blob
    /// unless <see cref="BlobUploadOptions.Conditions"/> say otherwise.
    /// </summary>
    /// <exception cref="StorageConcurrencyException">A condition failed (e.g. If-None-Match "*" and the blob exists) or the blob is leased.</exception>
    public async Task<BlobContentInfo> UploadAsync(Stream content, BlobUploadOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= DefaultUploadOptions;
        ValidateMetadata(options.Metadata);
        var threshold = options.SingleUploadThreshold ?? _core.Options.BlobSingleUploadThreshold;
        var firstSize = threshold;
        if (content.CanSeek) firstSize = (int)Math.Min(threshold, Math.Max(0, content.Length - content.Position));

        var first = ArrayPool<byte>.Shared.Rent(Math.Max(firstSize, 1));
        int read;
        try
        {
            read = await ReadFullAsync(content, first, firstSize, ct).ConfigureAwait(false);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(first);
            throw;
        }
        var atEnd = read < threshold || (content.CanSeek && content.Position >= content.Length);
        if (atEnd)
        {
            try
            {
                return await PutBlobAsync(first.AsMemory(0, read), options, ct).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(first);
            }
        }
        return await UploadBlocksAsync(content, first, read, options, ct).ConfigureAwait(false);
    }

    /// <summary>Uploads bytes already in memory (no copy below the single-upload threshold).</summary>
    public async Task<BlobContentInfo> UploadAsync(BinaryData content, BlobUploadOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= DefaultUploadOptions;
        ValidateMetadata(options.Metadata);
        var memory = content.ToMemory();
        if (memory.Length <= (options.SingleUploadThreshold ?? _core.Options.BlobSingleUploadThreshold))
        {
            return await PutBlobAsync(memory, options, ct).ConfigureAwait(false);
        }
        await using var stream = content.ToStream();
        return await UploadAsync(stream, options, ct).ConfigureAwait(false);
    }

    /// <summary>Starts a download; the body is read from <see cref="BlobDownloadStreamingResult.Content"/> as it arrives.</summary>
    /// <exception cref="StorageRequestException">404 when the blob does not exist.</exception>
    /// <exception cref="StorageConcurrencyException">A condition failed.</exception>
    public async Task<BlobDownloadStreamingResult> DownloadStreamingAsync(
        BlobRequestConditions? conditions = null, CancellationToken ct = default)
    {
        using var message = _core.CreateMessage(RequestMethod.Get, _path);
        message.BufferResponse = false;
        ApplyConditions(message.Request, conditions);
        var response = await _core.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 200) throw await _core.CreateExceptionAsync(message, ct).ConfigureAwait(false);
        var properties = PropertiesFrom(response);
        var stream = message.ExtractResponseContent() ?? Stream.Null;
        return new BlobDownloadStreamingResult(stream, properties);
    }

    /// <summary>Downloads the whole blob into memory.</summary>
    public Task<BinaryData> DownloadContentAsync(CancellationToken ct = default) => DownloadContentAsync(conditions: null, ct);

    /// <summary>Downloads the whole blob into memory, subject to <paramref name="conditions"/>.</summary>
    public async Task<BinaryData> DownloadContentAsync(BlobRequestConditions? conditions, CancellationToken ct = default)
    {
        await using var download = await DownloadStreamingAsync(conditions, ct).ConfigureAwait(false);
        var length = download.Details.ContentLength;
        if (length > Array.MaxLength) throw new InvalidOperationException($"Blob '{Name}' is too large ({length} bytes) to buffer.");
        var bytes = new byte[length];
        await download.Content.ReadExactlyAsync(bytes, ct).ConfigureAwait(false);
        return new BinaryData(bytes);
    }

    /// <summary>The blob's properties and metadata; null when it does not exist.</summary>
    public async Task<BlobProperties?> GetPropertiesAsync(CancellationToken ct = default)
    {
        using var message = _core.CreateMessage(RequestMethod.Head, _path);
        var response = await _core.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status == 404) return null;
        if (response.Status != 200) throw _core.CreateException(message);
        return PropertiesFrom(response);
    }

    /// <summary>Replaces the blob's metadata.</summary>
    public async Task SetMetadataAsync(
        IDictionary<string, string> metadata, BlobRequestConditions? conditions = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ValidateMetadata(metadata);
        using var message = _core.CreateMessage(RequestMethod.Put, _path);
        message.Request.Uri.AppendQuery("comp", "metadata", escapeValue: false);
        ApplyMetadata(message.Request, metadata);
        ApplyConditions(message.Request, conditions);
        var response = await _core.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 200) throw _core.CreateException(message);
    }

    /// <summary>Deletes the blob; returns false when it did not exist.</summary>
    public async Task<bool> DeleteIfExistsAsync(BlobRequestConditions? conditions = null, CancellationToken ct = default)
    {
        using var message = _core.CreateMessage(RequestMethod.Delete, _path);
        ApplyConditions(message.Request, conditions);
        var response = await _core.SendAsync(message, ct).ConfigureAwait(false);
        return response.Status switch
        {
            202 => true,
            404 => false,
            _ => throw _core.CreateException(message),
        };
    }

    /// <summary>A lease client; with no <paramref name="leaseId"/> a new random one is proposed.</summary>
    public BlobLeaseClient GetBlobLeaseClient(string? leaseId = null) =>
        new(_core, _path, leaseId ?? Guid.NewGuid().ToString("D"));

    internal static DateTimeOffset ParseHttpDate(string value) =>
        DateTimeOffset.ParseExact(value, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static readonly BlobUploadOptions DefaultUploadOptions = new();

    private async Task<BlobContentInfo> PutBlobAsync(ReadOnlyMemory<byte> data, BlobUploadOptions options, CancellationToken ct)
    {
        using var message = _core.CreateMessage(RequestMethod.Put, _path);
        var request = message.Request;
        request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        if (options.ContentType is not null) request.Headers.SetValue("x-ms-blob-content-type", options.ContentType);
        byte[]? md5 = null;
        if (options.TransferValidation)
        {
            md5 = MD5.HashData(data.Span);
            request.Headers.SetValue("Content-MD5", Convert.ToBase64String(md5));
        }
        ApplyMetadata(request, options.Metadata);
        ApplyConditions(request, options.Conditions);
        request.Content = RequestContent.Create(data);
        var response = await _core.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 201) throw _core.CreateException(message);
        var hash = response.Headers.TryGetValue("Content-MD5", out var h) && h.Length > 0 ? Convert.FromBase64String(h) : md5;
        return new BlobContentInfo(ETagOf(response), LastModifiedOf(response), hash);
    }

    private async Task<BlobContentInfo> UploadBlocksAsync(
        Stream content, byte[] first, int firstLength, BlobUploadOptions options, CancellationToken ct)
    {
        var blockSize = options.BlockSize ?? _core.Options.BlobBlockSize;
        var concurrency = Math.Max(1, options.MaxConcurrency ?? _core.Options.BlobUploadConcurrency);
        // Block ids are unique per upload, so two writers racing on one blob never mix blocks.
        var uploadId = Guid.NewGuid();
        var blockIds = new List<string>();
        using var wholeMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var inFlight = new List<Task>(concurrency);
        byte[]? buffer = first;
        var length = firstLength;
        try
        {
            while (length > 0)
            {
                wholeMd5.AppendData(buffer!, 0, length);
                var id = BlockId(uploadId, blockIds.Count);
                blockIds.Add(id);
                if (inFlight.Count >= concurrency)
                {
                    var done = await Task.WhenAny(inFlight).ConfigureAwait(false);
                    inFlight.Remove(done);
                    await done.ConfigureAwait(false);
                }
                var owned = buffer!;
                buffer = null;
                inFlight.Add(PutBlockAsync(id, owned, length, options, cts.Token));
                buffer = ArrayPool<byte>.Shared.Rent(blockSize);
                length = await ReadFullAsync(content, buffer, blockSize, cts.Token).ConfigureAwait(false);
            }
            await Task.WhenAll(inFlight).ConfigureAwait(false);
        }
        catch
        {
            await cts.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(inFlight).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The first failure is the one reported; the rest were cancelled because of it.
            }
            throw;
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }

        var hash = wholeMd5.GetHashAndReset();
        return await PutBlockListAsync(blockIds, hash, options, ct).ConfigureAwait(false);
    }

    /// <summary>Puts one block and returns its pooled buffer.</summary>
    private async Task PutBlockAsync(string blockId, byte[] buffer, int length, BlobUploadOptions options, CancellationToken ct)
    {
        try
        {
            using var message = _core.CreateMessage(RequestMethod.Put, _path);
            var request = message.Request;
            request.Uri.AppendQuery("comp", "block", escapeValue: false);
            request.Uri.AppendQuery("blockid", blockId, escapeValue: true);
            if (options.TransferValidation)
            {
                request.Headers.SetValue("Content-MD5", Convert.ToBase64String(MD5.HashData(buffer.AsSpan(0, length))));
            }
            if (options.Conditions?.LeaseId is { } lease) request.Headers.SetValue("x-ms-lease-id", lease);
            request.Content = RequestContent.Create(buffer.AsMemory(0, length));
            var response = await _core.SendAsync(message, ct).ConfigureAwait(false);
            if (response.Status != 201) throw _core.CreateException(message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<BlobContentInfo> PutBlockListAsync(
        List<string> blockIds, byte[] wholeMd5, BlobUploadOptions options, CancellationToken ct)
    {
        var xml = new StringBuilder(64 + blockIds.Count * 48);
        xml.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in blockIds) xml.Append("<Latest>").Append(id).Append("</Latest>");
        xml.Append("</BlockList>");
        var body = Encoding.UTF8.GetBytes(xml.ToString());

        using var message = _core.CreateMessage(RequestMethod.Put, _path);
        var request = message.Request;
        request.Uri.AppendQuery("comp", "blocklist", escapeValue: false);
        request.Headers.SetValue("Content-Type", "application/xml");
        if (options.ContentType is not null) request.Headers.SetValue("x-ms-blob-content-type", options.ContentType);
        request.Headers.SetValue("x-ms-blob-content-md5", Convert.ToBase64String(wholeMd5));
        if (options.TransferValidation) request.Headers.SetValue("Content-MD5", Convert.ToBase64String(MD5.HashData(body)));
        ApplyMetadata(request, options.Metadata);
        ApplyConditions(request, options.Conditions);
        request.Content = RequestContent.Create(body);
        var response = await _core.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 201) throw _core.CreateException(message);
        return new BlobContentInfo(ETagOf(response), LastModifiedOf(response), wholeMd5);
    }

    private static string BlockId(Guid uploadId, int index)
    {
        Span<byte> raw = stackalloc byte[20];
        uploadId.TryWriteBytes(raw);
        BinaryPrimitives.WriteInt32BigEndian(raw[16..], index);
        return Convert.ToBase64String(raw);
    }

    private static async ValueTask<int> ReadFullAsync(Stream stream, byte[] buffer, int count, CancellationToken ct)
    {
        var total = 0;
        while (total < count)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(total, count - total), ct).ConfigureAwait(false);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private static BlobProperties PropertiesFrom(Response response)
    {
        var headers = response.Headers;
        long length = headers.TryGetValue("Content-Length", out var cl) ? long.Parse(cl, CultureInfo.InvariantCulture) : 0;
        var contentType = headers.TryGetValue("Content-Type", out var type) ? type : null;
        byte[]? md5 = headers.TryGetValue("Content-MD5", out var m) && m.Length > 0 ? Convert.FromBase64String(m) : null;
        var leaseState = headers.TryGetValue("x-ms-lease-state", out var ls) ? ls : null;
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers)
        {
            if (header.Name.StartsWith("x-ms-meta-", StringComparison.OrdinalIgnoreCase))
            {
                metadata[header.Name["x-ms-meta-".Length..]] = header.Value;
            }
        }
        return new BlobProperties(length, contentType, ETagOf(response), LastModifiedOf(response), metadata, md5, leaseState);
    }

    private static string ETagOf(Response response) => response.Headers.TryGetValue("ETag", out var etag) ? etag : "";

    private static DateTimeOffset LastModifiedOf(Response response) =>
        response.Headers.TryGetValue("Last-Modified", out var lm) ? ParseHttpDate(lm) : DateTimeOffset.MinValue;

    private static void ApplyConditions(Request request, BlobRequestConditions? conditions)
    {
        if (conditions is null) return;
        if (conditions.IfMatch is { } ifMatch) request.Headers.SetValue("If-Match", ifMatch);
        if (conditions.IfNoneMatch is { } ifNoneMatch) request.Headers.SetValue("If-None-Match", ifNoneMatch);
        if (conditions.LeaseId is { } lease) request.Headers.SetValue("x-ms-lease-id", lease);
    }

    private static void ApplyMetadata(Request request, IDictionary<string, string>? metadata)
    {
        if (metadata is null) return;
        foreach (var (name, value) in metadata) request.Headers.SetValue("x-ms-meta-" + name, value);
    }

    private static void ValidateMetadata(IDictionary<string, string>? metadata)
    {
        if (metadata is null) return;
        foreach (var (name, value) in metadata)
        {
            var ok = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_');
            foreach (var c in name) ok &= char.IsAsciiLetterOrDigit(c) || c == '_';
            if (!ok)
            {
                throw new ArgumentException($"Blob metadata name '{name}' must be a C# identifier (ASCII letters, digits, '_').", nameof(metadata));
            }
            ArgumentNullException.ThrowIfNull(value, $"metadata[{name}]");
            foreach (var c in value)
            {
                if (c < 0x20 || c > 0x7E)
                {
                    throw new ArgumentException(
                        $"Blob metadata value of '{name}' contains U+{(int)c:X4}; values must be printable ASCII (encode other text first).",
                        nameof(metadata));
                }
            }
        }
    }

    /// <summary>Percent-encodes each '/'-separated segment of a blob name.</summary>
    private static string EscapeName(string name)
    {
        if (!name.Contains('/')) return Uri.EscapeDataString(name);
        var segments = name.Split('/');
        for (var i = 0; i < segments.Length; i++) segments[i] = Uri.EscapeDataString(segments[i]);
        return string.Join('/', segments);
    }
}
