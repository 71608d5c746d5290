using Csp.Web.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CspFunctions.Http;

/// <summary>
/// GOV.UK Frontend and the service's own script and styles (Csp.Web's <c>StaticAssets</c>, under
/// <see cref="StaticAssetPaths"/>), from the copy published beside the worker, never a CDN.
/// </summary>
public sealed class StaticAssetFunctions(CspWebPipeline web)
{
    [Function(nameof(GovUkAssets))]
    public Task<IResult> GovUkAssets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "assets/{*path}")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(GovUkFrontend))]
    public Task<IResult> GovUkFrontend(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "govuk-frontend/{*path}")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(ServiceAssets))]
    public Task<IResult> ServiceAssets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "static/{*path}")] HttpRequest request) => web.HandleAsync(request);
}
