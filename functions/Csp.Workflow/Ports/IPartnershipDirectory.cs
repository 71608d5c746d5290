using Csp.Workflow.Configuration;

namespace Csp.Workflow.Ports;

/// <summary>
/// The partnership's people as data the business unit keeps: one current version, written only over
/// the version it was read at (ETag), and one history row per change (who, when, what changed)
/// written in the same transaction. Tables in Azure; in memory for tests and simulations.
/// </summary>
public interface IPartnershipDirectory
{
    Task InitializeAsync(CancellationToken cancellation);

    /// <summary>The current version; null before anyone (or the seed) has written one.</summary>
    Task<StoredPartnership?> ReadAsync(CancellationToken cancellation);

    /// <summary>
    /// Writes <paramref name="next"/> and its history row if the stored version is still <paramref name="etag"/>
    /// (null: only if none is stored yet). False when someone else wrote first: nothing is written.
    /// </summary>
    Task<bool> TryWriteAsync(PartnershipOptions next, int version, string? etag, PartnershipChange change, CancellationToken cancellation);

    /// <summary>The changes, newest first.</summary>
    Task<IReadOnlyList<PartnershipChange>> HistoryAsync(int max, CancellationToken cancellation);
}

/// <summary>The stored partnership with its version number (1, 2, ...) and the ETag that guards the next write.</summary>
public sealed record StoredPartnership(PartnershipOptions Partnership, int Version, string ETag);

/// <summary>One change to the directory: who made it, when, and what changed, in words.</summary>
public sealed record PartnershipChange(int Version, DateTimeOffset At, string By, IReadOnlyList<string> Changes);
