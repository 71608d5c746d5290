using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CspFunctions.Http;

/// <summary><c>GET /api/health</c> (Csp.Web's <c>HealthApi</c>): storage reachable or not, one word.</summary>
public sealed class HealthFunctions(CspWebPipeline web)
{
    [Function(nameof(Health))]
    public Task<IResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/health")] HttpRequest request) => web.HandleAsync(request);
}
