using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Integrations.Records;

/// <summary>The read model in memory (tests, simulations). Stores copies, like the table store, so callers cannot share mutable state.</summary>
public sealed class InMemoryIncidentRecords : IIncidentRecords
{
    private sealed class Entry
    {
        public readonly object Gate = new();
        public IncidentCase? Case;
        public DateTimeOffset UpdatedAt;
        public readonly Dictionary<string, ScopingAgency> Agencies = new(StringComparer.Ordinal);
        public RapidReviewMeeting? Meeting;
        public readonly Dictionary<string, AwaitedStep> Steps = new(StringComparer.Ordinal);
        public readonly Dictionary<string, AuditEntry> Audit = new(StringComparer.Ordinal);
    }

    private readonly ConcurrentDictionary<string, Entry> _incidents = new(StringComparer.Ordinal);

    private Entry For(string id) => _incidents.GetOrAdd(id, _ => new Entry());

    public Task SaveCaseAsync(IncidentCase incidentCase, DateTimeOffset at, CancellationToken cancellation)
    {
        var e = For(incidentCase.IncidentId);
        lock (e.Gate)
        {
            e.Case = incidentCase;
            e.UpdatedAt = at;
        }
        return Task.CompletedTask;
    }

    public Task SaveAgencyAsync(string incidentId, ScopingAgency agency, CancellationToken cancellation)
    {
        var e = For(incidentId);
        lock (e.Gate) e.Agencies[agency.Key] = agency;
        return Task.CompletedTask;
    }

    public Task SaveMeetingAsync(string incidentId, RapidReviewMeeting meeting, CancellationToken cancellation)
    {
        var e = For(incidentId);
        lock (e.Gate) e.Meeting = meeting;
        return Task.CompletedTask;
    }

    public Task OpenStepAsync(AwaitedStep step, CancellationToken cancellation)
    {
        var e = For(step.IncidentId);
        lock (e.Gate) e.Steps[step.StepId] = step;
        return Task.CompletedTask;
    }

    public Task CloseStepAsync(string incidentId, string stepId, CancellationToken cancellation)
    {
        var e = For(incidentId);
        lock (e.Gate) e.Steps.Remove(stepId);
        return Task.CompletedTask;
    }

    public Task AppendAuditAsync(string incidentId, IReadOnlyList<AuditEntry> entries, CancellationToken cancellation)
    {
        var e = For(incidentId);
        lock (e.Gate)
        {
            foreach (var entry in entries) e.Audit.TryAdd(entry.Id, entry);
        }
        return Task.CompletedTask;
    }

    public Task<bool> CreateAsync(ProgressRecord initial, CancellationToken cancellation)
    {
        var e = For(initial.IncidentId);
        lock (e.Gate)
        {
            if (e.Case is not null || initial.Case is null) return Task.FromResult(false);
            e.Case = initial.Case;
            e.UpdatedAt = initial.At;
            foreach (var entry in initial.Audit ?? []) e.Audit.TryAdd(entry.Id, entry);
        }
        return Task.FromResult(true);
    }

    public Task<IncidentRecord?> LoadAsync(string incidentId, CancellationToken cancellation)
    {
        if (!_incidents.TryGetValue(incidentId, out var e)) return Task.FromResult<IncidentRecord?>(null);
        lock (e.Gate)
        {
            if (e.Case is null) return Task.FromResult<IncidentRecord?>(null);
            return Task.FromResult<IncidentRecord?>(new IncidentRecord(e.Case, e.UpdatedAt, e.Agencies.Values.OrderBy(a => a.Key, StringComparer.Ordinal).ToList(),
                e.Meeting, e.Steps.Values.ToList(), e.Audit.Values.OrderBy(a => a.At).ThenBy(a => a.Id, StringComparer.Ordinal).ToList()));
        }
    }

    public async IAsyncEnumerable<CaseRow> ListCasesAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        await Task.CompletedTask;
        foreach (var e in _incidents.Values)
        {
            CaseRow? row;
            lock (e.Gate) row = e.Case is null ? null : new CaseRow(e.Case, e.UpdatedAt);
            if (row is not null) yield return row;
        }
    }
}

public sealed class InMemoryIncidentRegistry : IIncidentRegistry
{
    private readonly ConcurrentDictionary<int, int> _counters = new();
    private readonly ConcurrentDictionary<string, string> _submissions = new(StringComparer.Ordinal);

    public Task<int> NextNumberAsync(int year, CancellationToken cancellation) =>
        Task.FromResult(_counters.AddOrUpdate(year, 1, (_, n) => n + 1));

