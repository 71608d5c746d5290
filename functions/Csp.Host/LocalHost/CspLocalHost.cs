using Csp.Storage;
using Csp.Web;
using Csp.Web.Development;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Csp.Host.LocalHost;

/// <summary>How to build the local host (the serve command, the tests and the load benchmark differ only here).</summary>
public sealed record LocalHostOptions
{
    public string[] Args { get; init; } = [];

    /// <summary>Where <c>local.settings.json</c> (or the sample) is looked for; null: none is read.</summary>
    public string? SettingsFolder { get; init; }

    /// <summary>Settings above every other source (tests: the Azurite connection string, port 0).</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();

    /// <summary>Where the development clock's offset is kept between runs, from the settings; null: not kept.</summary>
    public Func<IConfiguration, string>? ClockStateFile { get; init; }

    /// <summary>Changes to the services after the defaults (tests only).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Log level of the console log.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;
}

/// <summary>
/// The local and single-machine host: Kestrel serving the handlers and pages of Csp.Web, and the
/// embedded durable engine running the workflow. Settings come, lowest first, from the local-run
/// defaults (development mode on, development storage, port 7071), the local settings file,
/// appsettings, environment variables, the command line, then <see cref="LocalHostOptions.Overrides"/>.
/// </summary>
public static class CspLocalHost
{
    public const int DefaultPort = 7071;

    /// <summary>Set by <see cref="Build"/> when the settings ask for development storage, so <c>serve</c> starts the emulator.</summary>
    public const string UsesEmulatorKey = "Host:UsesStorageEmulator";

    /// <summary>Background storage calls at once on the emulator (see <see cref="BackgroundCallLimit"/>); 0: no limit.</summary>
    public const string BackgroundCallsKey = "Csp:Storage:BackgroundCalls";

    /// <summary>The local run's defaults: every other environment has development mode off unless a setting turns it on.</summary>
    public static readonly IReadOnlyDictionary<string, string?> LocalDefaults = new Dictionary<string, string?>
    {
        ["Csp:Development:Enabled"] = "true",
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        // This process is the only writer of the incident read model: it may keep what it read.
        ["Csp:Storage:CacheReadModel"] = "true",
        ["Host:LocalHttpPort"] = DefaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Azurite answers on one thread: more engine callers only lengthen its queue, and requests
        // (a referral, a page) wait behind the engine's background work. As many as host.json lets
        // Durable Functions run at once in Azure.
        ["Csp:Durable:MaxConcurrentTurns"] = "10",
        ["Csp:Durable:MaxConcurrentActivities"] = "10",
        // On the emulator, the engine's storage calls on the wire at once while a request is in
        // progress; a request's calls never wait for this limit, so a referral queues behind at
        // most this many of the engine's calls. With no request in progress the engine is not limited.
        [BackgroundCallsKey] = "4",
        // The framework's per-request log lines would carry capability tokens from link addresses.
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
    };

