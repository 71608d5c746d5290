using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Csp.Storage.Internal;

/// <summary>An account name and its decoded key; signs strings with HMAC-SHA256.</summary>
internal sealed class SharedKeyCredential
{
    private readonly byte[] _key;

    public SharedKeyCredential(string accountName, string base64Key)
    {
        AccountName = accountName;
        try
        {
            _key = Convert.FromBase64String(base64Key);
        }
        catch (FormatException ex)
        {
            // Never echo the key itself.
            throw new FormatException($"The account key for '{accountName}' is not valid Base64.", ex);
        }
    }

    public string AccountName { get; }

    /// <summary>Base64(HMAC-SHA256(key, UTF-8(stringToSign))).</summary>
    public string ComputeSignature(string stringToSign)
    {
        var max = Encoding.UTF8.GetMaxByteCount(stringToSign.Length);
        byte[]? rented = null;
        Span<byte> bytes = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var count = Encoding.UTF8.GetBytes(stringToSign, bytes);
            Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(_key, bytes[..count], hash);
            return Convert.ToBase64String(hash);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
