using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CspFunctions.Http;

/// <summary>The accessibility statement (Csp.Web's <c>PageEndpoints</c>), open to everyone.</summary>
public sealed class AccessibilityFunctions(CspWebPipeline web)
{
    [Function(nameof(AccessibilityStatement))]
    public Task<IResult> AccessibilityStatement(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "accessibility")] HttpRequest request) => web.HandleAsync(request);
}
