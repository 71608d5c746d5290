using System.Globalization;
using System.Runtime.CompilerServices;
using System.Xml;
using Azure;
using Azure.Core;
using Csp.Storage.Internal;

namespace Csp.Storage.Blobs;

/// <summary>One blob container: create, delete, list, and clients for its blobs. Thread-safe.</summary>
public sealed class BlobContainerClient
{
    private readonly StorageServiceCore _core;
    private readonly string _path;

    internal BlobContainerClient(StorageServiceCore core, string name)
    {
        _core = core;
        Name = name;
        _path = "/" + name;
    }

    public string Name { get; }

    public Uri Uri => new(_core.EndpointText + _path);

    /// <summary>Creates the container (private access) unless it exists already.</summary>
    public async Task CreateIfNotExistsAsync(CancellationToken ct = default)
    {
        using var message = _core.CreateMessage(RequestMethod.Put, _path);
        message.Request.Uri.AppendQuery("restype", "container", escapeValue: false);
        var response = await _core.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status == 201) return;
        var error = _core.CreateException(message);
        if (error.Status == 409 && error.ErrorCode == "ContainerAlreadyExists") return;
        throw error;
    }

    /// <summary>Deletes the container and its blobs; returns false when it did not exist.</summary>
    public async Task<bool> DeleteIfExistsAsync(CancellationToken ct = default)
    {
        using var message = _core.CreateMessage(RequestMethod.Delete, _path);
        message.Request.Uri.AppendQuery("restype", "container", escapeValue: false);
        var response = await _core.SendAsync(message, ct).ConfigureAwait(false);
        return response.Status switch
        {
            202 => true,
            404 => false,
            _ => throw _core.CreateException(message),
        };
    }

    /// <summary>A client for one blob (cheap; no request is made). Names may contain '/' as a virtual folder separator.</summary>
    public BlobClient GetBlobClient(string blobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        if (blobName.Length > 1024)
        {
            throw new ArgumentException($"Blob name '{blobName[..40]}...' is longer than 1,024 characters.", nameof(blobName));
        }
        return new BlobClient(_core, Name, blobName);
    }

    /// <summary>Lists blobs (with metadata) whose names start with <paramref name="prefix"/>, following <c>NextMarker</c>.</summary>
    public IAsyncEnumerable<BlobItem> GetBlobsAsync(string? prefix = null, CancellationToken ct = default) =>
        GetBlobsAsync(prefix, maxPerPage: 0, ct);

    /// <summary>As <see cref="GetBlobsAsync(string?, CancellationToken)"/> with at most <paramref name="maxPerPage"/> blobs per request (0: service default of 5,000).</summary>
    public async IAsyncEnumerable<BlobItem> GetBlobsAsync(
        string? prefix, int maxPerPage, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxPerPage);
        string? marker = null;
        do
        {
            List<BlobItem> page;
            using (var message = _core.CreateMessage(RequestMethod.Get, _path))
            {
                var uri = message.Request.Uri;
                uri.AppendQuery("restype", "container", escapeValue: false);
                uri.AppendQuery("comp", "list", escapeValue: false);
                uri.AppendQuery("include", "metadata", escapeValue: false);
                if (!string.IsNullOrEmpty(prefix)) uri.AppendQuery("prefix", prefix, escapeValue: true);
                if (maxPerPage > 0) uri.AppendQuery("maxresults", maxPerPage.ToString(CultureInfo.InvariantCulture), escapeValue: false);
                if (marker is not null) uri.AppendQuery("marker", marker, escapeValue: true);
                var response = await _core.SendAsync(message, ct).ConfigureAwait(false);
                if (response.Status != 200) throw _core.CreateException(message);
                (page, marker) = ParseList(response.ContentStream!);
            }
            foreach (var item in page) yield return item;
        }
        while (!string.IsNullOrEmpty(marker));
    }

    private static (List<BlobItem> Items, string? NextMarker) ParseList(Stream xml)
    {
        var items = new List<BlobItem>();
        string? next = null;
        using var reader = XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element) continue;
            if (reader.LocalName == "Blob")
            {
                using var blob = reader.ReadSubtree();
                items.Add(ReadBlob(blob));
            }
            else if (reader.LocalName == "NextMarker" && reader.Depth == 1)
            {
                next = reader.ReadElementContentAsString();
            }
        }
        return (items, next);
    }

    /// <summary>Reads one &lt;Blob&gt; element from a subtree reader (Blob at depth 0).</summary>
    private static BlobItem ReadBlob(XmlReader reader)
    {
        string name = "";
        long length = 0;
        string? contentType = null, etag = null, leaseState = null, section = null;
        byte[]? md5 = null;
        var lastModified = DateTimeOffset.MinValue;
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        reader.Read(); // <Blob>
        reader.Read(); // its first child
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == 1) section = null;
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }
            if (reader.Depth == 1)
            {
                if (reader.LocalName is "Properties" or "Metadata")
                {
                    section = reader.IsEmptyElement ? null : reader.LocalName;
                    reader.Read();
                }
                else if (reader.LocalName == "Name")
                {
                    name = reader.ReadElementContentAsString();
                }
                else
                {
                    reader.Skip();
                }
                continue;
            }
            if (reader.Depth != 2 || section is null)
            {
                reader.Skip();
                continue;
            }
            var local = reader.LocalName;
            var text = reader.ReadElementContentAsString();
            if (section == "Metadata")
            {
                metadata[local] = text;
                continue;
            }
            switch (local)
            {
                case "Content-Length":
                    length = long.Parse(text, CultureInfo.InvariantCulture);
                    break;
                case "Content-Type":
                    contentType = text.Length == 0 ? null : text;
                    break;
                case "Etag":
                    etag = text.StartsWith('"') ? text : "\"" + text + "\"";
                    break;
                case "Last-Modified":
                    lastModified = BlobClient.ParseHttpDate(text);
                    break;
                case "Content-MD5":
                    md5 = text.Length == 0 ? null : Convert.FromBase64String(text);
                    break;
                case "LeaseState":
                    leaseState = text;
                    break;
            }
        }
        return new BlobItem(name, new BlobProperties(length, contentType, etag ?? "", lastModified, metadata, md5, leaseState));
    }
}
