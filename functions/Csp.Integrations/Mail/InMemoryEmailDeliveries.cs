using System.Collections.Concurrent;
using System.Globalization;
using Csp.Workflow.Ports;

namespace Csp.Integrations.Mail;

/// <summary>Delivery records in memory (tests, simulations), with the same ETag rules as the table store.</summary>
public sealed class InMemoryEmailDeliveries : IEmailDeliveries
{
    private readonly ConcurrentDictionary<string, EmailDelivery> _rows = new(StringComparer.Ordinal);
    private long _version;

    public IReadOnlyList<EmailDelivery> All => _rows.Values.ToList();

    public Task<EmailDelivery?> GetAsync(string deliveryId, CancellationToken cancellation) =>
        Task.FromResult(_rows.GetValueOrDefault(deliveryId));

    public Task<EmailDeliveryClaim> TryAddAsync(EmailDelivery delivery, CancellationToken cancellation)
    {
        var stored = delivery with { ETag = NextETag() };
        return Task.FromResult(_rows.TryAdd(delivery.Id, stored)
            ? new EmailDeliveryClaim(true, stored)
            : new EmailDeliveryClaim(false, _rows[delivery.Id]));
    }

    public Task<bool> TryReplaceAsync(EmailDelivery delivery, string etag, CancellationToken cancellation)
    {
        if (!_rows.TryGetValue(delivery.Id, out var current) || current.ETag != etag) return Task.FromResult(false);
        return Task.FromResult(_rows.TryUpdate(delivery.Id, delivery with { ETag = NextETag() }, current));
    }

    public Task RemoveAsync(string deliveryId, string etag, CancellationToken cancellation)
    {
        if (_rows.TryGetValue(deliveryId, out var current) && current.ETag == etag)
            _rows.TryRemove(new KeyValuePair<string, EmailDelivery>(deliveryId, current));
        return Task.CompletedTask;
    }

    private string NextETag() => Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);
}
