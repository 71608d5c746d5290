using Csp.Domain;
using Csp.Workflow.Configuration;
using Csp.Workflow.Ports;
using Microsoft.Extensions.Options;

namespace Csp.Workflow.Application;

/// <summary>
/// The partnership's people for everything that writes to them: the last version read from the
/// directory (<see cref="Current"/>, refreshed at most every <see cref="RefreshAfter"/> and at once
/// after a save here), the business unit's saves (validated, over the version the page showed) and
/// the history. Seeds an empty directory on first start.
/// </summary>
public sealed class PartnershipDirectoryService(IPartnershipDirectory directory, TimeProvider time, IOptions<PartnershipOptions> seed)
{
    /// <summary>Where a seeded first version says it came from.</summary>
    public const string SeedSource = "the Csp:Partnership settings";

    private readonly SemaphoreSlim _starting = new(1, 1);
    private bool _started;

    /// <summary>How stale another instance's copy may be after a change saved elsewhere.</summary>
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(15);

    private sealed record Snapshot(PartnershipOptions Partnership, int Version, DateTimeOffset ReadAt);

    private volatile Snapshot _snapshot = new(new PartnershipOptions(), 0, DateTimeOffset.MinValue);

    /// <summary>The partnership as last read; treat as read-only.</summary>
    public PartnershipOptions Current => _snapshot.Partnership;

    public int Version => _snapshot.Version;

    /// <summary>Creates the store and, if it holds nothing yet, writes <paramref name="seed"/> (when it has anything) as version 1.</summary>
    public async Task StartAsync(CancellationToken cancellation)
    {
        if (_started) return;
        await _starting.WaitAsync(cancellation);
        try
        {
            if (_started) return;
            await directory.InitializeAsync(cancellation);
            var stored = await directory.ReadAsync(cancellation);
            if (stored is null && seed.Value is { IsConfigured: true } settings)
            {
                var first = PartnershipRules.Normalise(settings);
                var change = new PartnershipChange(1, time.GetUtcNow(), SeedSource, ["Set up from " + SeedSource + "."]);
                // Another instance starting at the same time may seed first: then its version stands.
                await directory.TryWriteAsync(first, 1, null, change, cancellation);
                stored = await directory.ReadAsync(cancellation);
            }
            _snapshot = stored is null ? new Snapshot(new PartnershipOptions(), 0, time.GetUtcNow()) : new Snapshot(stored.Partnership, stored.Version, time.GetUtcNow());
            _started = true;
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>The current partnership, read again when the copy here is older than <see cref="RefreshAfter"/>.</summary>
    public async Task<PartnershipOptions> RefreshAsync(bool force, CancellationToken cancellation)
    {
        await StartAsync(cancellation);
        var snapshot = _snapshot;
        if (!force && time.GetUtcNow() - snapshot.ReadAt < RefreshAfter) return snapshot.Partnership;
        var stored = await directory.ReadAsync(cancellation);
        var next = stored is null ? new Snapshot(new PartnershipOptions(), 0, time.GetUtcNow()) : new Snapshot(stored.Partnership, stored.Version, time.GetUtcNow());
        _snapshot = next;
        return next.Partnership;
    }

    /// <summary>The current version straight from the store (the page edits over it).</summary>
    public async Task<(PartnershipOptions Partnership, int Version)> ReadAsync(CancellationToken cancellation)
    {
        await StartAsync(cancellation);
        var stored = await directory.ReadAsync(cancellation);
        if (stored is null) return (new PartnershipOptions(), 0);
        _snapshot = new Snapshot(stored.Partnership, stored.Version, time.GetUtcNow());
        return (stored.Partnership, stored.Version);
    }

    public async Task<IReadOnlyList<PartnershipChange>> HistoryAsync(CancellationToken cancellation)
    {
        await StartAsync(cancellation);
        return await directory.HistoryAsync(100, cancellation);
    }

    /// <summary>
    /// Saves the business unit's edit made over <paramref name="shownVersion"/>. Refused with field
    /// errors, or as a conflict when someone saved since: either way nothing is written.
    /// </summary>
    public async Task<PartnershipSave> SaveAsync(PartnershipOptions edited, int shownVersion, string by, CancellationToken cancellation)
    {
        var next = PartnershipRules.Normalise(edited);
        var errors = PartnershipRules.Errors(next);
        if (errors.Count > 0) return new PartnershipSave(PartnershipSaveOutcome.Invalid, errors, []);
        await StartAsync(cancellation);
        var stored = await directory.ReadAsync(cancellation);
        if ((stored?.Version ?? 0) != shownVersion) return new PartnershipSave(PartnershipSaveOutcome.Conflict, [], []);
        var changes = PartnershipRules.Changes(stored?.Partnership ?? new PartnershipOptions(), next);
        if (changes.Count == 0) return new PartnershipSave(PartnershipSaveOutcome.Unchanged, [], []);
        var version = shownVersion + 1;
        var change = new PartnershipChange(version, time.GetUtcNow(), by, changes);
        if (!await directory.TryWriteAsync(next, version, stored?.ETag, change, cancellation))
            return new PartnershipSave(PartnershipSaveOutcome.Conflict, [], []);
        _snapshot = new Snapshot(next, version, time.GetUtcNow());
        return new PartnershipSave(PartnershipSaveOutcome.Saved, [], changes);
    }
}

public enum PartnershipSaveOutcome
{
    Saved,
    Unchanged,
    Invalid,
    Conflict,
}

public sealed record PartnershipSave(PartnershipSaveOutcome Outcome, IReadOnlyList<FieldError> Errors, IReadOnlyList<string> Changes);
