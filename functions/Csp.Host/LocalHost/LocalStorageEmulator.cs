using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Csp.Storage.Emulator;

namespace Csp.Host.LocalHost;

/// <summary>
/// Starts Azurite for the local host when the storage setting is the development account
/// (<c>UseDevelopmentStorage=true</c>: ports 10000 blob, 10001 queue, 10002 table; or the
/// <c>devstoreaccount1</c> account with endpoints on loopback, whose ports are used instead) and
/// nothing listens on its ports yet, keeping its data in <c>.azurite/</c> under the repository root
/// so a restart keeps every incident. If an emulator already listens there, it is used as it is.
/// </summary>
public sealed class LocalStorageEmulator : IAsyncDisposable
{
    private readonly IAsyncDisposable? _process;

    private LocalStorageEmulator(IAsyncDisposable? process, string description)
    {
        _process = process;
        Description = description;
    }

    /// <summary>One line for the console: what storage the host uses.</summary>
    public string Description { get; }

    public bool StartedHere => _process is not null;

    public static bool IsDevelopmentStorage(string? connectionString) => DevelopmentPorts(connectionString) is not null;

    /// <summary>
    /// The emulator ports a development connection string points at: 10000-10002 for
    /// <c>UseDevelopmentStorage=true</c>, the endpoints' ports for the development account on
    /// loopback (so two checkouts, or a test, can each run their own emulator); null for a real account.
    /// </summary>
    public static AzuritePorts? DevelopmentPorts(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) return null;
        var settings = new System.Data.Common.DbConnectionStringBuilder();
        try
        {
            settings.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return null;
        }
        string? Value(string key) => settings.TryGetValue(key, out var value) ? value?.ToString() : null;
        if (string.Equals(Value("UseDevelopmentStorage"), "true", StringComparison.OrdinalIgnoreCase))
            return AzuritePorts.Default;
        if (!string.Equals(Value("AccountName"), AzuriteProcess.DevAccountName, StringComparison.Ordinal)) return null;
        int? LoopbackPort(string key) =>
            Uri.TryCreate(Value(key), UriKind.Absolute, out var uri) && uri.IsLoopback && !uri.IsDefaultPort ? uri.Port : null;
        if (LoopbackPort("BlobEndpoint") is not { } blob || LoopbackPort("TableEndpoint") is not { } table) return null;
        return new AzuritePorts(blob, LoopbackPort("QueueEndpoint") ?? 0, table);
    }

    public static async Task<LocalStorageEmulator> EnsureAsync(string? connectionString, string dataFolder, CancellationToken cancellation)
    {
        if (DevelopmentPorts(connectionString) is not { } ports)
            return new LocalStorageEmulator(null, "Storage: the account in AzureWebJobsStorage.");

        var listening = new List<int>();
        foreach (var port in ports.Fixed)
        {
            if (await IsListeningAsync(port, cancellation)) listening.Add(port);
        }
        if (listening.Count == ports.Fixed.Count())
            return new LocalStorageEmulator(null, $"Storage: the Azure Storage emulator already listening on ports {ports}.");
        if (listening.Count > 0)
        {
            throw new InvalidOperationException(
                $"Port(s) {string.Join(", ", listening)} are in use but not all of {ports} answer: something other than Azurite " +
                "may be using them. Stop it, or set AzureWebJobsStorage to another storage account.");
        }
        var process = await StartAsync(dataFolder, ports, cancellation);
        return new LocalStorageEmulator(process, $"Storage: Azurite started on ports {ports}, data in {dataFolder}.");
    }

    /// <summary>
    /// On Linux Azurite runs in its own session (<c>setsid</c>), so Ctrl+C in the terminal stops the
    /// host first and the host then stops Azurite: the engine's last writes (its lease release) still
    /// reach storage instead of retrying against a dead emulator. Elsewhere it starts normally.
    /// </summary>
    private static async Task<IAsyncDisposable> StartAsync(string dataFolder, AzuritePorts ports, CancellationToken cancellation)
    {
        const string setsid = "/usr/bin/setsid";
        if (!OperatingSystem.IsLinux() || !File.Exists(setsid) || AzuriteProcess.FindAzuriteScript() is not { } script)
            return await AzuriteProcess.StartAsync(dataFolder, ports.Blob, ports.Queue, ports.Table, cancellation);

        Directory.CreateDirectory(dataFolder);
        var start = new ProcessStartInfo(setsid)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     "node", script, "--location", dataFolder,
                     "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                     "--blobPort", ports.Blob.ToString(CultureInfo.InvariantCulture), "--queuePort", ports.Queue.ToString(CultureInfo.InvariantCulture),
                     "--tablePort", ports.Table.ToString(CultureInfo.InvariantCulture),
                     "--skipApiVersionCheck", "--disableProductStyleUrl", "--loose",
                     // No usage telemetry leaves the machine (it holds child data), and no access log per request.
                     "--disableTelemetry", "--silent",
                 })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var detached = new DetachedAzurite(process);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                await detached.DisposeAsync();
                throw new InvalidOperationException("Azurite exited before it was ready: " + string.Join(Environment.NewLine, output));
            }
            if (await IsListeningAsync(ports.Blob, cancellation) && await IsListeningAsync(ports.Table, cancellation)) return detached;
            if (DateTime.UtcNow > deadline)
            {
                await detached.DisposeAsync();
                throw new InvalidOperationException("Azurite did not start listening within a minute.");
            }
            await Task.Delay(100, cancellation);
        }
    }

    private sealed class DetachedAzurite(Process process) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // Asked to shut down, so it saves what it has not saved yet (every incident written in its last seconds).
            await AzuriteProcess.StopAsync(process, AzuriteProcess.GracePeriod);
            process.Dispose();
        }
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
