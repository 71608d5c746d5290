using System.Text.Json;
using System.Text.RegularExpressions;
using Csp.Domain;
using Csp.Web.Forms;
using Csp.Web.Http;
using Csp.Web.Pages;
using Csp.Workflow.Application;
using Csp.Workflow.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Csp.Web.Links;

/// <summary>
/// Capability links from emails: <c>/a/{token}</c> (approval) and <c>/s/{token}</c> (scoping return).
/// GET only looks the token up and shows the step and its form: mail scanners and link previews
/// that fetch it change nothing. POST, with the page's anti-forgery token, redeems it once.
/// Unknown, tampered, expired, used and finished-step tokens get a clear page and change nothing.
/// A token works only on its own kind of link, and the incident comes from the token, never the form.
/// </summary>
public static partial class LinkEndpoints
{
    public static IEndpointRouteBuilder MapCapabilityLinks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(WebPaths.ApprovalLinkPrefix + "/{token}", (string token, HttpContext context, ICapabilityLinks links) =>
            ShowAsync(LinkKind.Approval, token, context, links)).AllowAnonymous();
        endpoints.MapPost(WebPaths.ApprovalLinkPrefix + "/{token}", (string token, HttpContext context, ICapabilityLinks links) =>
            SubmitAsync(LinkKind.Approval, token, context, links)).AllowAnonymous();
        endpoints.MapGet(WebPaths.ScopingLinkPrefix + "/{token}", (string token, HttpContext context, ICapabilityLinks links) =>
            ShowAsync(LinkKind.ScopingReturn, token, context, links)).AllowAnonymous();
        endpoints.MapPost(WebPaths.ScopingLinkPrefix + "/{token}", (string token, HttpContext context, ICapabilityLinks links) =>
            SubmitAsync(LinkKind.ScopingReturn, token, context, links)).AllowAnonymous();
        endpoints.MapGet(WebPaths.ScopingLinkPrefix + "/{token}/template", TemplateAsync).AllowAnonymous();
        return endpoints;
    }

    /// <summary>The blank template of a scoping return, for as long as its link works; downloading it changes nothing.</summary>
    private static async Task<IResult> TemplateAsync(string token, HttpContext context, ICapabilityLinks links)
    {
        var lookup = await LookupAsync(LinkKind.ScopingReturn, token, links, context.RequestAborted);
        if (lookup.State != LinkState.Valid) return StatePage(lookup.State);
        var returnBy = lookup.Summary?.FirstOrDefault(r => r.Label == "Return it by")?.Value;
        var bytes = ScopingTemplate.Create(lookup.IncidentReference ?? "", returnBy, lookup.Fields);
        return TypedResults.File(bytes, ScopingTemplate.ContentType, $"scoping-template-{lookup.IncidentReference}.docx");
    }

    public static string PathFor(LinkKind kind, string token) =>
        (kind == LinkKind.Approval ? WebPaths.ApprovalLinkPrefix : WebPaths.ScopingLinkPrefix) + "/" + Uri.EscapeDataString(token);

    private static async Task<IResult> ShowAsync(LinkKind kind, string token, HttpContext context, ICapabilityLinks links)
    {
        var lookup = await LookupAsync(kind, token, links, context.RequestAborted);
        if (lookup.State != LinkState.Valid) return StatePage(lookup.State);
        return Page(kind, token, lookup, ActionForm.State(null, [], lookup.Fields, ""), StatusCodes.Status200OK);
    }

    private static async Task<IResult> SubmitAsync(LinkKind kind, string token, HttpContext context, ICapabilityLinks links)
    {
        var limit = kind == LinkKind.ScopingReturn ? RequestLimits.ScopingUploadBytes : RequestLimits.ActionBytes;
        var (form, refusal) = await FormRequests.ReadAsync(context, limit, allowFiles: kind == LinkKind.ScopingReturn);
        if (refusal is not null) return refusal;

        var lookup = await LookupAsync(kind, token, links, context.RequestAborted);
        if (lookup.State != LinkState.Valid) return StatePage(lookup.State);

        var errors = new List<FieldError>();
        var submission = ActionForm.Bind(form!, lookup.Fields, errors);
        var documents = kind == LinkKind.ScopingReturn ? await ReadDocumentsAsync(form!, errors, context.RequestAborted) : [];
        if (errors.Count > 0) return Page(kind, token, lookup, ActionForm.State(form, errors, lookup.Fields, ""), StatusCodes.Status400BadRequest);

        var redemption = await links.RedeemAsync(token, JsonSerializer.SerializeToElement(submission, WebJson.Options), documents, context.RequestAborted);
        if (redemption.State != LinkState.Valid) return StatePage(redemption.State);
        if (redemption.Errors.Count > 0)
        {
            // The workflow names upload errors documents[i]: they belong to the one file box.
            var shown = redemption.Errors.Select(e => e.Field.StartsWith(DocumentsField + "[", StringComparison.Ordinal) ? e with { Field = DocumentsField } : e).ToList();
            return Page(kind, token, lookup, ActionForm.State(form, shown, lookup.Fields, ""), StatusCodes.Status400BadRequest);
        }

        return kind == LinkKind.Approval
            ? PageResults.Message(StatusCodes.Status200OK, "Decision recorded", redemption.Message ?? "Thank you. Your decision has been recorded. You can close this page.")
            : PageResults.Message(StatusCodes.Status200OK, "Scoping return received", redemption.Message ?? "Thank you. The business unit will check your return and may ask for more information. You can close this page.");
    }

    /// <summary>The file box of the scoping return form.</summary>
    public const string DocumentsField = "documents";

    /// <summary>The attached documents, each checked (PDF or .docx by content, size); problems become field errors.</summary>
    private static async Task<IReadOnlyList<UploadedDocument>> ReadDocumentsAsync(IFormCollection form, List<FieldError> errors, CancellationToken cancellation)
    {
        var files = form.Files.GetFiles(DocumentsField).Where(f => f.Length > 0 || f.FileName.Length > 0).ToList();
        if (files.Count > RequestLimits.DocumentsPerReturn)
        {
            errors.Add(new(DocumentsField, $"Attach no more than {RequestLimits.DocumentsPerReturn} documents"));
            return [];
        }
        var documents = new List<UploadedDocument>();
        foreach (var file in files)
        {
            var (document, error) = DocumentChecks.Check(file);
            if (error is not null)
            {
                errors.Add(new(DocumentsField, error));
                continue;
            }
            await using var stream = file.OpenReadStream();
            documents.Add(new UploadedDocument(document!.FileName, document.ContentType, await BinaryData.FromStreamAsync(stream, cancellation)));
        }
        return documents;
    }

    /// <summary>The token's state; a malformed token or one of the other kind of link is "not found".</summary>
    private static async Task<LinkLookup> LookupAsync(LinkKind kind, string token, ICapabilityLinks links, CancellationToken cancellation)
    {
        var notFound = new LinkLookup(LinkState.NotFound, null, null, null, null, null, []);
        if (!TokenShape().IsMatch(token)) return notFound;
        var lookup = await links.LookupAsync(token, cancellation);
        return lookup.State == LinkState.Valid && lookup.Kind != kind ? notFound : lookup;
    }

    private static IResult Page(LinkKind kind, string token, LinkLookup lookup, FormState form, int status) =>
        PageResults.Page<LinkPage>(status, _ => new()
        {
            [nameof(LinkPage.Lookup)] = lookup,
            [nameof(LinkPage.Action)] = PathFor(kind, token),
            [nameof(LinkPage.Form)] = form,
        });

    public static IResult StatePage(LinkState state) => state switch
    {
        LinkState.Expired => PageResults.Message(StatusCodes.Status410Gone, "This link has expired",
            "Nothing has been recorded.\nIf you still need to respond, contact the safeguarding partnership's business unit for a new link."),
        LinkState.Used => PageResults.Message(StatusCodes.Status410Gone, "This link has already been used",
            "A response was recorded when the link was first used, and nothing has changed since.\nIf you need to change it, contact the safeguarding partnership's business unit."),
        LinkState.Superseded => PageResults.Message(StatusCodes.Status410Gone, "A newer link was sent",
            "Nothing has been recorded.\nUse the link in the most recent email about this request: only the newest link works."),
        LinkState.StepClosed => PageResults.Message(StatusCodes.Status409Conflict, "This step is finished",
            "The process has moved on, so nothing has been recorded.\nContact the safeguarding partnership's business unit if you think this is wrong."),
        _ => PageResults.Message(StatusCodes.Status404NotFound, "This link is not valid",
            "Nothing has been recorded.\nCheck you used the whole link from the email. If it still does not work, contact the safeguarding partnership's business unit."),
    };

    /// <summary>Random tokens are URL-safe base64; anything else is refused without a storage lookup.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{16,128}$")]
    private static partial Regex TokenShape();
}
