using Azure;

namespace Csp.Storage;

/// <summary>How the stores tell a lost optimistic-concurrency race from a real failure.</summary>
public static class StorageConflicts
{
    /// <summary>
    /// 409 (the entity, blob or lease exists or is held) or 412 (the ETag or lease condition no
    /// longer holds): someone else wrote first. Never retried by the SDK; the caller re-reads.
    /// </summary>
    public static bool IsConflict(this RequestFailedException exception) => exception.Status is 409 or 412;

    /// <summary>404: the entity or blob is not there.</summary>
    public static bool IsNotFound(this RequestFailedException exception) => exception.Status == 404;
}
