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
/// and nothing listens on its ports, runs the local host on http://127.0.0.1:7071 and prints the
/// address. Ctrl+C stops both. Any further arguments are configuration (<c>--Csp:Development:Enabled=false</c>).
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
            var dataFolder = Path.Combine(root, AzuritePorts.From(configuration).DataFolderName);
            await using var storage = await StartStorageAsync(configuration["AzureWebJobsStorage"], dataFolder, stderr);
            if (storage is null) return OperatorCommands.Failed;
            await stdout.WriteLineAsync(storage.Description);

            if (await HubHeldElsewhereAsync(app) is { } hub) await stderr.WriteLineAsync("warning: " + TaskHubLease.Explain(hub));

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
                // Settings are checked before the host starts, so a bad one is reported here and not logged as a failed start.
                app.Services.GetService<IStartupValidator>()?.Validate();
                await app.RunAsync();
            }
            catch (Exception ex) when (SettingProblems(ex) is { Count: > 0 } problems)
            {
                // Every setting that is missing or malformed, by name, at once: no stack trace.
                await stderr.WriteLineAsync($"error: the host cannot start: {problems.Count} setting(s) are missing or not valid.");
                foreach (var problem in problems) await stderr.WriteLineAsync("  " + problem);
                return OperatorCommands.Failed;
            }
            catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await stderr.WriteLineAsync($"error: cannot listen: {ex.Message} Is another copy of the host running?");
                return OperatorCommands.Failed;
            }
        }
        return OperatorCommands.Ok;
    }

    /// <summary>
    /// The settings problems behind a failed start: options validation (each validator lists every
    /// problem it found) and values the configuration binder could not convert (its message names
    /// the setting). Empty for any other failure, which keeps its stack trace.
    /// </summary>
    public static IReadOnlyList<string> SettingProblems(Exception ex) => ex switch
    {
        OptionsValidationException invalid => invalid.Failures.ToList(),
        AggregateException all when all.InnerExceptions.All(e => SettingProblems(e).Count > 0) => all.InnerExceptions.SelectMany(SettingProblems).ToList(),
        InvalidOperationException { Message: var message } when message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => [message],
        _ when ex.InnerException is { } inner && ex is not AggregateException => SettingProblems(inner),
        _ => [],
    };

    /// <summary>
    /// The task hub, when another host holds its lease. Only a hint before starting: settings that
    /// cannot even build the storage client are reported by the start itself, by name.
    /// </summary>
    private static async Task<string?> HubHeldElsewhereAsync(WebApplication app)
    {
        try
        {
            var hub = app.Services.GetRequiredService<IOptions<DurableEngineOptions>>().Value.TaskHub;
            return await TaskHubLease.IsHeldAsync(app.Services.GetRequiredService<StorageAccount>(), hub, CancellationToken.None) ? hub : null;
        }
        catch (Exception ex) when (ex is OptionsValidationException or FormatException or InvalidOperationException or Azure.RequestFailedException or AggregateException)
        {
            return null;
        }
    }

    private static async Task<LocalStorageEmulator?> StartStorageAsync(string? connectionString, string dataFolder, TextWriter stderr)
    {
        try
        {
            return await LocalStorageEmulator.EnsureAsync(connectionString, dataFolder, CancellationToken.None);
        }
        catch (InvalidOperationException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            return null;
        }
    }
}
