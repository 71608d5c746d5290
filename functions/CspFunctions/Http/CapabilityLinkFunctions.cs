using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CspFunctions.Http;

/// <summary>
/// Capability links from emails (Csp.Web's <c>LinkEndpoints</c>): GET shows the confirmation page
/// and changes nothing; POST, with the page's anti-forgery token, redeems the token once.
/// </summary>
public sealed class CapabilityLinkFunctions(CspWebPipeline web)
{
    [Function(nameof(ShowApprovalLink))]
    public Task<IResult> ShowApprovalLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "a/{token}")] HttpRequest request) => web.HandleAsync(request);

    // Redeeming raises the step's event.
    [Function(nameof(RedeemApprovalLink))]
    public Task<IResult> RedeemApprovalLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "a/{token}")] HttpRequest request,
        [DurableClient] DurableTaskClient client) => web.HandleAsync(request, client);

    [Function(nameof(ShowScopingLink))]
    public Task<IResult> ShowScopingLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "s/{token}")] HttpRequest request) => web.HandleAsync(request);

    // Redeeming raises the step's event.
    [Function(nameof(RedeemScopingLink))]
    public Task<IResult> RedeemScopingLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "s/{token}")] HttpRequest request,
        [DurableClient] DurableTaskClient client) => web.HandleAsync(request, client);

    // An agency that cannot return the template says why from its link's page: raises the step's event.
    [Function(nameof(DeclareScopingReturnImpossible))]
    public Task<IResult> DeclareScopingReturnImpossible(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "s/{token}/cannot-return")] HttpRequest request,
        [DurableClient] DurableTaskClient client) => web.HandleAsync(request, client);

    // The one-time code that proves the holder is the recipient (and shows the child's details on a scoping link): asked for, then entered (Csp.Web's LinkEndpoints).
    [Function(nameof(RequestScopingLinkCode))]
    public Task<IResult> RequestScopingLinkCode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "s/{token}/code")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(CheckScopingLinkCode))]
    public Task<IResult> CheckScopingLinkCode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "s/{token}/code/check")] HttpRequest request) => web.HandleAsync(request);

    // The same code on an approval link to someone without an account (an action-plan owner, the designated officer, an external chair).
    [Function(nameof(RequestApprovalLinkCode))]
    public Task<IResult> RequestApprovalLinkCode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "a/{token}/code")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(CheckApprovalLinkCode))]
    public Task<IResult> CheckApprovalLinkCode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "a/{token}/code/check")] HttpRequest request) => web.HandleAsync(request);
}
