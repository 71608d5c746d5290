using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Csp.Storage;
using Csp.Workflow.Ports;

namespace Csp.Integrations.Documents;

/// <summary>Case documents in a Blob container, one folder per incident: <c>{incidentId}/{name}</c>.</summary>
public sealed class BlobDocumentStore(BlobContainerClient container) : IDocumentStore
{
    public Task InitializeAsync(CancellationToken cancellation) => container.CreateIfNotExistsAsync(cancellationToken: cancellation);

    public async Task<string> SaveAsync(string incidentId, string name, string contentType, BinaryData content, CancellationToken cancellation)
    {
        var path = DocumentPaths.For(incidentId, name);
        await container.GetBlobClient(path).UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellation);
        return path;
    }

    public async Task<string?> CreateAsync(string incidentId, string name, string contentType, BinaryData content, CancellationToken cancellation)
    {
        var path = DocumentPaths.For(incidentId, name);
        try
        {
            await container.GetBlobClient(path).UploadAsync(content, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellation);
            return path;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    public async Task<StoredDocument?> ReadAsync(string path, CancellationToken cancellation)
    {
        var blob = container.GetBlobClient(path);
        try
        {
            var download = await blob.DownloadContentAsync(cancellation);
            var content = download.Value;
            return new StoredDocument(path, content.Details.ContentType ?? "application/octet-stream", content.Content);
        }
        catch (RequestFailedException ex) when (ex.IsNotFound())
        {
            return null;
        }
    }

    public async IAsyncEnumerable<string> ListAsync(string incidentId, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = incidentId + "/" }, cancellation)) yield return item.Name;
    }
}

public sealed class InMemoryDocumentStore : IDocumentStore
{
    private readonly ConcurrentDictionary<string, StoredDocument> _documents = new(StringComparer.Ordinal);

    public Task<string> SaveAsync(string incidentId, string name, string contentType, BinaryData content, CancellationToken cancellation)
    {
        var path = DocumentPaths.For(incidentId, name);
        _documents[path] = new StoredDocument(path, contentType, content);
        return Task.FromResult(path);
    }

    public Task<string?> CreateAsync(string incidentId, string name, string contentType, BinaryData content, CancellationToken cancellation)
    {
        var path = DocumentPaths.For(incidentId, name);
        return Task.FromResult(_documents.TryAdd(path, new StoredDocument(path, contentType, content)) ? path : null);
    }

    public Task<StoredDocument?> ReadAsync(string path, CancellationToken cancellation) => Task.FromResult(_documents.GetValueOrDefault(path));

    public async IAsyncEnumerable<string> ListAsync(string incidentId, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await Task.CompletedTask;
        foreach (var key in _documents.Keys.Where(k => k.StartsWith(incidentId + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)) yield return key;
    }
}

internal static class DocumentPaths
{
    public static string For(string incidentId, string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains("..", StringComparison.Ordinal) || name.StartsWith('/'))
            throw new ArgumentException("A document name must be a relative path without '..'.", nameof(name));
        return incidentId + "/" + name;
    }
}
