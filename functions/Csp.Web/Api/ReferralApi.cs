using Csp.Web.Auth;
using Csp.Web.Http;
using Csp.Web.Referrals;
using Csp.Workflow.Application;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Csp.Web.Api;

/// <summary><c>POST /api/referrals</c>: a referral in, 202 with the incident's id and status address out.</summary>
public static class ReferralApi
{
    public const string Route = "/api/referrals";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>Who a referral sent with an API key is recorded as.</summary>
    public static readonly StaffUser ApiClient = new("Referral API client", StaffRoles.ReadOnly);

    /// <summary>Who a referral is recorded as in development mode when nobody signed in.</summary>
    public static readonly StaffUser DevelopmentSubmitter = new("Development user", StaffRoles.BusinessUnit);

    public sealed record Accepted(string IncidentId, string StatusUrl);

    public static IEndpointRouteBuilder MapReferralApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Route, SubmitAsync).AllowAnonymous().WithName("SubmitReferral");
        return endpoints;
    }

    private static async Task<IResult> SubmitAsync(
        HttpContext context, ReferralIntake intake, ApiKeys apiKeys, IOptionsMonitor<DevelopmentOptions> development, IOptionsMonitor<CspWebOptions> web)
    {
        // A signed-in person, a system with an API key, or anyone in development mode.
        var user = context.User.ToStaffUser();
        if (user is null)
        {
            if (apiKeys.IsValid(context.Request.Headers[ApiKeys.HeaderName]))
                user = ApiClient;
            else if (development.CurrentValue.Enabled && !context.Request.Headers.ContainsKey(DevSignIn.HeaderName))
                user = DevelopmentSubmitter;
            else if ((await context.AuthenticateAsync()).Failure is { } failure)
                return Problems.Unauthorized(failure.Message);
            else if (context.Request.Headers.ContainsKey(ApiKeys.HeaderName))
                return Problems.Unauthorized($"The {ApiKeys.HeaderName} header does not hold a valid key.");
            else if (context.User.Identity?.IsAuthenticated == true)
                return Problems.Forbidden("Your account has no role in this service.");
            else
                return Problems.Unauthorized($"Sign in, or send a key in the {ApiKeys.HeaderName} header.");
        }
        else if (!StaffPolicies.MayChange(user))
        {
            // A referral starts an incident and sends statutory emails: the read-only role changes nothing.
            return Problems.Forbidden($"Your role ({user.Role}) cannot submit referrals.");
        }

        string? idempotencyKey = null;
        if (context.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var keyValues))
        {
            idempotencyKey = keyValues.ToString();
            if (keyValues.Count != 1 || idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || idempotencyKey.Any(c => c is < '!' or > '~'))
                return Problems.BadRequest($"The {IdempotencyKeyHeader} header must be 1 to {MaxIdempotencyKeyLength} visible ASCII characters, like a UUID.");
        }

        var (body, problem) = await RequestBodies.ReadJsonObjectAsync(context, RequestLimits.ReferralBytes, "the referral");
        if (problem is not null) return problem;
        var result = await intake.SubmitAsync(body!, [], user, idempotencyKey, context.RequestAborted);
        if (result.Accepted is not { } accepted)
            return Problems.Validation(result.Errors, "The referral has invalid fields");

        var statusUrl = StatusUrl(web.CurrentValue.PublicBaseUrl, WebPaths.ApiIncident(accepted.IncidentId));
        if (accepted.Duplicate) context.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Json(new Accepted(accepted.IncidentId, statusUrl), WebJson.Options, statusCode: StatusCodes.Status202Accepted)
            .WithLocation(statusUrl);
    }

    /// <summary>
    /// The incident's address on the configured public address, never on the request's Host header
    /// (a client, or a proxy that passes it on, chooses that); relative when no public address is set.
    /// </summary>
    public static string StatusUrl(string? publicBaseUrl, string path) =>
        Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var publicBase) && publicBase.Scheme is "http" or "https"
            ? publicBaseUrl!.TrimEnd('/') + path
            : path;

    private static IResult WithLocation(this IResult result, string location) => new LocationResult(result, location);

    private sealed class LocationResult(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
