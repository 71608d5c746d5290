using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CspFunctions.Http;

/// <summary><c>GET /api/calendar/working-days</c> (Csp.Web's <c>CalendarApi</c>): public reference data.</summary>
public sealed class CalendarFunctions(CspWebPipeline web)
{
    [Function(nameof(AddWorkingDays))]
    public Task<IResult> AddWorkingDays(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/calendar/working-days")] HttpRequest request) => web.HandleAsync(request);
}
