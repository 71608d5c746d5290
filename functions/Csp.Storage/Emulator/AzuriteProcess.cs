using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Csp.Storage.Emulator;

/// <summary>
/// Starts Azurite (the Azure Storage emulator installed by <c>npm ci</c>) as a child process on
/// loopback and reports its endpoints. Used by the local host, the benchmarks and the tests.
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    /// <summary>The well-known development account of Azurite and the storage emulator.</summary>
    public const string DevAccountName = "devstoreaccount1";
    public const string DevAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private readonly bool _persisted;

    private AzuriteProcess(Process process, Uri blob, Uri queue, Uri table, bool persisted)
    {
        _process = process;
        _persisted = persisted;
        BlobEndpoint = blob;
        QueueEndpoint = queue;
        TableEndpoint = table;
    }

    public Uri BlobEndpoint { get; }
    public Uri QueueEndpoint { get; }
    public Uri TableEndpoint { get; }

    /// <summary>A connection string with explicit endpoints for this emulator (the queue service too, which Durable Functions' own backend uses).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={DevAccountName};AccountKey={DevAccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    /// <summary>
    /// Starts Azurite. With <paramref name="location"/> null it keeps everything in memory and
    /// listens on free ports; otherwise it persists to that folder on the given ports. It accepts
    /// any service version unless <paramref name="strictApiVersion"/> asks it to refuse versions
    /// newer than its own, as an Azurite started by hand does.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(
        string? location = null, int blobPort = 0, int queuePort = 0, int tablePort = 0,
        CancellationToken cancellationToken = default, bool strictApiVersion = false)
    {
        var script = FindAzuriteScript()
            ?? throw new InvalidOperationException(
                "Azurite is not installed. Run 'npm ci' in the repository root first.");
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(script);
        if (location is null)
        {
            psi.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(location);
            psi.ArgumentList.Add("--location");
            psi.ArgumentList.Add(location);
        }
        foreach (var (flag, value) in new[]
                 {
                     ("--blobHost", "127.0.0.1"), ("--queueHost", "127.0.0.1"), ("--tableHost", "127.0.0.1"),
                     ("--blobPort", blobPort.ToString()), ("--queuePort", queuePort.ToString()),
                     ("--tablePort", tablePort.ToString()),
                 })
        {
            psi.ArgumentList.Add(flag);
            psi.ArgumentList.Add(value);
        }
        if (!strictApiVersion) psi.ArgumentList.Add("--skipApiVersionCheck");
        psi.ArgumentList.Add("--disableProductStyleUrl");
        psi.ArgumentList.Add("--loose");
        // No usage telemetry leaves the machine, and no access log line per request.
        psi.ArgumentList.Add("--disableTelemetry");
        psi.ArgumentList.Add("--silent");

        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start node.");
        Uri? blob = null, queue = null, table = null;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void OnLine(string? line)
        {
            if (line is null) return;
            output.Enqueue(line);
            var m = ListeningPattern().Match(line);
            if (!m.Success) return;
            var uri = new Uri(m.Groups["url"].Value.TrimEnd('/') + "/" + DevAccountName);
            lock (output)
            {
                if (m.Groups["service"].Value == "Blob") blob = uri;
                if (m.Groups["service"].Value == "Queue") queue = uri;
                if (m.Groups["service"].Value == "Table") table = uri;
                if (blob is not null && queue is not null && table is not null) ready.TrySetResult();
            }
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            "Azurite exited before it was ready: " + string.Join(Environment.NewLine, output)));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await ready.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            TryKill(process);
            throw;
        }
        return new AzuriteProcess(process, blob!, queue!, table!, persisted: location is not null);
    }

    /// <summary>Walks up from the working directory and the app's folder to find node_modules/azurite.</summary>
    public static string? FindAzuriteScript()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "node_modules", "azurite", "dist", "src", "azurite.js");
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_process, _persisted ? GracePeriod : TimeSpan.Zero).ConfigureAwait(false);
        _process.Dispose();
    }

    /// <summary>How long a persisting emulator gets to save its data and exit before it is killed.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Stops an emulator process. Given a grace period (and a Unix system), it is first asked to shut
    /// down with SIGTERM: Azurite then closes its servers and saves its database, which it otherwise
    /// saves only every 5 seconds, so killing it outright loses the last writes. It is killed if it
    /// has not exited within the grace period.
    /// </summary>
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        if (HasExited(process)) return;
        if (grace > TimeSpan.Zero && (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            try
            {
                // The shell's own kill, so no procps package is needed.
                using var terminate = Process.Start(new ProcessStartInfo("/bin/sh")
                {
                    ArgumentList = { "-c", "kill -TERM " + process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    UseShellExecute = false,
                });
                if (terminate is not null) await terminate.WaitForExitAsync().ConfigureAwait(false);
                await process.WaitForExitAsync().WaitAsync(grace).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is TimeoutException or System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                // Did not stop in time, or could not be asked: killed below.
            }
        }
        TryKill(process);
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            // The process tree was asked to die; nothing more to wait for.
        }
    }

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at (?<url>https?://\S+)")]
    private static partial Regex ListeningPattern();
}
