using System.Globalization;
using Csp.Storage.Emulator;
using Microsoft.Extensions.Configuration;

namespace Csp.Host.LocalHost;

/// <summary>
/// The ports of the storage emulator the local host uses (for <c>UseDevelopmentStorage=true</c>, or read from
/// a development connection string's loopback endpoints):
/// 10000-10002 unless <c>Host:AzuriteBlobPort</c>, <c>Host:AzuriteQueuePort</c> and
/// <c>Host:AzuriteTablePort</c> say otherwise, so a second copy can run beside the first with its
/// own emulator and data.
/// </summary>
public sealed record AzuritePorts(int Blob, int Queue, int Table)
{
    public static readonly AzuritePorts Default = new(10000, 10001, 10002);

    public bool IsDefault => this == Default;

    public IReadOnlyList<int> All => [Blob, Queue, Table];

    /// <summary>The ports named; a queue port of 0 lets Azurite choose (the host uses no queues).</summary>
    public IEnumerable<int> Fixed => All.Where(p => p > 0);

    public static AzuritePorts From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new AzuritePorts(
            Port(configuration, "Host:AzuriteBlobPort", Default.Blob),
            Port(configuration, "Host:AzuriteQueuePort", Default.Queue),
            Port(configuration, "Host:AzuriteTablePort", Default.Table));
    }

    /// <summary>The connection string for an emulator on these ports (what <c>UseDevelopmentStorage=true</c> means on the default ones).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteProcess.DevAccountName};AccountKey={AzuriteProcess.DevAccountKey};" +
        string.Create(CultureInfo.InvariantCulture,
            $"BlobEndpoint=http://127.0.0.1:{Blob}/{AzuriteProcess.DevAccountName};QueueEndpoint=http://127.0.0.1:{Queue}/{AzuriteProcess.DevAccountName};TableEndpoint=http://127.0.0.1:{Table}/{AzuriteProcess.DevAccountName};");

    /// <summary>Where the emulator keeps its data under the repository: <c>.azurite</c>, or <c>.azurite-{blob port}</c> for other ports.</summary>
    public string DataFolderName => IsDefault ? ".azurite" : ".azurite-" + Blob.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => Queue > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Blob} (blob), {Queue} (queue), {Table} (table)")
        : string.Create(CultureInfo.InvariantCulture, $"{Blob} (blob), {Table} (table)");

    private static int Port(IConfiguration configuration, string key, int fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new InvalidOperationException($"{key} must be a port number from 1 to 65535.");
    }
}
