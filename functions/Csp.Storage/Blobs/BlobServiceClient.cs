using Csp.Storage.Internal;

namespace Csp.Storage.Blobs;

/// <summary>The Blob service of one account. Thread-safe; create once and share (one pipeline).</summary>
public sealed class BlobServiceClient
{
    private readonly StorageServiceCore _core;

    internal BlobServiceClient(StorageServiceCore core) => _core = core;

    public Uri Endpoint => _core.Endpoint;

    /// <summary>A client for one container (cheap; no request is made).</summary>
    /// <exception cref="ArgumentException">The name is not 3-63 lower-case letters, digits and single hyphens.</exception>
    public BlobContainerClient GetBlobContainerClient(string name)
    {
        ValidateContainerName(name);
        return new BlobContainerClient(_core, name);
    }

    internal static void ValidateContainerName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var ok = name.Length is >= 3 and <= 63
                 && (char.IsAsciiLetterLower(name[0]) || char.IsAsciiDigit(name[0]))
                 && name[^1] != '-'
                 && !name.Contains("--", StringComparison.Ordinal);
        foreach (var c in name) ok &= char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-';
        if (!ok)
        {
            throw new ArgumentException(
                $"Container name '{name}' is invalid: use 3-63 lower-case letters, digits and single hyphens, " +
                "starting and ending with a letter or digit.",
                nameof(name));
        }
    }
}
