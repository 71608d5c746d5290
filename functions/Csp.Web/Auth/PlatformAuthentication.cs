namespace Csp.Web.Auth;

/// <summary>
/// Whether App Service authentication (Easy Auth) is on in front of this process, as the platform
/// says: it sets the environment variable <c>WEBSITE_AUTH_ENABLED=True</c> when it signs people in
/// and strips <c>X-MS-CLIENT-PRINCIPAL*</c> from incoming requests. Only then are those headers the
/// platform's; anywhere else any caller can send them. No setting of the app can say otherwise
/// (tests replace this service).
/// </summary>
public class PlatformAuthentication
{
    public const string EnvironmentVariable = "WEBSITE_AUTH_ENABLED";

    public virtual bool IsOn =>
        string.Equals(Environment.GetEnvironmentVariable(EnvironmentVariable), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>For tests: a platform whose authentication is on, or off, whatever this machine's environment says.</summary>
    public static PlatformAuthentication Fixed(bool on) => new FixedPlatform(on);

    private sealed class FixedPlatform(bool on) : PlatformAuthentication
    {
        public override bool IsOn => on;
    }
}
