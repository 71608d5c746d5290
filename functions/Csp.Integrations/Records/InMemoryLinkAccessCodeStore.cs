using System.Globalization;
using Csp.Workflow.Ports;

namespace Csp.Integrations.Records;

/// <summary>Scoping links' one-time codes in memory (tests and simulations), with the Table store's conditional writes.</summary>
public sealed class InMemoryLinkAccessCodeStore : ILinkAccessCodeStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (LinkAccessCode Code, long Version)> _codes = new(StringComparer.Ordinal);
    private long _version;

    public Task<StoredAccessCode?> FindAsync(string tokenHash, CancellationToken cancellation)
    {
        lock (_gate)
        {
            return Task.FromResult(_codes.TryGetValue(tokenHash, out var e) ? new StoredAccessCode(e.Code, Tag(e.Version)) : null);
        }
    }

    public Task<bool> TryWriteAsync(LinkAccessCode code, string? etag, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(code);
        lock (_gate)
        {
            var exists = _codes.TryGetValue(code.TokenHash, out var current);
            if (etag is null ? exists : !exists || Tag(current.Version) != etag) return Task.FromResult(false);
            _codes[code.TokenHash] = (code, ++_version);
            return Task.FromResult(true);
        }
    }

    private static string Tag(long version) => version.ToString(CultureInfo.InvariantCulture);
}
