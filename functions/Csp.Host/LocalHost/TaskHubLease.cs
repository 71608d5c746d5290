using Azure;
using Azure.Storage.Blobs.Models;
using Csp.Storage;

namespace Csp.Host.LocalHost;

/// <summary>
/// Whether another host holds the task hub's lease (one engine runs a hub at a time). The engine
/// waits for the lease; the local host first says who it is waiting for and how to run a second
/// copy beside the first instead, so a second checkout never silently joins or hangs.
/// </summary>
public static class TaskHubLease
{
    public static async Task<bool> IsHeldAsync(StorageAccount account, string taskHub, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(account);
        var blob = account.Blobs.GetBlobContainerClient(taskHub.ToLowerInvariant() + "-leases").GetBlobClient("hub");
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellation);
            return properties.Value.LeaseState == LeaseState.Leased;
        }
        catch (RequestFailedException ex) when (ex.IsNotFound())
        {
            return false;
        }
    }

    /// <summary>What to tell the person starting a host whose hub is taken.</summary>
    public static string Explain(string taskHub) =>
        $"The task hub '{taskHub}' is in use by another host on this storage (another copy of the local host, or one that stopped less than a minute ago). " +
        "This host waits until that lease is released. To run a second copy beside the first, give it its own port, emulator and hub, for example: " +
        "--Host:LocalHttpPort=7072 --Host:AzuriteBlobPort=10010 --Host:AzuriteQueuePort=10011 --Host:AzuriteTablePort=10012 " +
        $"(or, on the same emulator, --Csp:Durable:TaskHub={taskHub}2 --Csp:Storage:TablePrefix=Csp2).";
}
