using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CspFunctions.Http;

/// <summary>
/// The staff pages (Csp.Web's <c>PageEndpoints</c>): signed-in staff only; a person who is not
/// signed in is sent to App Service authentication's Entra ID sign-in, as the handler decides.
/// </summary>
public sealed class StaffPageFunctions(CspWebPipeline web)
{
    /// <summary>
    /// The dashboard at the site's root. An empty route means "the function's name" to the
    /// Functions host, so the root is an optional segment that must be empty.
    /// </summary>
    public const string RootRoute = "{root:maxlength(0)?}";

    [Function(nameof(Dashboard))]
    public Task<IResult> Dashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RootRoute)] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(IncidentPage))]
    public Task<IResult> IncidentPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "incidents/{incidentId}")] HttpRequest request) => web.HandleAsync(request);

    // Raises the step's event on the incident's orchestration.
    [Function(nameof(IncidentPageAction))]
    public Task<IResult> IncidentPageAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "incidents/{incidentId}/actions/{action}")] HttpRequest request,
        [DurableClient] DurableTaskClient client) => web.HandleAsync(request, client);

    [Function(nameof(NewReferralForm))]
    public Task<IResult> NewReferralForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "referrals/new")] HttpRequest request) => web.HandleAsync(request);

    // Starts an incident orchestration.
    [Function(nameof(SubmitReferralForm))]
    public Task<IResult> SubmitReferralForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "referrals/new")] HttpRequest request,
        [DurableClient] DurableTaskClient client) => web.HandleAsync(request, client);

    // Moves a waiting step's link to someone else (business unit).
    [Function(nameof(ReassignStep))]
    public Task<IResult> ReassignStep(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "incidents/{incidentId}/reassign")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(ReferralReceived))]
    public Task<IResult> ReferralReceived(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "referrals/received/{incidentId}")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(ResubmitReferralForm))]
    public Task<IResult> ResubmitReferralForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "incidents/{incidentId}/resubmit")] HttpRequest request) => web.HandleAsync(request);

    // Raises the resubmission event.
    [Function(nameof(ResubmitReferral))]
    public Task<IResult> ResubmitReferral(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "incidents/{incidentId}/resubmit")] HttpRequest request,
        [DurableClient] DurableTaskClient client) => web.HandleAsync(request, client);
}
