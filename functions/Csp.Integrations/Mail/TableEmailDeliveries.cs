using Csp.Domain;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Csp.Storage;
using Csp.Storage.Tables;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Integrations.Mail;

/// <summary>
/// Delivery records in Azure Table storage (<c>{prefix}EmailDeliveries</c>): one row per delivery id
/// (row keys unique across partitions; the partition is the id's first two characters, to spread
/// load), the record as JSON, every change conditional on the ETag read.
/// </summary>
public sealed class TableEmailDeliveries(TableClient table) : IEmailDeliveries
{
    public Task InitializeAsync(CancellationToken cancellation) => table.CreateIfNotExistsAsync(cancellation);

    public async Task<EmailDelivery?> GetAsync(string deliveryId, CancellationToken cancellation)
    {
        if (!EmailDeliveryIds.LooksValid(deliveryId)) return null;
        var row = await table.FindEntityAsync(Partition(deliveryId), deliveryId, cancellation);
        return row is null ? null : Read(row);
    }

    public async Task<EmailDeliveryClaim> TryAddAsync(EmailDelivery delivery, CancellationToken cancellation)
    {
        try
        {
            var added = await table.AddEntityAsync(Row(delivery), cancellation);
            return new EmailDeliveryClaim(true, delivery with { ETag = added.ETagOf().ToString() });
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            var current = await GetAsync(delivery.Id, cancellation)
                ?? throw new InvalidOperationException($"The delivery record {delivery.Id} exists and vanished; the send will be retried.");
            return new EmailDeliveryClaim(false, current);
        }
    }

    public async Task<bool> TryReplaceAsync(EmailDelivery delivery, string etag, CancellationToken cancellation)
    {
        try
        {
            await table.UpdateEntityAsync(Row(delivery), new ETag(etag), TableUpdateMode.Replace, cancellation);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsNotFound())
        {
            return false;
        }
    }

    public async Task RemoveAsync(string deliveryId, string etag, CancellationToken cancellation)
    {
        try
        {
            await table.DeleteEntityAsync(Partition(deliveryId), deliveryId, new ETag(etag), cancellation);
        }
        catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsNotFound())
        {
            // Someone else took it over: theirs now.
        }
    }

    private static string Partition(string id) => id[..2];

    private static TableEntity Row(EmailDelivery delivery)
    {
        var row = new TableEntity(Partition(delivery.Id), delivery.Id)
        {
            ["State"] = delivery.State.ToString(),
            ["IncidentId"] = delivery.IncidentId ?? "",
        };
        JsonChunks.Write(row, JsonSerializer.Serialize(delivery with { ETag = null }, CspJson.Options));
        return row;
    }

    private static EmailDelivery Read(TableEntity row) =>
        JsonSerializer.Deserialize<EmailDelivery>(JsonChunks.Read(row), CspJson.Options)! with { ETag = row.ETag.ToString() };
}
