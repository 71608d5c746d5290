using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CspFunctions.Http;

/// <summary>
/// The annual report (Csp.Web's <c>AnnualReportEndpoints</c>): the page with its charts, the
/// workbook and the CSV export, for signed-in staff only, as the handlers decide.
/// </summary>
public sealed class AnnualReportFunctions(CspWebPipeline web)
{
    [Function(nameof(AnnualReportPage))]
    public Task<IResult> AnnualReportPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reports/annual")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(AnnualReportWorkbook))]
    public Task<IResult> AnnualReportWorkbook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reports/annual/workbook")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(AnnualReportCsv))]
    public Task<IResult> AnnualReportCsv(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reports/annual/csv")] HttpRequest request) => web.HandleAsync(request);
}
