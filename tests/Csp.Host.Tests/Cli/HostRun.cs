using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Csp.Host.Tests.Cli;

/// <summary>The host started as a newcomer starts it (<c>dotnet Csp.Host.dll</c> in a checkout-like folder), its output captured.</summary>
internal sealed class HostRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _gate = new();

    public HostRun(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Serves on <paramref name="port"/> from <paramref name="folder"/>, with <paramref name="environment"/> set; returns once it listens.</summary>
    public static async Task<HostRun> ServeAsync(string folder, int port, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Csp.Host.dll"));
        start.ArgumentList.Add($"--Host:LocalHttpPort={port}");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var run = new HostRun(Process.Start(start)!);
        await run.WaitForAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(90));
        return run;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public string Output
    {
        get { lock (_gate) return _output.ToString(); }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate) _output.AppendLine(line);
    }

    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.False(_process.HasExited, "The host exited early:\n" + Output);
            Assert.True(DateTime.UtcNow < until, $"The host did not print '{text}':\n" + Output);
            await Task.Delay(100);
        }
    }

    /// <summary>What Ctrl+C in a terminal sends; returns the exit code.</summary>
    public async Task<int> CtrlCAsync()
    {
        using (var kill = Process.Start("/bin/sh", ["-c", "kill -INT " + _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
