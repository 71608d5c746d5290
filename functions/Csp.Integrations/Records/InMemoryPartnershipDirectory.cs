using Csp.Domain;
using System.Text.Json;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Integrations.Records;

/// <summary>The partnership directory in memory (tests and simulations): same version and ETag rules as the table.</summary>
public sealed class InMemoryPartnershipDirectory : IPartnershipDirectory
{
    private readonly object _gate = new();
    private readonly List<PartnershipChange> _history = [];
    private string? _json;
    private int _version;
    private long _etag;

    public Task InitializeAsync(CancellationToken cancellation) => Task.CompletedTask;

    public Task<StoredPartnership?> ReadAsync(CancellationToken cancellation)
    {
        lock (_gate)
        {
            return Task.FromResult(_json is null ? null
                : new StoredPartnership(JsonSerializer.Deserialize<PartnershipOptions>(_json, CspJson.Options)!, _version, _etag.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    public Task<bool> TryWriteAsync(PartnershipOptions next, int version, string? etag, PartnershipChange change, CancellationToken cancellation)
    {
        lock (_gate)
        {
            var current = _json is null ? null : _etag.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (current != etag) return Task.FromResult(false);
            _json = JsonSerializer.Serialize(next, CspJson.Options);
            _version = version;
            _etag++;
            _history.Insert(0, change);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<PartnershipChange>> HistoryAsync(int max, CancellationToken cancellation)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<PartnershipChange>>(_history.Take(max).ToList());
        }
    }
}
