using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CspFunctions.Http;

/// <summary>
/// What staff read and file on an incident (Csp.Web's <c>DocumentEndpoints</c>): each scoping
/// return, the collated pack, document downloads (attachments, never cached, only for documents
/// the incident lists) and report versions; the agency's blank scoping template behind its link.
/// </summary>
public sealed class IncidentDocumentFunctions(CspWebPipeline web)
{
    [Function(nameof(ScopingReturnPage))]
    public Task<IResult> ScopingReturnPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "incidents/{incidentId}/scoping/{agencyKey}")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(ScopingPackPage))]
    public Task<IResult> ScopingPackPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "incidents/{incidentId}/scoping-pack")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(DownloadDocument))]
    public Task<IResult> DownloadDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "incidents/{incidentId}/documents/{*path}")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(UploadReportFromPage))]
    public Task<IResult> UploadReportFromPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "incidents/{incidentId}/reports")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(GetScopingReturn))]
    public Task<IResult> GetScopingReturn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/incidents/{incidentId}/scoping/{agencyKey}")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(GetScopingPack))]
    public Task<IResult> GetScopingPack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/incidents/{incidentId}/scoping-pack")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(GetDocument))]
    public Task<IResult> GetDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/incidents/{incidentId}/documents/{*path}")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(UploadReport))]
    public Task<IResult> UploadReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/incidents/{incidentId}/reports/{kind}")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(ScopingTemplate))]
    public Task<IResult> ScopingTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "s/{token}/template")] HttpRequest request) => web.HandleAsync(request);
}
