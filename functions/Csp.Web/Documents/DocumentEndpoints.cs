using System.Text.RegularExpressions;
using Csp.Domain;
using Csp.Web.Auth;
using Csp.Web.Forms;
using Csp.Web.Http;
using Csp.Web.Links;
using Csp.Web.Pages;
using Csp.Workflow.Application;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Csp.Web.Documents;

/// <summary>
/// What staff read beside the process and the reports they upload: a scoping return with its
/// answers and documents, the collated scoping pack, document downloads (only documents the
/// incident lists, only for roles that may see case details, always as an attachment and never
/// cached), and report versions (a page form with anti-forgery, or the API with the file as the body).
/// </summary>
public static partial class DocumentEndpoints
{
    public const string ReportUploadForm = "upload-report";
    public const string ReportFileField = "report";
    public const string ReportKindField = "kind";

    public static IEndpointRouteBuilder MapIncidentDocuments(this IEndpointRouteBuilder endpoints)
    {
        var pages = endpoints.MapGroup("/incidents/{incidentId}").RequireAuthorization(StaffPolicies.Staff);
        pages.MapGet("/scoping/{agencyKey}", ScopingReturnPageAsync);
        pages.MapGet("/scoping-pack", ScopingPackPageAsync);
        pages.MapGet("/documents/{**path}", DownloadAsync);
        pages.MapPost("/reports", UploadFromPageAsync);

        var api = endpoints.MapGroup("/api/incidents/{incidentId}").RequireAuthorization(StaffPolicies.Staff);
        api.MapGet("/scoping/{agencyKey}", ScopingReturnApiAsync);
        api.MapGet("/scoping-pack", ScopingPackApiAsync);
        api.MapGet("/documents/{**path}", DownloadAsync);
        api.MapPost("/reports/{kind}", UploadFromApiAsync);
        return endpoints;
    }

    public static string ScopingReturn(string incidentId, string agencyKey) => WebPaths.Incident(incidentId) + "/scoping/" + Uri.EscapeDataString(agencyKey);

    public static string ScopingPack(string incidentId, int? version = null) =>
        WebPaths.Incident(incidentId) + "/scoping-pack" + (version is { } v ? "?version=" + v : "");

    public static string Download(string incidentId, DocumentView document) =>
        WebPaths.Incident(incidentId) + "/documents/" + string.Join('/', document.Path.Split('/').Select(Uri.EscapeDataString));

    public static string ApiDownload(string incidentId, DocumentView document) =>
        WebPaths.ApiIncident(incidentId) + "/documents/" + string.Join('/', document.Path.Split('/').Select(Uri.EscapeDataString));

    // ---- Scoping returns and the pack ----

    private static async Task<IResult> ScopingReturnPageAsync(string incidentId, string agencyKey, HttpContext context, IIncidentDocuments documents)
    {
        var view = Shaped(incidentId, agencyKey)
            ? await documents.ReadScopingReturnAsync(incidentId, agencyKey, context.User.ToStaffUser()!, context.RequestAborted)
            : null;
        return view is null
            ? NotFoundPage(incidentId, "There is no such scoping return, or your role cannot read scoping returns.")
            : PageResults.Page<ScopingReturnPage>(_ => new() { [nameof(ScopingReturnPage.Return)] = view });
    }

    private static async Task<IResult> ScopingReturnApiAsync(string incidentId, string agencyKey, HttpContext context, IIncidentDocuments documents)
    {
        var view = Shaped(incidentId, agencyKey)
            ? await documents.ReadScopingReturnAsync(incidentId, agencyKey, context.User.ToStaffUser()!, context.RequestAborted)
            : null;
        return view is null
            ? Problems.NotFound("There is no such scoping return, or your role cannot read scoping returns.")
            : TypedResults.Json(view, WebJson.Options);
    }

