namespace Csp.Storage;

/// <summary>
/// A storage request that the service refused (or that never got an answer: <see cref="Status"/> 0).
/// Carries the HTTP status, the service error code (<c>EntityAlreadyExists</c>, <c>BlobNotFound</c>, ...)
/// and the <c>x-ms-request-id</c> that Azure support asks for.
/// </summary>
public class StorageRequestException : Exception
{
    public StorageRequestException(
        string message, int status, string? errorCode = null, string? requestId = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
        RequestId = requestId;
    }

    /// <summary>The HTTP status; 0 when no response arrived (transport failure or timeout after all retries).</summary>
    public int Status { get; }

    /// <summary>The service error code, from <c>x-ms-error-code</c>, the JSON <c>odata.error</c> or the XML <c>&lt;Code&gt;</c>.</summary>
    public string? ErrorCode { get; }

    /// <summary>The service's <c>x-ms-request-id</c>, when a response arrived.</summary>
    public string? RequestId { get; }

    /// <summary>True for 409 Conflict and 412 Precondition Failed: someone else changed or holds the resource.</summary>
    public bool IsConflict => Status is 409 or 412;
}

/// <summary>
/// The typed conflict: an ETag condition failed (412), the entity or blob already exists (409), or a
/// lease is held by someone else. Callers that use optimistic concurrency catch this one type.
/// </summary>
public sealed class StorageConcurrencyException : StorageRequestException
{
    public StorageConcurrencyException(
        string message, int status, string? errorCode = null, string? requestId = null, Exception? innerException = null)
        : base(message, status, errorCode, requestId, innerException)
    {
    }
}
