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
/// Who is calling: App Service authentication headers (only where the platform sets them), or in
/// development mode the <c>X-Csp-Dev-User: name;role</c> header or the development sign-in cookie.
/// API calls without a user get 401 problem details; pages redirect to the sign-in.
/// </summary>
public sealed class StaffAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<DevelopmentOptions> development,
    IOptionsMonitor<StaffAuthenticationOptions> staffAuthentication,
    DevSignIn devSignIn)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SourceAppService = "app-service";
    public const string SourceDevHeader = "development-header";
    public const string SourceDevCookie = "development-sign-in";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers;
        if (staffAuthentication.CurrentValue.TrustsAppServiceHeaders())
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
        var auth = staffAuthentication.CurrentValue;
        if (auth.TrustsAppServiceHeaders())
        {
            Response.Redirect(auth.AppServiceLoginPath + "?post_login_redirect_uri=" + Uri.EscapeDataString(returnUrl));
            return;
        }
        await PageResults.Message(StatusCodes.Status401Unauthorized, "Sign-in is not set up",
            "This service has no sign-in configured. Turn on App Service authentication with Entra ID, or development mode on a local machine.")
            .ExecuteAsync(Context);
    }

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
