using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Csp.Web.Api;

/// <summary>
/// <c>GET /api/health</c>: 200 <c>Healthy</c> when the service can reach its storage, 503
/// <c>Unhealthy</c> when it cannot. For load balancers and availability tests, so no sign-in, and
/// the answer is one word: no exception text, account name or case data.
/// </summary>
public static class HealthApi
{
    public const string Route = "/api/health";

    public static IServiceCollection AddCspHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        return services;
    }

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(Route, new HealthCheckOptions
        {
            ResponseWriter = (context, report) =>
            {
                context.Response.ContentType = "text/plain; charset=utf-8";
                return context.Response.WriteAsync(report.Status.ToString());
            },
        }).WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head])).AllowAnonymous();
        return endpoints;
    }

    /// <summary>
    /// One page of one table from the shared Table service client: proves the account answers and
    /// the identity may read it. Hosts on in-memory stores have no client and are healthy.
    /// </summary>
    private sealed class StorageHealthCheck(IServiceProvider services) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (services.GetService<TableServiceClient>() is not { } tables) return HealthCheckResult.Healthy();
            try
            {
                await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages())
                    break;
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or Azure.Identity.AuthenticationFailedException or HttpRequestException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("Storage did not answer.");
            }
        }
    }
}