    private static async Task<IResult> ScopingPackPageAsync(string incidentId, HttpContext context, IIncidentDocuments documents)
    {
        var version = Version(context);
        var pack = Shaped(incidentId) && version is not -1
            ? await documents.ReadScopingPackAsync(incidentId, version, context.User.ToStaffUser()!, context.RequestAborted)
            : null;
        return pack is null
            ? NotFoundPage(incidentId, "No scoping pack has been collated for this incident yet, or your role cannot read it.")
            : PageResults.Page<ScopingPackPage>(_ => new() { [nameof(ScopingPackPage.Pack)] = pack });
    }

    private static async Task<IResult> ScopingPackApiAsync(string incidentId, HttpContext context, IIncidentDocuments documents)
    {
        var version = Version(context);
        if (version == -1) return Problems.Validation([new FieldError("version", "Enter a whole number from 1")], "The query has invalid parameters");
        var pack = Shaped(incidentId)
            ? await documents.ReadScopingPackAsync(incidentId, version, context.User.ToStaffUser()!, context.RequestAborted)
            : null;
        return pack is null
            ? Problems.NotFound("No scoping pack has been collated for this incident yet, or your role cannot read it.")
            : TypedResults.Json(pack, WebJson.Options);
    }

    /// <summary>The <c>version</c> query: null when absent, -1 when not a positive whole number.</summary>
    private static int? Version(HttpContext context)
    {
        var text = context.Request.Query["version"].ToString();
        if (text.Length == 0) return null;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 1 ? v : -1;
    }

    // ---- Downloads ----

    private static async Task<IResult> DownloadAsync(string incidentId, string path, HttpContext context, IIncidentDocuments documents)
    {
        var isApi = WebPaths.IsApi(context.Request.Path);
        var download = Shaped(incidentId) && path.Length <= 400 && !path.Split('/').Any(s => s is "" or "." or "..")
            ? await documents.OpenAsync(incidentId, path, context.User.ToStaffUser()!, context.RequestAborted)
            : null;
        if (download is null)
        {
            const string missing = "There is no such document on this incident, or your role cannot open it.";
            return isApi ? Problems.NotFound(missing) : NotFoundPage(incidentId, missing);
        }
        // Always a download, never rendered here: a document is the agency's, not this site's content.
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(download.Content.ToArray(), download.ContentType, download.FileName);
    }

    // ---- Report uploads ----

    private static async Task<IResult> UploadFromPageAsync(string incidentId, HttpContext context, IIncidentService incidents, IIncidentDocuments documents)
    {
        var (form, refusal) = await FormRequests.ReadAsync(context, RequestLimits.DocumentBytes + RequestLimits.ActionBytes, allowFiles: true);
        if (refusal is not null) return refusal;
        var user = context.User.ToStaffUser()!;
        var view = Shaped(incidentId) ? await incidents.GetIncidentAsync(incidentId, user, context.RequestAborted) : null;
        if (view is null) return NotFoundPage(incidentId, "There is no incident with that reference, or you cannot see it.");

        var errors = new List<FieldError>();
        var kindText = form![ReportKindField].ToString();
        if (!Enum.TryParse<ReportKind>(kindText, out var kind) || !Enum.IsDefined(kind) || int.TryParse(kindText, out _))
            errors.Add(new(ReportKindField, "Select which report this is"));
        var files = form.Files.GetFiles(ReportFileField).Where(f => f.Length > 0 || f.FileName.Length > 0).ToList();
        UploadedDocument? document = null;
        if (files.Count != 1) errors.Add(new(ReportFileField, files.Count == 0 ? "Select the report to upload" : "Upload one file at a time"));
        else
        {
            await using var stream = files[0].OpenReadStream();
            var (name, contentType, error) = DocumentChecks.Check(files[0].FileName, files[0].Length, stream);
            if (error is not null) errors.Add(new(ReportFileField, error));
            else
            {
                stream.Position = 0;
                document = new UploadedDocument(name, contentType!, await BinaryData.FromStreamAsync(stream, context.RequestAborted));
            }
        }
        if (errors.Count == 0)
        {
            try
            {
                await documents.UploadReportAsync(view.IncidentId, kind, document!, user, context.RequestAborted);
                return PageResults.SeeOther(WebPaths.Incident(view.IncidentId) + "?done=" + ReportUploadForm);
            }
            catch (ReportUploadRefusedException ex)
            {
                errors.Add(new(ReportKindField, ex.Message));
            }
        }
        var latest = await incidents.GetIncidentAsync(incidentId, user, context.RequestAborted) ?? view;
        var state = FormState.From(form, errors, ReportUploadForm + ".");
        return PageResults.Page<IncidentPage>(errors.Any(e => e.Field == ReportFileField) ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict, _ => new()
        {
            [nameof(IncidentPage.Incident)] = latest,
            [nameof(IncidentPage.ActionErrors)] = state,
            [nameof(IncidentPage.NoticeIsSuccess)] = false,
        });
    }

