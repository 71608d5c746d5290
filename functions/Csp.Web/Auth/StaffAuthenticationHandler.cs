using System.Security.Claims;
using System.Text.Encodings.Web;
using Csp.Web.Http;
using Csp.Web.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Csp.Web.Auth;

/// <summary>
/// Who is calling: App Service authentication headers (only when the platform says it is on), or in
/// development mode the <c>X-Csp-Dev-User: name;role</c> header or the development sign-in cookie.
/// API calls without a user get 401 problem details; pages redirect to the sign-in. With neither
/// (production, platform authentication off) staff routes answer 503: staff sign-in is not configured.
/// </summary>
public sealed partial class StaffAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<DevelopmentOptions> development,
    IOptionsMonitor<StaffAuthenticationOptions> staffAuthentication,
    PlatformAuthentication platform,
    DevSignIn devSignIn)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SourceAppService = "app-service";
    public const string SourceDevHeader = "development-header";
    public const string SourceDevCookie = "development-sign-in";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers;
        if (platform.IsOn)
        {
            var outcome = AppServicePrincipal.TryRead(headers[AppServicePrincipal.PrincipalHeader], headers[AppServicePrincipal.NameHeader], out var user);
            switch (outcome)
            {
                case AppServicePrincipal.Outcome.SignedIn:
                    return Task.FromResult(Success(StaffClaims.Principal(user!, SourceAppService)));
                case AppServicePrincipal.Outcome.NoRole:
                    // Signed in but given no role: authenticated, so authorisation answers 403 (not a login loop).
                    var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "no-role"), new Claim(StaffClaims.SourceClaim, SourceAppService)],
                        StaffClaims.Scheme, ClaimTypes.Name, ClaimTypes.Role);
                    return Task.FromResult(Success(new ClaimsPrincipal(identity)));
                case AppServicePrincipal.Outcome.Malformed:
                    return Task.FromResult(AuthenticateResult.Fail("The App Service principal header is malformed."));
            }
        }

        if (!development.CurrentValue.Enabled) return Task.FromResult(AuthenticateResult.NoResult());

        if (headers.TryGetValue(DevSignIn.HeaderName, out var devHeader))
        {
            // Two headers would leave it to chance (or to whichever a proxy keeps) who is signed in.
            if (devHeader.Count != 1)
                return Task.FromResult(AuthenticateResult.Fail($"The {DevSignIn.HeaderName} header must be sent once."));
            return Task.FromResult(StaffClaims.TryParseNameAndRole(devHeader.ToString(), out var user, out var problem)
                ? Success(StaffClaims.Principal(user!, SourceDevHeader))
                : AuthenticateResult.Fail($"The {DevSignIn.HeaderName} header {problem}."));
        }
        if (devSignIn.Read(Request) is { } signedIn)
            return Task.FromResult(Success(StaffClaims.Principal(signedIn, SourceDevCookie)));
        return Task.FromResult(AuthenticateResult.NoResult());
    }

    private AuthenticateResult Success(ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (!development.CurrentValue.Enabled && !platform.IsOn)
        {
            // Nobody can sign in: say so (503, the service is not ready), never a login loop or a bare 401.
            LogSignInNotConfigured(Logger, PlatformAuthentication.EnvironmentVariable);
            if (WebPaths.IsApi(Request.Path))
            {
                await Problems.Status(StatusCodes.Status503ServiceUnavailable, "Staff sign-in is not configured", SignInNotConfigured).ExecuteAsync(Context);
                return;
            }
            await PageResults.Message(StatusCodes.Status503ServiceUnavailable, "Staff sign-in is not configured", SignInNotConfigured)
                .ExecuteAsync(Context);
            return;
        }

        if (WebPaths.IsApi(Request.Path))
        {
            Response.Headers.WWWAuthenticate = "Staff";
            var detail = result.Failure?.Message
                ?? (development.CurrentValue.Enabled
                    ? $"Sign in first, or send the header '{DevSignIn.HeaderName}: name;role' (development mode only)."
                    : "Sign in first.");
            await Problems.Unauthorized(detail).ExecuteAsync(Context);
            return;
        }

        var returnUrl = WebPaths.LocalReturnUrl(Request.PathBase + Request.Path + Request.QueryString);
        if (development.CurrentValue.Enabled)
        {
            Response.Redirect(WebPaths.SignIn + "?returnUrl=" + Uri.EscapeDataString(returnUrl));
            return;
        }
        Response.Redirect(staffAuthentication.CurrentValue.AppServiceLoginPath + "?post_login_redirect_uri=" + Uri.EscapeDataString(returnUrl));
    }

    public const string SignInNotConfigured =
        "Staff pages are not available yet because staff sign-in is not configured. The partnership's IT team turns on " +
        "App Service authentication with Entra ID (azd up does it: see \"Deploying to Azure\" in the README). " +
        "Links in emails and the referral API still work.";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Staff sign-in is not configured: a staff route answered 503. App Service authentication is off ({Variable} is not true) and development mode is off.")]
    private static partial void LogSignInNotConfigured(ILogger logger, string variable);

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var user = Context.User.ToStaffUser();
        var detail = user is null
            ? "Your account has no role in this service. Ask the safeguarding partnership's business unit to give you one."
            : $"Your role ({user.Role}) cannot do this.";
        if (WebPaths.IsApi(Request.Path))
        {
            await Problems.Forbidden(detail).ExecuteAsync(Context);
            return;
        }
        await PageResults.Message(StatusCodes.Status403Forbidden, "You cannot use this page", detail).ExecuteAsync(Context);
    }
}
