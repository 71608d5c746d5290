using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CspFunctions.Http;

/// <summary>The staff incident API (Csp.Web's <c>IncidentApi</c>): signed-in staff only, checked by the handler's policy.</summary>
public sealed class IncidentApiFunctions(CspWebPipeline web)
{
    [Function(nameof(ListIncidents))]
    public Task<IResult> ListIncidents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/incidents")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(GetIncident))]
    public Task<IResult> GetIncident(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/incidents/{incidentId}")] HttpRequest request) => web.HandleAsync(request);

    // Raises the step's event on the incident's orchestration.
    [Function(nameof(PerformIncidentAction))]
    public Task<IResult> PerformIncidentAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/incidents/{incidentId}/actions/{action}")] HttpRequest request,
        [DurableClient] DurableTaskClient client) => web.HandleAsync(request, client);
}
