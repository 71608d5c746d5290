using Azure.Core;
using Csp.Storage.Blobs;
using Csp.Storage.Internal;
using Csp.Storage.Tables;

namespace Csp.Storage;

/// <summary>
/// A storage account: its endpoints and how requests are authorised (Shared Key from a connection
/// string, or Entra ID tokens). Creates the Table and Blob service clients.
/// </summary>
public sealed class StorageAccount
{
    public const string DevelopmentAccountName = "devstoreaccount1";
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The OAuth scope of Azure Storage (Blob, Table, Queue).</summary>
    public const string TokenScope = "https://storage.azure.com/.default";

    private readonly SharedKeyCredential? _sharedKey;
    private readonly TokenCredential? _tokenCredential;

    private StorageAccount(
        string accountName, Uri tableEndpoint, Uri blobEndpoint, SharedKeyCredential? sharedKey, TokenCredential? token)
    {
        AccountName = accountName;
        TableEndpoint = tableEndpoint;
        BlobEndpoint = blobEndpoint;
        _sharedKey = sharedKey;
        _tokenCredential = token;
    }

    public string AccountName { get; }
    public Uri TableEndpoint { get; }
    public Uri BlobEndpoint { get; }

    /// <summary>True when requests are signed with the account key; false for Entra ID tokens.</summary>
    public bool UsesSharedKey => _sharedKey is not null;

    /// <summary>
    /// Parses a connection string: <c>UseDevelopmentStorage=true</c>, or <c>AccountName</c> and
    /// <c>AccountKey</c> with optional <c>DefaultEndpointsProtocol</c> (default https),
    /// <c>EndpointSuffix</c> (default core.windows.net) and explicit <c>BlobEndpoint</c>/<c>TableEndpoint</c>.
    /// </summary>
    /// <exception cref="FormatException">The string is malformed or lacks a required setting.</exception>
    public static StorageAccount Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                throw new FormatException(
                    $"Storage connection string segment '{NameOnly(part)}' is not of the form Name=Value.");
            }
            settings[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var isDev) && isDev)
        {
            var host = settings.TryGetValue("DevelopmentStorageProxyUri", out var proxy)
                ? new Uri(proxy).Host
                : "127.0.0.1";
            return new StorageAccount(
                DevelopmentAccountName,
                new Uri($"http://{host}:10002/{DevelopmentAccountName}"),
                new Uri($"http://{host}:10000/{DevelopmentAccountName}"),
                new SharedKeyCredential(DevelopmentAccountName, DevelopmentAccountKey),
                token: null);
        }

        if (settings.ContainsKey("SharedAccessSignature"))
        {
            throw new FormatException(
                "Storage connection strings with SharedAccessSignature are not supported; use AccountKey or Entra ID.");
        }
        if (!settings.TryGetValue("AccountName", out var accountName) || accountName.Length == 0)
        {
            throw new FormatException("Storage connection string has no AccountName.");
        }
        if (!settings.TryGetValue("AccountKey", out var accountKey) || accountKey.Length == 0)
        {
            throw new FormatException($"Storage connection string for account '{accountName}' has no AccountKey.");
        }

        var protocol = settings.TryGetValue("DefaultEndpointsProtocol", out var p) ? p.ToLowerInvariant() : "https";
        if (protocol is not ("http" or "https"))
        {
            throw new FormatException($"DefaultEndpointsProtocol must be http or https, not '{protocol}'.");
        }
        var suffix = settings.TryGetValue("EndpointSuffix", out var s) && s.Length > 0 ? s : "core.windows.net";

        var table = settings.TryGetValue("TableEndpoint", out var te)
            ? ParseEndpoint("TableEndpoint", te)
            : new Uri($"{protocol}://{accountName}.table.{suffix}");
        var blob = settings.TryGetValue("BlobEndpoint", out var be)
            ? ParseEndpoint("BlobEndpoint", be)
            : new Uri($"{protocol}://{accountName}.blob.{suffix}");

        return new StorageAccount(accountName, table, blob, new SharedKeyCredential(accountName, accountKey), token: null);
    }

    /// <summary>
    /// An account reached with Entra ID bearer tokens (scope <see cref="TokenScope"/>), e.g. a
    /// managed identity through <c>DefaultAzureCredential</c>. Endpoints must be https.
    /// </summary>
    public static StorageAccount FromTokenCredential(Uri tableEndpoint, Uri blobEndpoint, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(tableEndpoint);
        ArgumentNullException.ThrowIfNull(blobEndpoint);
        ArgumentNullException.ThrowIfNull(credential);
        return new StorageAccount(
            AccountNameFromEndpoint(blobEndpoint), TrimSlash(tableEndpoint), TrimSlash(blobEndpoint), sharedKey: null, credential);
    }

    public TableServiceClient CreateTableServiceClient(StorageClientOptions? options = null)
    {
        options ??= new StorageClientOptions();
        return new TableServiceClient(CreateCore(TableEndpoint, options, isTable: true));
    }

    public BlobServiceClient CreateBlobServiceClient(StorageClientOptions? options = null)
    {
        options ??= new StorageClientOptions();
        return new BlobServiceClient(CreateCore(BlobEndpoint, options, isTable: false));
    }

    private StorageServiceCore CreateCore(Uri endpoint, StorageClientOptions options, bool isTable)
    {
        var version = isTable ? StorageServiceCore.TableServiceVersion : StorageServiceCore.BlobServiceVersion;
        Azure.Core.Pipeline.HttpPipelinePolicy auth = _sharedKey is not null
            ? isTable
                ? new TableSharedKeyPolicy(_sharedKey, options.TableSharedKeyScheme)
                : new BlobSharedKeyPolicy(_sharedKey)
            : new Azure.Core.Pipeline.BearerTokenAuthenticationPolicy(_tokenCredential!, TokenScope);
        var pipeline = Azure.Core.Pipeline.HttpPipelineBuilder.Build(
            options,
            perCallPolicies: [],
            perRetryPolicies: [new StorageHeadersPolicy(version), auth],
            responseClassifier: new ResponseClassifier());
        return new StorageServiceCore(pipeline, endpoint, AccountName, options, isTable);
    }

    private static Uri ParseEndpoint(string name, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            throw new FormatException($"{name} '{value}' is not an absolute http(s) URI.");
        }
        return TrimSlash(uri);
    }

    private static Uri TrimSlash(Uri uri)
    {
        var text = uri.GetLeftPart(UriPartial.Path);
        return text.EndsWith('/') && uri.AbsolutePath.Length > 1 ? new Uri(text.TrimEnd('/')) : new Uri(text);
    }

    /// <summary>The account is the first host label (account.blob.core.windows.net) or, for IP-style
    /// endpoints such as Azurite's, the first path segment.</summary>
    private static string AccountNameFromEndpoint(Uri endpoint)
    {
        if (endpoint.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || endpoint.IsLoopback)
        {
            var segment = endpoint.AbsolutePath.Trim('/').Split('/')[0];
            if (segment.Length > 0) return segment;
        }
        return endpoint.Host.Split('.')[0];
    }

    private static string NameOnly(string segment) => segment.Length > 20 ? segment[..20] + "..." : segment;
}
