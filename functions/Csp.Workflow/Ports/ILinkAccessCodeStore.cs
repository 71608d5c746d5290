namespace Csp.Workflow.Ports;

/// <summary>
/// The one-time code of a scoping link (at most one live code per link token): only a salted hash
/// of the code is stored, with its expiry, the wrong tries so far and whether it was used. Every
/// change is a conditional (ETag) write, so two tries at once cannot both count as the first.
/// </summary>
public interface ILinkAccessCodeStore
{
    /// <summary>The link's current code by the link token's hash; null when none was ever asked for.</summary>
    Task<StoredAccessCode?> FindAsync(string tokenHash, CancellationToken cancellation);

    /// <summary>
    /// Writes the code: when <paramref name="etag"/> is null only if the link has no code yet,
    /// otherwise only if the stored code is unchanged since it was read. False when someone wrote first.
    /// </summary>
    Task<bool> TryWriteAsync(LinkAccessCode code, string? etag, CancellationToken cancellation);
}

/// <summary>
/// A code sent for one link token: <paramref name="Number"/> counts the codes sent for the link
/// (1 for the first), <paramref name="CodeHash"/> is PBKDF2 of the code with <paramref name="Salt"/>.
/// </summary>
public sealed record LinkAccessCode(
    string TokenHash,
    string IncidentId,
    int Number,
    string Salt,
    string CodeHash,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    int FailedAttempts = 0,
    DateTimeOffset? UsedAt = null);

public sealed record StoredAccessCode(LinkAccessCode Code, string ETag);
