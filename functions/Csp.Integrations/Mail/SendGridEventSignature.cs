using SendGrid.Helpers.EventWebhook;

namespace Csp.Integrations.Mail;

/// <summary>
/// Checks SendGrid's Signed Event Webhook: an ECDSA (P-256, SHA-256) signature over the timestamp
/// header followed by the raw body, made with the key whose public half is configured
/// (<c>Csp:Email:SendGrid:WebhookPublicKey</c>). Verification is SendGrid's own helper.
/// </summary>
public sealed class SendGridEventSignature
{
    public const string SignatureHeader = RequestValidator.SIGNATURE_HEADER;
    public const string TimestampHeader = RequestValidator.TIMESTAMP_HEADER;

    private readonly EllipticCurve.PublicKey _key;

    public SendGridEventSignature(string publicKey) => _key = new RequestValidator().ConvertPublicKeyToECDSA(publicKey);

    public static bool IsValidKey(string publicKey)
    {
        try
        {
            _ = new SendGridEventSignature(publicKey);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="signature"/> (base64 DER) signs <paramref name="timestamp"/> + <paramref name="body"/>.</summary>
    public bool Verify(string body, string signature, string timestamp)
    {
        try
        {
            return new RequestValidator().VerifySignature(_key, body, signature, timestamp);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            return false; // A signature that does not even parse is a bad signature.
        }
    }
}
