using System.Globalization;
using Azure.Core;
using Csp.Storage.Internal;

namespace Csp.Storage.Blobs;

/// <summary>
/// A lease on a blob: exclusive write and delete access for 15-60 seconds or until released.
/// Used as a distributed lock (one holder at a time).
/// </summary>
public sealed class BlobLeaseClient
{
    private readonly StorageServiceCore _core;
    private readonly string _path;

    internal BlobLeaseClient(StorageServiceCore core, string path, string leaseId)
    {
        _core = core;
        _path = path;
        LeaseId = leaseId;
    }

    /// <summary>The lease id this client proposes on acquire and presents afterwards.</summary>
    public string LeaseId { get; private set; }

    /// <summary>An infinite lease (held until released or broken).</summary>
    public static readonly TimeSpan InfiniteLeaseDuration = Timeout.InfiniteTimeSpan;

    /// <summary>Acquires the lease for 15-60 seconds or <see cref="InfiniteLeaseDuration"/>.</summary>
    /// <exception cref="StorageConcurrencyException">Someone else holds the lease (409).</exception>
    public async Task AcquireAsync(TimeSpan duration, CancellationToken ct = default)
    {
        int seconds;
        if (duration == Timeout.InfiniteTimeSpan || duration == TimeSpan.FromSeconds(-1)) seconds = -1;
        else if (duration >= TimeSpan.FromSeconds(15) && duration <= TimeSpan.FromSeconds(60)) seconds = (int)duration.TotalSeconds;
        else throw new ArgumentOutOfRangeException(nameof(duration), duration, "A blob lease lasts 15 to 60 seconds, or is infinite (-1).");

        using var message = Create("acquire");
        message.Request.Headers.SetValue("x-ms-lease-duration", seconds.ToString(CultureInfo.InvariantCulture));
        message.Request.Headers.SetValue("x-ms-proposed-lease-id", LeaseId);
        await SendAsync(message, 201, ct).ConfigureAwait(false);
    }

    /// <summary>Restarts the lease's clock.</summary>
    public async Task RenewAsync(CancellationToken ct = default)
    {
        using var message = Create("renew");
        message.Request.Headers.SetValue("x-ms-lease-id", LeaseId);
        await SendAsync(message, 200, ct).ConfigureAwait(false);
    }

    /// <summary>Gives the lease up so another client can acquire it at once.</summary>
    public async Task ReleaseAsync(CancellationToken ct = default)
    {
        using var message = Create("release");
        message.Request.Headers.SetValue("x-ms-lease-id", LeaseId);
        await SendAsync(message, 200, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Breaks whoever's lease is held, now (<paramref name="breakPeriod"/> zero) or after up to 60 seconds;
    /// without a period a fixed lease runs out and an infinite one breaks at once.
    /// </summary>
    public async Task BreakAsync(TimeSpan? breakPeriod = null, CancellationToken ct = default)
    {
        using var message = Create("break");
        if (breakPeriod is { } period)
        {
            if (period < TimeSpan.Zero || period > TimeSpan.FromSeconds(60))
            {
                throw new ArgumentOutOfRangeException(nameof(breakPeriod), period, "A break period is 0 to 60 seconds.");
            }
            message.Request.Headers.SetValue("x-ms-lease-break-period", ((int)period.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }
        await SendAsync(message, 202, ct).ConfigureAwait(false);
    }

    /// <summary>Changes the id of the held lease to <paramref name="proposedLeaseId"/>.</summary>
    public async Task ChangeAsync(string proposedLeaseId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(proposedLeaseId);
        using var message = Create("change");
        message.Request.Headers.SetValue("x-ms-lease-id", LeaseId);
        message.Request.Headers.SetValue("x-ms-proposed-lease-id", proposedLeaseId);
        await SendAsync(message, 200, ct).ConfigureAwait(false);
        LeaseId = proposedLeaseId;
    }

    private HttpMessage Create(string action)
    {
        var message = _core.CreateMessage(RequestMethod.Put, _path);
        message.Request.Uri.AppendQuery("comp", "lease", escapeValue: false);
        message.Request.Headers.SetValue("x-ms-lease-action", action);
        return message;
    }

    private async Task SendAsync(HttpMessage message, int expected, CancellationToken ct)
    {
        var response = await _core.SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != expected) throw _core.CreateException(message);
    }
}
