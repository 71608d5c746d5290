namespace Csp.Workflow.Ports;

/// <summary>
/// Case documents (scoping returns, the collated scoping pack) in Blob storage. Orchestration
/// history and the read model keep only the returned path.
/// </summary>
public interface IDocumentStore
{
    /// <summary>Stores (or replaces) a document and returns its path.</summary>
    Task<string> SaveAsync(string incidentId, string name, string contentType, BinaryData content, CancellationToken cancellation);

    /// <summary>
    /// Stores a document only if nothing has that name yet and returns its path; null when the name
    /// is taken (a report version someone else uploaded at the same moment keeps its content).
    /// </summary>
    Task<string?> CreateAsync(string incidentId, string name, string contentType, BinaryData content, CancellationToken cancellation);

    Task<StoredDocument?> ReadAsync(string path, CancellationToken cancellation);

    IAsyncEnumerable<string> ListAsync(string incidentId, CancellationToken cancellation);
}

public sealed record StoredDocument(string Path, string ContentType, BinaryData Content);

/// <summary>A file a person uploaded with a form (e.g. a completed scoping template).</summary>
public sealed record UploadedDocument(string FileName, string ContentType, BinaryData Content);