    public static WebApplication Build(LocalHostOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = options.Args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Lowest precedence first: defaults, then the local settings file, below appsettings and environment.
        var sources = builder.Configuration.Sources;
        sources.Insert(0, new MemoryConfigurationSource { InitialData = LocalDefaults });
        if (options.SettingsFolder is { } folder && LocalSettings.FindFile(folder) is { } settingsFile)
            sources.Insert(1, new MemoryConfigurationSource { InitialData = LocalSettings.Read(settingsFile) });
        builder.Configuration.AddInMemoryCollection(options.Overrides);
        var configuration = builder.Configuration;
        var development = configuration.GetValue<bool>("Csp:Development:Enabled");
        // Development mode gets a fictional partnership, just above the defaults.
        if (development) sources.Insert(1, new MemoryConfigurationSource { InitialData = DevelopmentPartnership.Settings });

        // Development storage on other ports than the emulator's usual ones: the same account at explicit endpoints.
        if (LocalStorageEmulator.IsDevelopmentStorage(configuration["AzureWebJobsStorage"]))
        {
            configuration[UsesEmulatorKey] = "true";
            var azurite = AzuritePorts.From(configuration);
            if (!azurite.IsDefault) configuration["AzureWebJobsStorage"] = azurite.ConnectionString;
        }

        var port = configuration.GetValue("Host:LocalHttpPort", DefaultPort);
        var urls = configuration["urls"] ?? $"http://127.0.0.1:{port}";
        builder.WebHost.UseUrls(urls);
        // Links in emails point here unless a public address is set.
        var firstUrl = urls.Split(';', StringSplitOptions.RemoveEmptyEntries)[0].TrimEnd('/');
        if (string.IsNullOrEmpty(configuration["Csp:PublicBaseUrl"]) && !firstUrl.EndsWith(":0", StringComparison.Ordinal))
            configuration["Csp:PublicBaseUrl"] = firstUrl;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestLimits.ServerMaxBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
        });
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });

        if (development)
        {
            // The development clock is the one clock of the host: engine, workflow and pages.
            var clockFile = options.ClockStateFile?.Invoke(configuration);
            var clock = new AdjustableClock(ReadOffset(clockFile), offset => WriteOffset(clockFile, offset));
            builder.Services.AddSingleton(clock);
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Services.AddSingleton<IDevelopmentClock>(clock);
        }
        else
        {
            builder.Services.TryAddSingleton(TimeProvider.System);
        }

        // Ctrl+C in a terminal stops Azurite at the same moment as the host: do not wait long for
        // storage that has gone (everything the engine commits is already durable).
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(8));
        builder.Services.AddCspWeb(configuration);
        WorkflowRegistration.Add(builder.Services, configuration, development);
        if (configuration.GetValue(BackgroundCallsKey, 0) is > 0 and var backgroundCalls)
        {
            builder.Services.AddSingleton(new BackgroundCallLimit(backgroundCalls));
            builder.Services.RemoveAll<StorageAccount>();
            builder.Services.AddSingleton(sp => StorageAccountFor(configuration, sp.GetRequiredService<BackgroundCallLimit>()));
        }
        options.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        // What a request does is foreground: its storage calls go before the engine's background work.
        if (app.Services.GetService<BackgroundCallLimit>() is { } limit)
        {
            app.Use(async (context, next) =>
            {
                using var foreground = limit.BeginForeground();
                await next(context);
            });
        }
        app.UseCspWeb();
        app.MapCspWeb();
        return app;
    }

    /// <summary>
    /// The storage account of the settings; on the emulator, whose one thread serves every call in
    /// turn, with background calls limited by <paramref name="limit"/>. Azure serves calls in
    /// parallel, so there nothing is limited.
    /// </summary>
    public static StorageAccount StorageAccountFor(IConfiguration configuration, BackgroundCallLimit? limit, StorageClientSettings? settings = null)
    {
        settings ??= StorageClientSettings.Default;
        var account = StorageAccount.FromConfiguration(configuration, settings: settings);
        return limit is null || !account.IsEmulator ? account : StorageAccount.FromConfiguration(configuration, settings: settings with { BackgroundCalls = limit });
    }

    /// <summary>The address Kestrel actually listens on (port 0 resolves once started).</summary>
    public static Uri Address(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The host is not listening yet.");
        return new Uri(first.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }

    private static TimeSpan ReadOffset(string? file)
    {
        if (file is null || !File.Exists(file)) return TimeSpan.Zero;
        return TimeSpan.TryParse(File.ReadAllText(file).Trim(), System.Globalization.CultureInfo.InvariantCulture, out var offset) && offset >= TimeSpan.Zero
            ? offset
            : TimeSpan.Zero;
    }

    private static void WriteOffset(string? file, TimeSpan offset)
    {
        if (file is null) return;
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, offset.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
    }
}
