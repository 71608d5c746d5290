using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CspFunctions.Http;

/// <summary>
/// <c>POST /api/referrals</c> (Csp.Web's <c>ReferralApi</c>). Anonymous at the Functions host, so
/// the handler decides, as locally: a signed-in member of staff (App Service authentication), or
/// a system sending one of <c>Csp__ApiKeys</c> in <c>x-functions-key</c>; anything else is a 401
/// problem details, not the host's empty 401.
/// </summary>
public sealed class ReferralFunctions(CspWebPipeline web)
{
    // Starts an incident orchestration.
    [Function(nameof(SubmitReferral))]
    public Task<IResult> SubmitReferral(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/referrals")] HttpRequest request,
        [DurableClient] DurableTaskClient client) => web.HandleAsync(request, client);
}
