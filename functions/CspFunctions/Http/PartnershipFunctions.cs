using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CspFunctions.Http;

/// <summary>
/// The Partnership page and the first-load import (Csp.Web's <c>PartnershipEndpoints</c>): staff
/// read it; only the business unit saves or imports.
/// </summary>
public sealed class PartnershipFunctions(CspWebPipeline web)
{
    [Function(nameof(PartnershipPage))]
    public Task<IResult> PartnershipPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "partnership")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(SavePartnership))]
    public Task<IResult> SavePartnership(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "partnership")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(ImportPartnership))]
    public Task<IResult> ImportPartnership(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/partnership/import")] HttpRequest request) => web.HandleAsync(request);
}
