using Csp.Durable.Engine;
using Csp.Host.LocalHost;
using Csp.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Csp.Host.Cli;

/// <summary>
/// <c>serve</c> (the default command): starts Azurite when the storage is the development storage
/// and nothing listens on its ports, runs the local host on http://127.0.0.1:7071 (or
/// <c>Host:LocalHttpPort</c>) and prints the address; says so when another host holds the task hub.
/// Ctrl+C (SIGINT) or SIGTERM stops both. Any further arguments are configuration (<c>--Csp:Development:Enabled=false</c>).
/// </summary>
public static class ServeCommand
{
    public const string Name = "serve";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = LocalSettings.FindRepositoryRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory();
        var app = CspLocalHost.Build(new LocalHostOptions
        {
            Args = args,
            SettingsFolder = root,
            // Each emulator's data (and the development clock that goes with it) in its own folder.
            ClockStateFile = configuration => Path.Combine(root, AzuritePorts.From(configuration).DataFolderName, "csp-dev-clock-offset.txt"),
        });
        await using (app)
        {
            var configuration = app.Services.GetRequiredService<IConfiguration>();
            var ports = AzuritePorts.From(configuration);
            var dataFolder = Path.Combine(root, ports.DataFolderName);
            await using var storage = await StartStorageAsync(configuration.GetValue<bool>(CspLocalHost.UsesEmulatorKey), ports, dataFolder, stderr);
            if (storage is null) return OperatorCommands.Failed;
            await stdout.WriteLineAsync(storage.Description);

            var hub = app.Services.GetRequiredService<IOptions<DurableEngineOptions>>().Value.TaskHub;
            if (await TaskHubLease.IsHeldAsync(app.Services.GetRequiredService<StorageAccount>(), hub, CancellationToken.None))
                await stderr.WriteLineAsync("warning: " + TaskHubLease.Explain(hub));

            var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
            lifetime.ApplicationStarted.Register(() =>
            {
                var address = CspLocalHost.Address(app);
                var development = configuration.GetValue<bool>("Csp:Development:Enabled");
                stdout.WriteLine($"CSP local host listening on {address.GetLeftPart(UriPartial.Authority)}");
                if (development)
                    stdout.WriteLine($"Development mode is on: sign in at {address.GetLeftPart(UriPartial.Authority)}/sign-in, emails go to {address.GetLeftPart(UriPartial.Authority)}/dev/mailbox.");
                stdout.WriteLine("Press Ctrl+C to stop.");
            });
            try
            {
                await app.RunAsync();
            }
            catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await stderr.WriteLineAsync($"error: cannot listen: {ex.Message} Is another copy of the host running?");
                return OperatorCommands.Failed;
            }
        }
        return OperatorCommands.Ok;
    }

    private static async Task<LocalStorageEmulator?> StartStorageAsync(bool useEmulator, AzuritePorts ports, string dataFolder, TextWriter stderr)
    {
        try
        {
            return await LocalStorageEmulator.EnsureAsync(useEmulator, ports, dataFolder, CancellationToken.None);
        }
        catch (InvalidOperationException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            return null;
        }
    }
}
