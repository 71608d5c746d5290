using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CspFunctions.Http;

/// <summary>
/// The development mailbox and clock (Csp.Web's <c>DevelopmentApi</c> and pages). Every one answers
/// 404 unless <c>Csp__Development__Enabled</c> is true, which it never is in a deployment.
/// </summary>
public sealed class DevelopmentFunctions(CspWebPipeline web)
{
    [Function(nameof(DevMailboxApi))]
    public Task<IResult> DevMailboxApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dev/mailbox")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(DevMailboxMessageApi))]
    public Task<IResult> DevMailboxMessageApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dev/mailbox/{id}")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(DevClockApi))]
    public Task<IResult> DevClockApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dev/clock")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(DevClockAdvanceApi))]
    public Task<IResult> DevClockAdvanceApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/dev/clock/advance")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(DevMailboxPage))]
    public Task<IResult> DevMailboxPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/mailbox")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(DevMailboxMessagePage))]
    public Task<IResult> DevMailboxMessagePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/mailbox/{id}")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(DevMailboxAttachment))]
    public Task<IResult> DevMailboxAttachment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/mailbox/{id}/attachments/{index}")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(DevClockPage))]
    public Task<IResult> DevClockPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dev/clock")] HttpRequest request) => web.HandleAsync(request);
}
