namespace Csp.Web;

/// <summary>
/// Settings of the web layer read from the <c>Csp</c> section (environment variables and
/// local.settings.json use <c>Csp__ApiKeys</c>, <c>Csp__PublicBaseUrl</c>, ...).
/// </summary>
public sealed class CspWebOptions
{
    public const string SectionName = "Csp";

    /// <summary>
    /// Keys accepted in the <c>x-functions-key</c> header on <c>POST /api/referrals</c>, comma-separated.
    /// Empty: only signed-in staff (or development mode) may submit through the API.
    /// </summary>
    public string? ApiKeys { get; set; }

    /// <summary>The address people use to reach the service (links in emails are built on it).</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The partnership's name, shown in the page header.</summary>
    public PartnershipSettings Partnership { get; set; } = new();

    public IReadOnlyList<string> ParsedApiKeys() =>
        (ApiKeys ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public sealed class PartnershipSettings
    {
        public string? Name { get; set; }
    }
}

/// <summary>
/// Development mode (section <c>Csp:Development</c>): the development sign-in, the
/// <c>X-Csp-Dev-User</c> header, the development mailbox and clock. Off unless a setting turns it
/// on; the local host turns it on by default.
/// </summary>
public sealed class DevelopmentOptions
{
    public const string SectionName = "Csp:Development";

    public bool Enabled { get; set; }
}

/// <summary>
/// How staff sign in (section <c>Csp:Authentication</c>). In Azure, App Service authentication
/// (Easy Auth) signs people in with Entra ID and passes the principal in <c>X-MS-CLIENT-PRINCIPAL</c>
/// headers. Whether those headers are trusted is not a setting: the platform says whether it is on
/// (<see cref="Auth.PlatformAuthentication"/>).
/// </summary>
public sealed class StaffAuthenticationOptions
{
    public const string SectionName = "Csp:Authentication";

    /// <summary>Where an unsigned-in person is sent in Azure (the Easy Auth login of the Entra ID provider).</summary>
    public string AppServiceLoginPath { get; set; } = "/.auth/login/aad";
}

/// <summary>Size limits on request bodies: every body is bounded before it is parsed.</summary>
public static class RequestLimits
{
    /// <summary><c>POST /api/referrals</c> and the referral form.</summary>
    public const int ReferralBytes = 256 * 1024;

    /// <summary>Staff action bodies and link forms without documents.</summary>
    public const int ActionBytes = 64 * 1024;

    /// <summary>One batch of email service events (SendGrid posts a batch when it reaches 768 KB).</summary>
    public const int EmailEventBytes = 1024 * 1024;

    /// <summary>Small development and sign-in bodies.</summary>
    public const int SmallBytes = 4 * 1024;

    /// <summary>One document attached to a scoping return.</summary>
    public const int DocumentBytes = 10 * 1024 * 1024;

    /// <summary>Documents attached to one scoping return (the workflow's limit too).</summary>
    public const int DocumentsPerReturn = 5;

    /// <summary>A whole scoping-return upload (form fields and every document).</summary>
    public const int ScopingUploadBytes = DocumentsPerReturn * DocumentBytes + ActionBytes;

    /// <summary>The largest body the server reads at all (the upload limit); Kestrel refuses more.</summary>
    public const long ServerMaxBytes = ScopingUploadBytes;
}
