namespace Csp.Storage.Tables;

/// <summary>How an update or upsert treats properties the entity does not carry.</summary>
public enum TableUpdateMode
{
    /// <summary>Keep stored properties that the entity does not mention.</summary>
    Merge,

    /// <summary>Replace the stored entity with this one.</summary>
    Replace,
}

public enum TableTransactionActionType
{
    Add,
    UpdateMerge,
    UpdateReplace,
    UpsertMerge,
    UpsertReplace,
    Delete,
}

/// <summary>
/// One operation of an entity-group transaction. <paramref name="ETag"/> guards updates and deletes;
/// null means "*" (unconditional). Upserts and adds ignore it.
/// </summary>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, string? ETag = null);

/// <summary>The outcome of one operation: its HTTP status (201/204) and the entity's new ETag (none for deletes).</summary>
public sealed record TableTransactionResult(int Status, string? ETag);

/// <summary>
/// An entity-group transaction was refused; nothing in it was applied. <see cref="FailedActionIndex"/>
/// is the zero-based index of the operation that failed (-1 when the service did not say, e.g. a
/// malformed batch), and <see cref="StorageRequestException.Status"/> that operation's status, so
/// <see cref="StorageRequestException.IsConflict"/> is true for a 409 (already exists) or 412 (ETag mismatch).
/// </summary>
public sealed class TableTransactionFailedException : StorageRequestException
{
    public TableTransactionFailedException(
        string message, int status, string? errorCode, string? requestId, int failedActionIndex, Exception? innerException = null)
        : base(message, status, errorCode, requestId, innerException)
    {
        FailedActionIndex = failedActionIndex;
    }

    public int FailedActionIndex { get; }
}
