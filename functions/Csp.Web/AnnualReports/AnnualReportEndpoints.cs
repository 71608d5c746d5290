using Csp.Domain;
using Csp.Web.Auth;
using Csp.Web.Http;
using Csp.Web.Pages;
using Csp.Workflow.AnnualReports;
using Csp.Workflow.Configuration;
using Csp.Workflow.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Csp.Web.AnnualReports;

/// <summary>
/// The annual report for a chosen period, for staff: the page with its charts, the workbook (.xlsx,
/// a sheet per table) and the CSV files (every table in a zip, or one with <c>table=</c>).
/// Downloads are attachments and never cached (<c>Cache-Control: no-store</c> as on every page).
/// Read-only staff may see them: they hold references, dates and decisions, no child's details.
/// </summary>
public static class AnnualReportEndpoints
{
    public const string Page = "/reports/annual";
    public const string Workbook = "/reports/annual/workbook";
    public const string Csv = "/reports/annual/csv";
    public const string TableField = "table";

    public static IEndpointRouteBuilder MapAnnualReport(this IEndpointRouteBuilder endpoints)
    {
        var staff = endpoints.MapGroup("").RequireAuthorization(StaffPolicies.Staff);
        staff.MapGet(Page, PageAsync);
        staff.MapGet(Workbook, WorkbookAsync);
        staff.MapGet(Csv, CsvAsync);
        return endpoints;
    }

    public static string WorkbookLink(ReportPeriod period) => Workbook + "?" + ReportPeriodQuery.QueryString(period);

    public static string CsvLink(ReportPeriod period, string? table = null) =>
        Csv + "?" + ReportPeriodQuery.QueryString(period) + (table is null ? "" : "&" + TableField + "=" + Uri.EscapeDataString(table));

    private static async Task<IResult> PageAsync(HttpContext context, IIncidentRecords records, WorkflowServices workflow, TimeProvider time)
    {
        var builder = new AnnualReportBuilder(records, workflow, time);
        var query = ReportPeriodQuery.Read(context.Request.Query, builder.Today);
        AnnualReport? report = null;
        if (query.Period is { } period) report = await builder.BuildAsync(period, context.RequestAborted);
        return PageResults.Page<AnnualReportPage>(query.Period is null ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK, _ => new()
        {
            [nameof(AnnualReportPage.Form)] = query.Form,
            [nameof(AnnualReportPage.Report)] = report,
            [nameof(AnnualReportPage.Figures)] = report is null ? null : AnnualReportFigures.From(report, workflow.Calendar.Timescales),
            [nameof(AnnualReportPage.Tables)] = report is null ? null : InspectionTables.From(report),
        });
    }

    private static async Task<IResult> WorkbookAsync(HttpContext context, IIncidentRecords records, WorkflowServices workflow, TimeProvider time)
    {
        var builder = new AnnualReportBuilder(records, workflow, time);
        var query = ReportPeriodQuery.Read(context.Request.Query, builder.Today);
        if (query.Period is not { } period) return Problems.Validation(query.Errors, "The period is not valid");
        var report = await builder.BuildAsync(period, context.RequestAborted);
        return TypedResults.File(XlsxWorkbookWriter.Write(report, InspectionTables.From(report)), XlsxWorkbookWriter.ContentType, FileName(period, "xlsx"));
    }

    private static async Task<IResult> CsvAsync(HttpContext context, IIncidentRecords records, WorkflowServices workflow, TimeProvider time)
    {
        var builder = new AnnualReportBuilder(records, workflow, time);
        var query = ReportPeriodQuery.Read(context.Request.Query, builder.Today);
        var errors = query.Errors.ToList();
        var table = context.Request.Query[TableField];
        if (table.Count > 1 || (table.Count == 1 && !InspectionTables.Names.Contains(table.ToString(), StringComparer.Ordinal)))
            errors.Add(new FieldError(TableField, $"Choose one table: {string.Join(", ", InspectionTables.Names)}"));
        if (errors.Count > 0 || query.Period is not { } period) return Problems.Validation(errors, "The export request is not valid");

        var report = await builder.BuildAsync(period, context.RequestAborted);
        var tables = InspectionTables.From(report);
        if (table.Count == 1)
        {
            var one = tables.First(t => t.Name == table.ToString());
            return TypedResults.File(CsvTableWriter.Write(one), CsvTableWriter.ContentType, FileName(period, "csv", one.Name));
        }
        return TypedResults.File(CsvTableWriter.Zip(tables), CsvTableWriter.ZipContentType, FileName(period, "zip"));
    }

    private static string FileName(ReportPeriod period, string extension, string? table = null) =>
        $"annual-report-{Forms.DateParts.Iso(period.From)}-to-{Forms.DateParts.Iso(period.To)}{(table is null ? "" : "-" + table)}.{extension}";
}
