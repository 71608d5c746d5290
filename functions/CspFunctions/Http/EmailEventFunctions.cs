using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CspFunctions.Http;

/// <summary>
/// Delivery reports from the email services (Csp.Web's <c>EmailEventsApi</c>): SendGrid's signed
/// Event Webhook and GOV.UK Notify's delivery receipts. Anonymous at the host: the handler checks
/// the signature or bearer token.
/// </summary>
public sealed class EmailEventFunctions(CspWebPipeline web)
{
    [Function(nameof(SendGridEmailEvents))]
    public Task<IResult> SendGridEmailEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/email/events/sendgrid")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(NotifyDeliveryReceipts))]
    public Task<IResult> NotifyDeliveryReceipts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/email/events/notify")] HttpRequest request) => web.HandleAsync(request);
}