    public Task<string> BindSubmissionAsync(string idempotencyKey, string incidentId, CancellationToken cancellation) =>
        Task.FromResult(_submissions.GetOrAdd(idempotencyKey, incidentId));

    public Task<string?> FindSubmissionAsync(string idempotencyKey, CancellationToken cancellation) =>
        Task.FromResult(_submissions.GetValueOrDefault(idempotencyKey));
}

public sealed class InMemoryCapabilityLinkStore : ICapabilityLinkStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (CapabilityLinkRecord Link, long Version)> _links = new(StringComparer.Ordinal);
    private readonly HashSet<(string, string)> _closed = new();
    private long _version;

    public Task CreateAsync(CapabilityLinkRecord link, CancellationToken cancellation)
    {
        lock (_gate)
        {
            if (!_links.TryAdd(link.TokenHash, (link, ++_version))) throw new InvalidOperationException("A link with this token hash exists already.");
        }
        return Task.CompletedTask;
    }

    public Task<StoredLink?> FindAsync(string tokenHash, CancellationToken cancellation)
    {
        lock (_gate)
        {
            return Task.FromResult(_links.TryGetValue(tokenHash, out var e) ? new StoredLink(e.Link, e.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null);
        }
    }

    public Task<bool> TryConsumeAsync(StoredLink link, DateTimeOffset usedAt, CancellationToken cancellation)
    {
        lock (_gate)
        {
            if (!_links.TryGetValue(link.Link.TokenHash, out var e) || e.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) != link.ETag)
                return Task.FromResult(false);
            _links[link.Link.TokenHash] = (e.Link with { UsedAt = usedAt }, ++_version);
            return Task.FromResult(true);
        }
    }

    public Task ReleaseAsync(string tokenHash, DateTimeOffset usedAt, CancellationToken cancellation)
    {
        lock (_gate)
        {
            if (_links.TryGetValue(tokenHash, out var e) && e.Link.UsedAt == usedAt)
                _links[tokenHash] = (e.Link with { UsedAt = null }, ++_version);
        }
        return Task.CompletedTask;
    }

    public Task CloseStepAsync(string incidentId, string stepId, DateTimeOffset closedAt, CancellationToken cancellation)
    {
        lock (_gate) _closed.Add((incidentId, stepId));
        return Task.CompletedTask;
    }

    public Task<bool> IsStepClosedAsync(string incidentId, string stepId, CancellationToken cancellation)
    {
        lock (_gate) return Task.FromResult(_closed.Contains((incidentId, stepId)));
    }

    private readonly Dictionary<(string, string, string), int> _newest = new();

    public Task RaiseNewestAsync(string incidentId, string stepId, string recipient, int sequence, CancellationToken cancellation)
    {
        lock (_gate)
        {
            var key = (incidentId, stepId, recipient.ToLowerInvariant());
            if (!_newest.TryGetValue(key, out var current) || current < sequence) _newest[key] = sequence;
        }
        return Task.CompletedTask;
    }

    public Task<int> NewestAsync(string incidentId, string stepId, string recipient, CancellationToken cancellation)
    {
        lock (_gate) return Task.FromResult(_newest.GetValueOrDefault((incidentId, stepId, recipient.ToLowerInvariant())));
    }

    private readonly Dictionary<(string, string, string), StepRecipient> _recipients = new();

    public Task RecordRecipientAsync(CapabilityLinkRecord link, CancellationToken cancellation)
    {
        lock (_gate)
        {
            var key = (link.IncidentId, link.StepId, link.Recipient.ToLowerInvariant());
            _recipients[key] = new StepRecipient(link with { TokenHash = "" }, _recipients.GetValueOrDefault(key)?.Moved);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StepRecipient>> RecipientsAsync(string incidentId, CancellationToken cancellation)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<StepRecipient>>(_recipients.Where(r => r.Key.Item1 == incidentId).Select(r => r.Value).OrderBy(r => r.Link.CreatedAt).ToList());
    }

    public async Task MarkMovedAsync(string incidentId, string stepId, string recipient, StepMove move, CancellationToken cancellation)
    {
        lock (_gate)
        {
            var key = (incidentId, stepId, recipient.ToLowerInvariant());
            if (_recipients.TryGetValue(key, out var existing)) _recipients[key] = existing with { Moved = move };
        }
        await RaiseNewestAsync(incidentId, stepId, recipient, int.MaxValue, cancellation);
    }

    public Task<StepMove?> MovedAsync(string incidentId, string stepId, string recipient, CancellationToken cancellation)
    {
        lock (_gate) return Task.FromResult(_recipients.GetValueOrDefault((incidentId, stepId, recipient.ToLowerInvariant()))?.Moved);
    }
}