    /// <summary><c>POST /api/incidents/{id}/reports/{kind}?fileName=…</c> with the PDF or .docx as the body (its own content type, so no form can post it cross-site).</summary>
    private static async Task<IResult> UploadFromApiAsync(string incidentId, string kind, HttpContext context, IIncidentDocuments documents)
    {
        var user = context.User.ToStaffUser()!;
        if (user.Role == StaffRoles.ReadOnly) return Problems.Forbidden("The read-only role cannot upload reports.");
        if (!Shaped(incidentId)) return Problems.NotFound("There is no incident with that id.");
        if (!Enum.TryParse<ReportKind>(kind, ignoreCase: true, out var reportKind) || !Enum.IsDefined(reportKind) || int.TryParse(kind, out _))
            return Problems.Validation([new FieldError("kind", "Use one of: " + string.Join(", ", Enum.GetNames<ReportKind>()))], "The report kind is not known");
        var contentType = context.Request.ContentType?.Split(';')[0].Trim() ?? "";
        if (contentType is not (DocumentChecks.PdfContentType or DocumentChecks.DocxContentType))
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "The body must be a PDF or Word document",
                $"Send the report as the body with 'Content-Type: {DocumentChecks.PdfContentType}' or '{DocumentChecks.DocxContentType}'.");
        var fileName = context.Request.Query["fileName"].ToString();
        if (fileName.Length is 0 or > 200) return Problems.Validation([new FieldError("fileName", "Give the file's name in the fileName query parameter (200 characters at most)")]);
        RequestBodies.LimitTo(context, RequestLimits.DocumentBytes);
        if (context.Request.ContentLength > RequestLimits.DocumentBytes) return Problems.TooLarge(RequestLimits.DocumentBytes);
        var bytes = await RequestBodies.ReadBoundedAsync(context.Request.Body, RequestLimits.DocumentBytes, context.RequestAborted);
        if (bytes is null) return Problems.TooLarge(RequestLimits.DocumentBytes);
        using var stream = new MemoryStream(bytes);
        var (name, checkedType, error) = DocumentChecks.Check(fileName, bytes.Length, stream);
        if (error is not null) return Problems.Validation([new FieldError("body", error)], "The report cannot be stored");
        if (checkedType != contentType) return Problems.Validation([new FieldError("body", $"{name} does not match its content type")], "The report cannot be stored");
        try
        {
            var version = await documents.UploadReportAsync(incidentId, reportKind, new UploadedDocument(name, checkedType!, BinaryData.FromBytes(bytes)), user, context.RequestAborted);
            return TypedResults.Json(version, WebJson.Options, statusCode: StatusCodes.Status201Created);
        }
        catch (IncidentNotFoundException)
        {
            return Problems.NotFound("There is no incident with that id.");
        }
        catch (ReportUploadRefusedException ex)
        {
            return Problems.Conflict(ex.Message, "The report cannot be uploaded now");
        }
    }

    private static bool Shaped(string incidentId, string? key = null) =>
        IdPattern().IsMatch(incidentId) && (key is null || KeyPattern().IsMatch(key));

    private static IResult NotFoundPage(string incidentId, string message) =>
        PageResults.Message(StatusCodes.Status404NotFound, "Not found", message, "Go to the incident", IdPattern().IsMatch(incidentId) ? WebPaths.Incident(incidentId) : "/");

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9-]{1,20}$")]
    private static partial Regex KeyPattern();
}
