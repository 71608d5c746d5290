using System.Net.Sockets;
using Csp.Storage.Emulator;

namespace Csp.Host.LocalHost;

/// <summary>
/// Starts Azurite for the local host when the storage setting is <c>UseDevelopmentStorage=true</c>
/// and nothing listens on its ports yet (10000 blob, 10001 queue, 10002 table), keeping its data in
/// <c>.azurite/</c> under the repository root so a restart keeps every incident. If an emulator
/// already listens there, it is used as it is.
/// </summary>
public sealed class LocalStorageEmulator : IAsyncDisposable
{
    public static readonly int[] Ports = [10000, 10001, 10002];

    private readonly AzuriteProcess? _process;

    private LocalStorageEmulator(AzuriteProcess? process, string description)
    {
        _process = process;
        Description = description;
    }

    /// <summary>One line for the console: what storage the host uses.</summary>
    public string Description { get; }

    public bool StartedHere => _process is not null;

    public static bool IsDevelopmentStorage(string? connectionString) =>
        connectionString is not null
        && connectionString.Replace(" ", "", StringComparison.Ordinal).Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase);

    public static async Task<LocalStorageEmulator> EnsureAsync(string? connectionString, string dataFolder, CancellationToken cancellation)
    {
        if (!IsDevelopmentStorage(connectionString))
            return new LocalStorageEmulator(null, "Storage: the account in AzureWebJobsStorage.");

        var listening = new List<int>();
        foreach (var port in Ports)
        {
            if (await IsListeningAsync(port, cancellation)) listening.Add(port);
        }
        if (listening.Count == Ports.Length)
            return new LocalStorageEmulator(null, "Storage: the Azure Storage emulator already listening on ports 10000-10002.");
        if (listening.Count > 0)
        {
            throw new InvalidOperationException(
                $"Port(s) {string.Join(", ", listening)} are in use but not all of 10000-10002 answer: something other than Azurite " +
                "may be using them. Stop it, or set AzureWebJobsStorage to another storage account.");
        }
        var process = await AzuriteProcess.StartAsync(dataFolder, Ports[0], Ports[1], Ports[2], cancellation);
        return new LocalStorageEmulator(process, $"Storage: Azurite started on ports 10000-10002, data in {dataFolder}.");
    }

    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellation)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
    }
}
