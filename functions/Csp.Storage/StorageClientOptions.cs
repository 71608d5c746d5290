using Azure.Core;

namespace Csp.Storage;

/// <summary>
/// Options for the Table and Blob clients. Retries are exponential (0.8 s base, at most 5 retries,
/// 1 min cap) on 408, 429, 500, 502, 503, 504 and transport failures, and honour <c>Retry-After</c>;
/// 4xx answers such as 409 and 412 are never retried. Override <see cref="ClientOptions.Retry"/> to tune.
/// </summary>
public sealed class StorageClientOptions : ClientOptions
{
    public const int DefaultSingleUploadThreshold = 8 * 1024 * 1024;
    public const int DefaultBlockSize = 8 * 1024 * 1024;

    public StorageClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 5;
        Retry.Delay = TimeSpan.FromMilliseconds(800);
        Retry.MaxDelay = TimeSpan.FromMinutes(1);
        RequestTimeout = TimeSpan.FromSeconds(30);
        Diagnostics.LoggedHeaderNames.Add("x-ms-request-id");
        Diagnostics.LoggedHeaderNames.Add("x-ms-error-code");
        Diagnostics.LoggedHeaderNames.Add("x-ms-version");
    }

    /// <summary>
    /// The time one attempt may take (sending the request and reading each chunk of the response)
    /// before it is cancelled and retried. Same setting as <c>Retry.NetworkTimeout</c>.
    /// </summary>
    public TimeSpan RequestTimeout
    {
        get => Retry.NetworkTimeout;
        set => Retry.NetworkTimeout = value;
    }

    /// <summary>Which Shared Key scheme signs Table requests when the account has a key.</summary>
    public TableSharedKeyScheme TableSharedKeyScheme { get; set; } = TableSharedKeyScheme.SharedKey;

    /// <summary>Uploads up to this size go in one Put Blob; larger ones in blocks.</summary>
    public int BlobSingleUploadThreshold { get; set; } = DefaultSingleUploadThreshold;

    /// <summary>Block size for Put Block uploads.</summary>
    public int BlobBlockSize { get; set; } = DefaultBlockSize;

    /// <summary>How many blocks of one upload are in flight at once.</summary>
    public int BlobUploadConcurrency { get; set; } = 4;
}

/// <summary>The two Shared Key schemes the Table service accepts.</summary>
public enum TableSharedKeyScheme
{
    /// <summary><c>SharedKey</c>: signs verb, Content-MD5, Content-Type, date and resource.</summary>
    SharedKey,

    /// <summary><c>SharedKeyLite</c>: signs date and resource only.</summary>
    SharedKeyLite,
}
