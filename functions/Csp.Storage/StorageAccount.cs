using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace Csp.Storage;

/// <summary>
/// The storage account the product uses: one <see cref="TableServiceClient"/> and one
/// <see cref="BlobServiceClient"/> from the official Azure SDKs, created once and shared by every
/// store. Locally the account is a connection string (Azurite); in Azure it is named the way the
/// Functions host names <c>AzureWebJobsStorage</c> for managed identity (<c>__accountName</c>, or
/// <c>__tableServiceUri</c> and <c>__blobServiceUri</c>) and reached with
/// <see cref="DefaultAzureCredential"/>, because the account has shared keys turned off.
/// </summary>
public sealed class StorageAccount
{
    /// <summary>The configuration name the Functions host uses for its own storage.</summary>
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    /// <summary>
    /// The newest Blob service version Azurite 3.37 accepts. The SDK's default is newer; against the
    /// emulator the clients pin this one so that an Azurite started without
    /// <c>--skipApiVersionCheck</c> (by someone else) still answers.
    /// </summary>
    public const BlobClientOptions.ServiceVersion EmulatorBlobServiceVersion = BlobClientOptions.ServiceVersion.V2026_06_06;

    private StorageAccount(TableServiceClient tables, BlobServiceClient blobs, bool isEmulator)
    {
        Tables = tables;
        Blobs = blobs;
        IsEmulator = isEmulator;
    }

    public TableServiceClient Tables { get; }

    public BlobServiceClient Blobs { get; }

    /// <summary>
    /// True for Azurite (the development account or a loopback endpoint). The emulator answers every
    /// table query by scanning the whole table, which some stores take into account.
    /// </summary>
    public bool IsEmulator { get; }

    /// <summary>A connection string: <c>UseDevelopmentStorage=true</c> or an account with its key or endpoints.</summary>
    /// <exception cref="FormatException">The connection string is malformed; the message names the problem, never the key.</exception>
    public static StorageAccount FromConnectionString(string connectionString, StorageClientSettings? settings = null)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new FormatException($"The storage connection string is empty; set {DefaultConnectionName}.");
        settings ??= StorageClientSettings.Default;
        TableServiceClient tables;
        BlobServiceClient blobs;
        try
        {
            tables = new TableServiceClient(connectionString, settings.Apply(new TableClientOptions()));
            blobs = new BlobServiceClient(connectionString, settings.Apply(new BlobClientOptions(), IsEmulatorConnection(connectionString)));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's messages can quote the string, key and all.
            throw new FormatException("The storage connection string is not valid: it needs UseDevelopmentStorage=true, or AccountName with AccountKey (or explicit endpoints).");
        }
        return new StorageAccount(tables, blobs, IsEmulatorEndpoint(tables.Uri) || tables.AccountName == "devstoreaccount1");
    }

    /// <summary>An account reached with an Entra ID credential (managed identity in Azure).</summary>
    public static StorageAccount FromServiceUris(Uri tableServiceUri, Uri blobServiceUri, TokenCredential credential, StorageClientSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(tableServiceUri);
        ArgumentNullException.ThrowIfNull(blobServiceUri);
        ArgumentNullException.ThrowIfNull(credential);
        settings ??= StorageClientSettings.Default;
        var emulator = IsEmulatorEndpoint(tableServiceUri);
        return new StorageAccount(
            new TableServiceClient(tableServiceUri, credential, settings.Apply(new TableClientOptions())),
            new BlobServiceClient(blobServiceUri, credential, settings.Apply(new BlobClientOptions(), emulator)),
            emulator);
    }

    /// <summary>
    /// Reads the account the way the Functions host does: <c>{name}</c> as a connection string, else
    /// <c>{name}:accountName</c> or <c>{name}:tableServiceUri</c> and <c>{name}:blobServiceUri</c>
    /// with <see cref="DefaultAzureCredential"/> (its managed identity client id from
    /// <c>{name}:clientId</c> when the app runs as a user-assigned identity).
    /// </summary>
    /// <exception cref="FormatException">Nothing usable is configured; the message says what to set.</exception>
    public static StorageAccount FromConfiguration(IConfiguration configuration, string name = DefaultConnectionName,
        TokenCredential? credential = null, StorageClientSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[name];
        if (!string.IsNullOrWhiteSpace(connectionString)) return FromConnectionString(connectionString, settings);

        var section = configuration.GetSection(name);
        var accountName = section["accountName"];
        var tableUri = ParseUri(section, "tableServiceUri")
            ?? (string.IsNullOrWhiteSpace(accountName) ? null : new Uri($"https://{accountName}.table.core.windows.net"));
        var blobUri = ParseUri(section, "blobServiceUri")
            ?? (string.IsNullOrWhiteSpace(accountName) ? null : new Uri($"https://{accountName}.blob.core.windows.net"));
        if (tableUri is null || blobUri is null)
        {
            throw new FormatException(
                $"No storage account is configured: set {name} to a connection string, or {name}__accountName " +
                $"(or {name}__tableServiceUri and {name}__blobServiceUri) for managed identity.");
        }
        credential ??= new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(section["clientId"]) ? null : section["clientId"],
        });
        return FromServiceUris(tableUri, blobUri, credential, settings);
    }

    private static Uri? ParseUri(IConfigurationSection section, string key)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw new FormatException($"{section.Path}__{key} must be an absolute https address, not '{value}'.");
        return uri;
    }

    private static bool IsEmulatorConnection(string connectionString) =>
        connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase) ||
        connectionString.Contains("devstoreaccount1", StringComparison.OrdinalIgnoreCase);

    private static bool IsEmulatorEndpoint(Uri endpoint) => endpoint.IsLoopback;
}

/// <summary>
/// How the shared clients behave. The defaults are the SDK's (exponential retries); tests and
/// benchmarks swap the transport to inject faults or to measure, and turn retries off.
/// </summary>
public sealed record StorageClientSettings
{
    public static readonly StorageClientSettings Default = new();

    /// <summary>Replaces the HTTP transport (fault injection in tests).</summary>
    public HttpPipelineTransport? Transport { get; init; }

    /// <summary>Limits background calls (see <see cref="BackgroundCallLimit"/>); null: no limit.</summary>
    public BackgroundCallLimit? BackgroundCalls { get; init; }

    /// <summary>Retries after a failed attempt; null keeps the SDK's default.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>The delay before the first retry; null keeps the SDK's default.</summary>
    public TimeSpan? RetryDelay { get; init; }

    internal TableClientOptions Apply(TableClientOptions options)
    {
        Configure(options);
        return options;
    }

    internal BlobClientOptions Apply(BlobClientOptions options, bool emulator)
    {
        if (emulator) options = new BlobClientOptions(StorageAccount.EmulatorBlobServiceVersion);
        Configure(options);
        return options;
    }

    private void Configure(ClientOptions options)
    {
        if (Transport is not null) options.Transport = Transport;
        if (BackgroundCalls is not null) options.AddPolicy(BackgroundCalls, HttpPipelinePosition.PerRetry);
        if (MaxRetries is { } retries) options.Retry.MaxRetries = retries;
        if (RetryDelay is { } delay)
        {
            options.Retry.Delay = delay;
            options.Retry.MaxDelay = delay * 10;
        }
        // No request or response content, headers or query strings in logs: they can hold case data.
        options.Diagnostics.IsLoggingContentEnabled = false;
    }
}
