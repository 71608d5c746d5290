using System.Text.Json;
using System.Text.RegularExpressions;
using Csp.Domain;
using Csp.Web.Auth;
using Csp.Web.Forms;
using Csp.Web.Http;
using Csp.Web.Pages;
using Csp.Workflow.Application;
using Csp.Workflow.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Csp.Web.Links;

/// <summary>
/// Capability links from emails: <c>/a/{token}</c> (approval) and <c>/s/{token}</c> (scoping return).
/// GET only looks the token up and shows the step and its form: mail scanners and link previews
/// that fetch it change nothing. POST, with the page's anti-forgery token, redeems it once, and only
/// for the person it was sent to: signed in as them (or their deputy), or, for someone without an
/// account, in a browser that entered the one-time code emailed to the link's address.
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
        // POST only: a link never acts on a GET.
        endpoints.MapPost(WebPaths.ScopingLinkPrefix + "/{token}/" + CannotReturnPath, (string token, HttpContext context, ICapabilityLinks links) =>
            CannotReturnAsync(token, context, links)).AllowAnonymous();
        foreach (var kind in new[] { LinkKind.ScopingReturn, LinkKind.Approval })
        {
            var prefix = kind == LinkKind.Approval ? WebPaths.ApprovalLinkPrefix : WebPaths.ScopingLinkPrefix;
            endpoints.MapPost(prefix + "/{token}/" + CodePath, (string token, HttpContext context, ICapabilityLinks links, IScopingLinkAccess access) =>
                RequestCodeAsync(kind, token, context, links, access)).AllowAnonymous();
            endpoints.MapPost(prefix + "/{token}/" + CodePath + "/check", (string token, HttpContext context, ICapabilityLinks links, IScopingLinkAccess access) =>
                CheckCodeAsync(kind, token, context, links, access)).AllowAnonymous();
        }
        return endpoints;
    }

    /// <summary>The blank template of a scoping return, for as long as its link works; downloading it changes nothing.</summary>
    private static async Task<IResult> TemplateAsync(string token, HttpContext context, ICapabilityLinks links)
    {
        var lookup = await LookupAsync(LinkKind.ScopingReturn, token, links, context.RequestAborted);
        if (lookup.State != LinkState.Valid) return StatePage(lookup.State, lookup.Waived);
        var returnBy = lookup.Summary?.FirstOrDefault(r => r.Label == "Return it by")?.Value;
        var bytes = ScopingTemplate.Create(lookup.IncidentReference ?? "", returnBy, lookup.Fields);
        return TypedResults.File(bytes, ScopingTemplate.ContentType, $"scoping-template-{lookup.IncidentReference}.docx");
    }

    public static string PathFor(LinkKind kind, string token) =>
        (kind == LinkKind.Approval ? WebPaths.ApprovalLinkPrefix : WebPaths.ScopingLinkPrefix) + "/" + Uri.EscapeDataString(token);

    private static async Task<IResult> ShowAsync(LinkKind kind, string token, HttpContext context, ICapabilityLinks links)
    {
        var lookup = await LookupAsync(kind, token, links, context.RequestAborted, Caller(kind, token, context));
        if (lookup.State != LinkState.Valid) return StatePage(lookup.State, lookup.Waived);
        var access = await CodeAccessAsync(kind, token, context, lookup);
        // A resubmission starts from the agency's earlier answers (shown only once the code is entered).
        var values = access?.Details?.EarlierAnswers.ToDictionary(a => a.Key, a => new StringValues(a.Value), StringComparer.Ordinal);
        var form = values is { Count: > 0 } ? ActionForm.State(values, lookup.Fields) : ActionForm.State(null, [], lookup.Fields, "");
        return Page(kind, token, lookup, form, StatusCodes.Status200OK, access);
    }

    private static async Task<IResult> SubmitAsync(LinkKind kind, string token, HttpContext context, ICapabilityLinks links)
    {
        var limit = kind == LinkKind.ScopingReturn ? RequestLimits.ScopingUploadBytes : RequestLimits.ActionBytes;
        var (form, refusal) = await FormRequests.ReadAsync(context, limit, allowFiles: kind == LinkKind.ScopingReturn);
        if (refusal is not null) return refusal;

        var caller = Caller(kind, token, context);
        var lookup = await LookupAsync(kind, token, links, context.RequestAborted, caller);
        if (lookup.State != LinkState.Valid) return StatePage(lookup.State, lookup.Waived);
        // Someone who has not proved they are the recipient is told whose link it is before their answers are even read.
        if (lookup.Caller is { Allowed: false } refused) return await RefusedAsync(kind, token, context, lookup, refused);

        var errors = new List<FieldError>();
        var submission = ActionForm.Bind(form!, lookup.Fields, errors);
        var documents = kind == LinkKind.ScopingReturn ? await ReadDocumentsAsync(form!, errors, context.RequestAborted) : [];
        if (errors.Count > 0)
            return Page(kind, token, lookup, ActionForm.State(form, errors, lookup.Fields, ""), StatusCodes.Status400BadRequest, await CodeAccessAsync(kind, token, context, lookup));

        var redemption = await links.RedeemAsync(token, JsonSerializer.SerializeToElement(submission, WebJson.Options), documents, caller, context.RequestAborted);
        if (redemption.State != LinkState.Valid) return StatePage(redemption.State);
        if (redemption.Refused is { } check) return await RefusedAsync(kind, token, context, lookup, check);
        if (redemption.Conflict)
        {
            // A newer report version was uploaded after the page was opened: nothing recorded, the link still works,
            // and the page as it is now names the newer version (its form carries that one).
            var current = await LookupAsync(kind, token, links, context.RequestAborted, caller);
            if (current.State != LinkState.Valid) return StatePage(current.State);
            return Page(kind, token, current, ActionForm.State(form, ActionForm.OnVisibleFields(redemption.Errors, current.Fields), current.Fields, ""), StatusCodes.Status409Conflict);
        }
        if (redemption.Errors.Count > 0)
        {
            // The workflow names upload errors documents[i]: they belong to the one file box.
            var shown = ActionForm.OnVisibleFields(redemption.Errors, lookup.Fields)
                .Select(e => e.Field.StartsWith(DocumentsField + "[", StringComparison.Ordinal) ? e with { Field = DocumentsField } : e).ToList();
            return Page(kind, token, lookup, ActionForm.State(form, shown, lookup.Fields, ""), StatusCodes.Status400BadRequest, await CodeAccessAsync(kind, token, context, lookup));
        }

        var recordedAs = redemption.By is { } by ? $"\nRecorded as sent by {by}." : "";
        // Sent, but the process had not decided it in time: never "recorded" before it is.
        if (redemption.Pending) return PageResults.Message(StatusCodes.Status202Accepted, "Response sent", redemption.Message + recordedAs);
        return kind == LinkKind.Approval
            ? PageResults.Message(StatusCodes.Status200OK, RecordedHeading(lookup.Action), (redemption.Message ?? "Thank you. Your decision has been recorded. You can close this page.") + recordedAs)
            : PageResults.Message(StatusCodes.Status200OK, "Scoping return received", (redemption.Message ?? "Thank you. The business unit will check your return and may ask for more information. You can close this page.") + recordedAs);
    }

    /// <summary>The last segment of the address of "we cannot return the scoping template": <c>/s/{token}/cannot-return</c>.</summary>
    public const string CannotReturnPath = "cannot-return";

    /// <summary>Ids of the "cannot return" form's fields start with this, apart from the return form's.</summary>
    public const string CannotReturnIdPrefix = "cannot-return-";

    /// <summary>
    /// The agency says it cannot return the template, and why: for the link's recipient only (as a return is), once (the
    /// link is used, so a repeated post records nothing more), with the reason required and limited in length.
    /// </summary>
    private static async Task<IResult> CannotReturnAsync(string token, HttpContext context, ICapabilityLinks links)
    {
        const LinkKind kind = LinkKind.ScopingReturn;
        var (form, refusal) = await FormRequests.ReadAsync(context, RequestLimits.ActionBytes);
        if (refusal is not null) return refusal;
        var caller = Caller(kind, token, context);
        var lookup = await LookupAsync(kind, token, links, context.RequestAborted, caller);
        if (lookup.State != LinkState.Valid) return StatePage(lookup.State, lookup.Waived);
        if (lookup.Caller is { Allowed: false } refused) return await RefusedAsync(kind, token, context, lookup, refused);

        // The reason's length is checked with the rest of the form where the link is redeemed.
        var errors = new List<FieldError>();
        var submission = ActionForm.Bind(form!, Csp.Workflow.Actions.ActionCatalogue.CannotReturnFields, errors);
        if (errors.Count > 0) return await CannotReturnPageAsync(token, context, lookup, form!, errors);

        var redemption = await links.DeclareCannotReturnAsync(token, JsonSerializer.SerializeToElement(submission, WebJson.Options), caller, context.RequestAborted);
        if (redemption.State != LinkState.Valid) return StatePage(redemption.State);
        if (redemption.Refused is { } check) return await RefusedAsync(kind, token, context, lookup, check);
        if (redemption.Errors.Count > 0) return await CannotReturnPageAsync(token, context, lookup, form!, redemption.Errors);
        return PageResults.Message(StatusCodes.Status200OK, "Your reason has been sent",
            "Thank you. The business unit has your reason and it is recorded with the review. You will get no more reminders about this request: " +
            "the business unit decides whether to waive the return or to ask again, and will email you either way.\nYou can close this page.");
    }

    private static async Task<IResult> CannotReturnPageAsync(string token, HttpContext context, LinkLookup lookup, IFormCollection form, IReadOnlyList<FieldError> errors) =>
        Page(LinkKind.ScopingReturn, token, lookup, ActionForm.State(null, [], lookup.Fields, ""), StatusCodes.Status400BadRequest,
            await CodeAccessAsync(LinkKind.ScopingReturn, token, context, lookup), ActionForm.State(form, errors, Csp.Workflow.Actions.ActionCatalogue.CannotReturnFields, CannotReturnIdPrefix));

    /// <summary>What the web knows of who is sending: the signed-in staff user, and whether this browser entered the link's code.</summary>
    private static LinkCaller Caller(LinkKind kind, string token, HttpContext context) =>
        new(context.User.ToStaffUser(), LinkCodeCookie.Grants(context, token));

    /// <summary>
    /// The page again, saying whose link it is and what to do, with nothing recorded: 401 when the
    /// recipient should sign in or enter the code, 403 when someone else (or a read-only role) is signed in.
    /// </summary>
    private static async Task<IResult> RefusedAsync(LinkKind kind, string token, HttpContext context, LinkLookup lookup, LinkActorCheck check)
    {
        var status = check.Refusal is LinkRefusal.SomeoneElse or LinkRefusal.ReadOnly ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
        var unit = context.RequestServices.GetRequiredService<Csp.Workflow.Configuration.WorkflowServices>().Partnership.BusinessUnitOrManager;
        var message = LinkProofWords.Refusal(check, context.User.ToStaffUser(), $"{unit.Name} ({unit.Email})");
        var form = ActionForm.State(null, [new FieldError(LinkProofWords.Field, message)], lookup.Fields, "");
        return Page(kind, token, lookup with { Caller = check }, form, status, await CodeAccessAsync(kind, token, context, lookup));
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
    private static async Task<LinkLookup> LookupAsync(LinkKind kind, string token, ICapabilityLinks links, CancellationToken cancellation, LinkCaller? caller = null)
    {
        var notFound = new LinkLookup(LinkState.NotFound, null, null, null, null, null, []);
        if (!TokenShape().IsMatch(token)) return notFound;
        var lookup = await links.LookupAsync(token, caller ?? LinkCaller.Anonymous, cancellation);
        return lookup.State == LinkState.Valid && lookup.Kind != kind ? notFound : lookup;
    }

    private static IResult Page(LinkKind kind, string token, LinkLookup lookup, FormState form, int status, LinkCodeView? access = null, FormState? cannotReturn = null) =>
        PageResults.Page<LinkPage>(status, _ => new()
        {
            [nameof(LinkPage.Lookup)] = lookup,
            [nameof(LinkPage.Action)] = PathFor(kind, token),
            [nameof(LinkPage.Form)] = form,
            [nameof(LinkPage.Access)] = access,
            // A scoping request the agency cannot return: the page's second form says why.
            [nameof(LinkPage.CannotReturnFields)] = kind == LinkKind.ScopingReturn && lookup.Action == Csp.Workflow.Actions.ActionNames.SubmitScopingReturn
                ? Csp.Workflow.Actions.ActionCatalogue.CannotReturnFields
                : null,
            [nameof(LinkPage.CannotReturnForm)] = cannotReturn,
        });

    /// <summary>The last segment of the one-time code's addresses: <c>/s/{token}/code</c> (or <c>/a/{token}/code</c>) asks for one, <c>…/code/check</c> enters it.</summary>
    public const string CodePath = "code";

    /// <summary>The code part of the page of a link whose recipient proves it with a code; null for links to people who sign in.</summary>
    private static async Task<LinkCodeView?> CodeAccessAsync(LinkKind kind, string token, HttpContext context, LinkLookup lookup) =>
        kind == LinkKind.ScopingReturn || lookup.Recipient?.Proof == LinkProof.Code ? await AccessAsync(kind, token, context, FormState.Empty) : null;

    /// <summary>The code part of a link's page; a scoping request's child's details only for a browser that entered the code.</summary>
    private static async Task<LinkCodeView?> AccessAsync(LinkKind kind, string token, HttpContext context, FormState codeForm)
    {
        var access = context.RequestServices.GetRequiredService<IScopingLinkAccess>();
        var status = await access.StatusAsync(token, context.RequestAborted);
        if (status is null) return null;
        var entered = LinkCodeCookie.Grants(context, token);
        var details = entered && kind == LinkKind.ScopingReturn ? await access.ReadDetailsAsync(token, context.RequestAborted) : null;
        return new LinkCodeView(status, details, codeForm, entered, kind == LinkKind.ScopingReturn);
    }

    /// <summary>
    /// "Email me a code": a new code to the link's recipient (the address the request went to), then
    /// back to the page, which asks for it. Asking again within a minute sends nothing more, and says so.
    /// </summary>
    private static async Task<IResult> RequestCodeAsync(LinkKind kind, string token, HttpContext context, ICapabilityLinks links, IScopingLinkAccess access)
    {
        var (form, refusal) = await FormRequests.ReadAsync(context, RequestLimits.SmallBytes);
        if (refusal is not null) return refusal;
        var lookup = await LookupAsync(kind, token, links, context.RequestAborted, Caller(kind, token, context));
        if (lookup.State != LinkState.Valid) return StatePage(lookup.State, lookup.Waived);

        var result = await access.RequestCodeAsync(token, context.RequestAborted);
        return result.Outcome switch
        {
            AccessCodeOutcome.LinkNotUsable => StatePage(result.LinkState),
            AccessCodeOutcome.TooManyCodes => await CodeErrorAsync(kind, token, context, lookup, StatusCodes.Status429TooManyRequests, LinkCodeView.RequestField,
                $"This link has had {ScopingLinkAccess.MaxCodesPerLink} codes, the most it can have. Ask the business unit (under \"Questions about this request\") to send a new link."),
            AccessCodeOutcome.AlreadySent => await CodeErrorAsync(kind, token, context, lookup, StatusCodes.Status429TooManyRequests, LinkCodeView.RequestField,
                await AlreadySentAsync(token, context, access)),
            _ => PageResults.SeeOther(PathFor(kind, token) + "#" + LinkCodeView.Anchor),
        };
    }

    /// <summary>Why nothing was sent, and how long until a new code can be asked for.</summary>
    private static async Task<string> AlreadySentAsync(string token, HttpContext context, IScopingLinkAccess access)
    {
        var text = $"A code was emailed less than {(int)ScopingLinkAccess.ResendAfter.TotalMinutes} minute ago, so no new one was sent. Check the inbox (and junk folder) of the address it went to.";
        if (await access.StatusAsync(token, context.RequestAborted) is not { WaitingSince: { } sent }) return text + " You can ask again in a minute.";
        // The exact wait: the clock time on the page is rounded up to the minute, so it may be later than this.
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var seconds = Math.Max(1, (int)Math.Ceiling((sent + ScopingLinkAccess.ResendAfter - now).TotalSeconds));
        return text + $" You can ask for a new code in {CountWords.Of(seconds, "second", "seconds")}.";
    }

    /// <summary>The code as typed: right, and this browser sees the child's details for a while; wrong, expired or used, and the page says so and shows nothing more.</summary>
    private static async Task<IResult> CheckCodeAsync(LinkKind kind, string token, HttpContext context, ICapabilityLinks links, IScopingLinkAccess access)
    {
        var (form, refusal) = await FormRequests.ReadAsync(context, RequestLimits.SmallBytes);
        if (refusal is not null) return refusal;
        var lookup = await LookupAsync(kind, token, links, context.RequestAborted, Caller(kind, token, context));
        if (lookup.State != LinkState.Valid) return StatePage(lookup.State, lookup.Waived);

        var result = await access.CheckCodeAsync(token, form![LinkCodeView.CodeField].ToString(), context.RequestAborted);
        if (result.Outcome == AccessCodeOutcome.LinkNotUsable) return StatePage(result.LinkState);
        if (result.Outcome == AccessCodeOutcome.Verified)
        {
            LinkCodeCookie.Issue(context, kind, token);
            return PageResults.SeeOther(PathFor(kind, token) + "#" + LinkCodeView.Anchor);
        }

        var askAgain = $" Select \"{LinkProofWords.RequestButton(kind, waiting: false)}\" for a new one";
        var (status, message) = result.Outcome switch
        {
            AccessCodeOutcome.Malformed => (StatusCodes.Status400BadRequest, $"Enter the {AccessCodes.Digits}-digit code from the email"),
            AccessCodeOutcome.Wrong => (StatusCodes.Status400BadRequest,
                $"The code is not right. You can try {result.AttemptsLeft} more time{(result.AttemptsLeft == 1 ? "" : "s")} before you need a new code"),
            AccessCodeOutcome.Locked => (StatusCodes.Status429TooManyRequests, $"The code was entered wrongly {ScopingLinkAccess.MaxAttempts} times, so it no longer works." + askAgain),
            AccessCodeOutcome.Expired => (StatusCodes.Status400BadRequest, "The code has expired." + askAgain),
            AccessCodeOutcome.Used => (StatusCodes.Status400BadRequest, "That code has been used already." + askAgain),
            _ => (StatusCodes.Status400BadRequest, $"No code has been sent for this link yet. Select \"{LinkProofWords.RequestButton(kind, waiting: false)}\" first"),
        };
        return await CodeErrorAsync(kind, token, context, lookup, status, LinkCodeView.CodeField, message);
    }

    /// <summary>The page again with the code part's error (GOV.UK error summary and the field's message); the return form starts empty.</summary>
    private static async Task<IResult> CodeErrorAsync(LinkKind kind, string token, HttpContext context, LinkLookup lookup, int status, string field, string message)
    {
        var codeForm = new FormState(new Dictionary<string, StringValues>(), [new FieldError(field, message)]);
        var access = await AccessAsync(kind, token, context, codeForm);
        if (access is null) return StatePage(LinkState.NotFound);
        return Page(kind, token, lookup, ActionForm.State(null, [], lookup.Fields, ""), status, access);
    }

    /// <summary>What the page after a link's form says was recorded: a reply, a progress report, or a decision.</summary>
    private static string RecordedHeading(string? action) => action switch
    {
        Csp.Workflow.Actions.ActionNames.RespondToMeeting => "Reply recorded",
        Csp.Workflow.Actions.ActionNames.ReportRecommendationProgress => "Progress report recorded",
        _ => "Decision recorded",
    };

    public static IResult StatePage(LinkState state, bool waived) =>
        waived
            ? PageResults.Message(StatusCodes.Status409Conflict, "Your agency's return is no longer needed",
                "The safeguarding partnership's business unit waived this scoping return, so there is nothing to send and nothing has been recorded.\nYou do not need to do anything more. Contact the business unit if you have information the review should still see.")
            : StatePage(state);

    public static IResult StatePage(LinkState state) => state switch
    {
        LinkState.Expired => PageResults.Message(StatusCodes.Status410Gone, "This link has expired",
            "Nothing has been recorded.\nIf you still need to respond, contact the safeguarding partnership's business unit for a new link."),
        LinkState.Used => PageResults.Message(StatusCodes.Status410Gone, "This link has already been used",
            "A response was recorded when the link was first used, and nothing has changed since.\nIf you need to change it, contact the safeguarding partnership's business unit."),
        LinkState.Superseded => PageResults.Message(StatusCodes.Status410Gone, "A newer link was sent",
            "Nothing has been recorded.\nUse the link in the most recent email about this request: only the newest link works."),
        LinkState.Moved => PageResults.Message(StatusCodes.Status410Gone, "This step has moved",
            "The safeguarding partnership's business unit reassigned this step to someone else, so this link no longer works and nothing has been recorded.\nContact the business unit if you think this is wrong."),
        LinkState.StepClosed => PageResults.Message(StatusCodes.Status409Conflict, "This step is finished",
            "The process has moved on, so nothing has been recorded.\nContact the safeguarding partnership's business unit if you think this is wrong."),
        _ => PageResults.Message(StatusCodes.Status404NotFound, "This link is not valid",
            "Nothing has been recorded.\nCheck you used the whole link from the email. If it still does not work, contact the safeguarding partnership's business unit."),
    };

    /// <summary>Random tokens are URL-safe base64; anything else is refused without a storage lookup.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{16,128}$")]
    private static partial Regex TokenShape();
}
