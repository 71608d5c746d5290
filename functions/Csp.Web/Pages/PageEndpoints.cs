using System.Text.Json;
using System.Text.RegularExpressions;
using Csp.Domain;
using Csp.Domain.Calendar;
using Csp.Domain.Incidents;
using Csp.Web.Api;
using Csp.Web.Auth;
using Csp.Web.Development;
using Csp.Web.Forms;
using Csp.Web.Http;
using Csp.Web.Referrals;
using ActionCatalogue = Csp.Workflow.Actions.ActionCatalogue;
using ActionNames = Csp.Workflow.Actions.ActionNames;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Csp.Web.Pages;

/// <summary>
/// The staff pages: dashboard, incident (with the same available actions as the API, as forms),
/// referral form, development sign-in, mailbox and clock. Forms post back with anti-forgery tokens
/// and redirect after success.
/// </summary>
public static partial class PageEndpoints
{
    /// <summary>Incidents on one page of the dashboard.</summary>
    public const int DashboardPageSize = 25;

    public static IEndpointRouteBuilder MapCspPages(this IEndpointRouteBuilder endpoints)
    {
        var staff = endpoints.MapGroup("").RequireAuthorization(StaffPolicies.Staff);
        staff.MapGet(WebPaths.Dashboard, DashboardAsync);
        staff.MapGet("/incidents/{incidentId}", IncidentAsync);
        staff.MapGet("/referrals/received/{incidentId}", ReferralReceived);
        // Read-only staff see incidents and change nothing: these pages are refused them outright.
        var change = endpoints.MapGroup("").RequireAuthorization(StaffPolicies.Change);
        change.MapPost("/incidents/{incidentId}/actions/{action}", IncidentActionAsync);
        change.MapGet(WebPaths.NewReferral, NewReferral);
        change.MapPost(WebPaths.NewReferral, SubmitReferralAsync);
        change.MapGet("/incidents/{incidentId}/resubmit", ResubmitForm);
        change.MapPost("/incidents/{incidentId}/resubmit", ResubmitAsync);
        endpoints.MapPost("/incidents/{incidentId}/reassign", ReassignAsync).RequireAuthorization(StaffPolicies.BusinessUnit);

        endpoints.MapGet(WebPaths.SignIn, SignInForm).AllowAnonymous();
        endpoints.MapPost(WebPaths.SignIn, SignInAsync).AllowAnonymous();
        endpoints.MapPost(WebPaths.SignOut, SignOutAsync).AllowAnonymous();
        endpoints.MapGet(WebPaths.Accessibility, AccessibilityStatement).AllowAnonymous();

        var development = endpoints.MapGroup("/dev").AllowAnonymous().AddEndpointFilter(OnlyInDevelopment);
        development.MapGet("/mailbox", MailboxAsync);
        development.MapGet("/mailbox/{id}", MailMessageAsync);
        development.MapGet("/mailbox/{id}/attachments/{index}", MailAttachmentAsync);
        development.MapPost("/clock", AdvanceClockAsync);
        return endpoints;
    }

    private static ValueTask<object?> OnlyInDevelopment(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<DevelopmentOptions>>().CurrentValue.Enabled
            ? next(context)
            : ValueTask.FromResult<object?>(NotFoundPage());

    public static IResult NotFoundPage() =>
        PageResults.Message(StatusCodes.Status404NotFound, "Page not found", "If you typed the web address, check it is correct.", "Go to the incidents", "/");

    // ---- Accessibility statement (public-sector bodies must publish one; linked from every page's footer) ----

    private static async Task<IResult> AccessibilityStatement(HttpContext context, PartnershipDirectoryService partnership)
    {
        var p = await partnership.RefreshAsync(force: false, context.RequestAborted);
        var contact = p.BusinessUnit?.Email is { Length: > 0 } unit ? unit : p.BusinessManager.Email is { Length: > 0 } manager ? manager : null;
        return PageResults.Page<AccessibilityStatementPage>(_ => new()
        {
            [nameof(AccessibilityStatementPage.Partnership)] = string.IsNullOrWhiteSpace(p.Name) ? "the safeguarding children partnership" : p.Name,
            [nameof(AccessibilityStatementPage.ContactEmail)] = contact,
        });
    }

    // ---- Dashboard ----

    private static async Task<IResult> DashboardAsync(HttpContext context, IIncidentService incidents, TimeProvider time)
    {
        var filter = DashboardFilter.From(context.Request.Query);
        var listQuery = new IncidentListQuery(filter.Stage, false, DashboardPageSize)
        {
            Sort = filter.Sort == "received" ? IncidentSort.Received : IncidentSort.NextDeadline,
            Descending = filter.Descending,
            Rag = filter.Rag.Count == 0 ? null : filter.Rag.ToHashSet(),
        };
        var page = await incidents.ListIncidentsAsync(listQuery with { ContinuationToken = Skip(filter.Page) }, context.RequestAborted);
        var pages = Math.Max(1, (page.Total + DashboardPageSize - 1) / DashboardPageSize);
        if (filter.Page > pages)
        {
            // A page past the end (the list shrank since the link was made): the last page.
            filter = filter with { Page = pages };
            page = await incidents.ListIncidentsAsync(listQuery with { ContinuationToken = Skip(pages) }, context.RequestAborted);
        }
        var notice = context.Request.Query["clock"].ToString() == "moved" ? $"The development clock now reads {Display.Date(UkTime.Today(time))}." : null;
        return PageResults.Page<DashboardPage>(_ => new()
        {
            [nameof(DashboardPage.Incidents)] = page.Incidents,
            [nameof(DashboardPage.Filter)] = filter,
            [nameof(DashboardPage.Total)] = page.Total,
            [nameof(DashboardPage.PageSize)] = DashboardPageSize,
            [nameof(DashboardPage.Today)] = UkTime.Today(time),
            [nameof(DashboardPage.Notice)] = notice,
        });

        static string? Skip(int pageNumber) => pageNumber <= 1 ? null : ((pageNumber - 1) * DashboardPageSize).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    // ---- Incident ----

    private static async Task<IResult> IncidentAsync(string incidentId, HttpContext context, IIncidentService incidents)
    {
        var view = await FindAsync(incidentId, context, incidents);
        if (view is null) return IncidentNotFound();
        var done = context.Request.Query["done"].ToString();
        var label = ActionName().IsMatch(done) ? context.RequestServices.GetService<ActionCatalogue>()?.Find(done)?.Label ?? Display.Words(done.Replace('-', ' ')) : null;
        // "Recorded" only over the state the action produced (the handler waited for it); otherwise say it is still being applied.
        string? notice = done == Documents.DocumentEndpoints.ReportUploadForm ? "The report was uploaded."
            : label is null ? null
            : context.Request.Query["pending"].ToString() == "1" ? $"Sent: {label}. The process is still recording it, so this page may not show it yet: reload the page in a moment."
            : "Recorded: " + label + ".";
        if (context.Request.Query["reassigned"].ToString() == "1") notice = "The step was reassigned: the new person has been emailed their link, and the earlier link no longer works.";
        return IncidentPage(view, null, notice, success: true, StatusCodes.Status200OK, await ReassignableAsync(context, view.IncidentId));
    }

    /// <summary>The steps the business unit may move to someone else (none for other roles).</summary>
    private static async Task<IReadOnlyList<ReassignableStep>> ReassignableAsync(HttpContext context, string incidentId) =>
        context.User.ToStaffUser() is { } user && StaffPolicies.MayKeepPartnership(user)
            ? await context.RequestServices.GetRequiredService<StepReassignment>().WaitingAsync(incidentId, context.RequestAborted)
            : [];

    // ---- Reassigning a waiting step (business unit) ----

    private static async Task<IResult> ReassignAsync(string incidentId, HttpContext context, IIncidentService incidents, StepReassignment reassignment)
    {
        var (form, refusal) = await FormRequests.ReadAsync(context, RequestLimits.SmallBytes);
        if (refusal is not null) return refusal;
        var view = await FindAsync(incidentId, context, incidents);
        if (view is null) return IncidentNotFound();
        var stepId = form!["stepId"].ToString();
        var from = form["from"].ToString();
        var result = await reassignment.ReassignAsync(view.IncidentId, stepId, from, form["toName"].ToString(), form["toEmail"].ToString(), form["reason"].ToString(), context.User.ToStaffUser()!, context.RequestAborted);
        if (result.Done) return PageResults.SeeOther(WebPaths.Incident(view.IncidentId) + "?reassigned=1");
        var waiting = await ReassignableAsync(context, view.IncidentId);
        var index = waiting.ToList().FindIndex(w => w.StepId == stepId && string.Equals(w.Recipient, from, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
            return IncidentPage(view, null, result.Errors.FirstOrDefault()?.Message ?? "That step is no longer waiting for that person. Nothing was changed.", success: false, StatusCodes.Status409Conflict, waiting);
        var state = FormState.From(form, result.Errors.Select(e => e with { Field = e.Field.Length == 0 ? "toName" : e.Field }).ToList(), $"reassign-{index}-");
        return IncidentPage(view, null, null, success: false, StatusCodes.Status400BadRequest, waiting, state);
    }

    private static async Task<IResult> IncidentActionAsync(string incidentId, string action, HttpContext context, IIncidentService incidents)
    {
        var user = context.User.ToStaffUser()!;
        var (form, refusal) = await FormRequests.ReadAsync(context, RequestLimits.ActionBytes);
        if (refusal is not null) return refusal;
        if (string.Equals(action, ActionNames.ResubmitReferral, StringComparison.OrdinalIgnoreCase))
            return PageResults.SeeOther(WebPaths.Incident(incidentId) + "/resubmit");

        var view = await FindAsync(incidentId, context, incidents);
        if (view is null) return IncidentNotFound();
        var available = view.AvailableActions.FirstOrDefault(a => a.Name == action);
        if (available is null)
        {
            // Not possible yet for a reason the process states (the decision before the notification): that reason, as an error.
            if (view.WaitingActions?.FirstOrDefault(a => a.Name == action) is { } waiting)
                return IncidentPage(view, ActionForm.State(form, [new FieldError("", waiting.Reason)], [], action + "."), null, success: false, StatusCodes.Status409Conflict);
            return IncidentPage(view, null, "That action is no longer available: someone else may have done it, or the process has moved on. Nothing was changed.", success: false, StatusCodes.Status409Conflict);
        }

        var errors = new List<FieldError>();
        var body = ActionForm.Bind(form!, available.Fields, errors);
        if (errors.Count == 0)
        {
            var result = await IncidentApi.RunActionAsync(incidents, view.IncidentId, action, JsonSerializer.SerializeToElement(body, WebJson.Options), user, context.RequestAborted);
            if (result.Outcome is { } outcome)
            {
                // A warning (a date the process accepts but that leaves something short) stays on the page that follows the action.
                if (outcome.Message.Contains(" Warning: ", StringComparison.Ordinal))
                    return IncidentPage(await FindAsync(incidentId, context, incidents) ?? view, null, outcome.Message, success: false, StatusCodes.Status200OK);
                return PageResults.SeeOther(WebPaths.Incident(view.IncidentId) + "?done=" + Uri.EscapeDataString(action) + (result.Shown ? "" : "&pending=1"));
            }
            if (result.Conflict is not null)
            {
                // Out of date (a newer report version to approve): the reason in an error summary, the page as it now is, with the newer version to read.
                var latest = await FindAsync(incidentId, context, incidents) ?? view;
                var changedFields = latest.AvailableActions.FirstOrDefault(a => a.Name == action)?.Fields ?? available.Fields;
                return IncidentPage(latest, ActionForm.State(form, ActionForm.OnVisibleFields(result.Errors ?? [], changedFields), changedFields, action + "."), null, success: false, StatusCodes.Status409Conflict);
            }
            if (result.Refusal is not null)
            {
                // Refused: the reason in an error summary, the person's input kept; the page shows the incident as it now is.
                var refusedState = ActionForm.State(form, ActionForm.OnVisibleFields(result.Errors ?? [], available.Fields), available.Fields, action + ".");
                return IncidentPage(await FindAsync(incidentId, context, incidents) ?? view, refusedState, null, success: false, StatusCodes.Status422UnprocessableEntity);
            }
            if (result.NotFound) return IncidentNotFound();
            if (result.NotAvailable)
            {
                var latest = await FindAsync(incidentId, context, incidents) ?? view;
                return IncidentPage(latest, null, "That action is no longer available: someone else may have done it, or the process has moved on. Nothing was changed.", success: false, StatusCodes.Status409Conflict);
            }
            errors.AddRange(result.Errors ?? []);
        }
        var state = ActionForm.State(form, ActionForm.OnVisibleFields(errors, available.Fields), available.Fields, action + ".");
        return IncidentPage(view, state, null, success: false, StatusCodes.Status400BadRequest);
    }

    private static async Task<IncidentView?> FindAsync(string incidentId, HttpContext context, IIncidentService incidents)
    {
        if (incidentId.Length > 100) return null;
        return await incidents.GetIncidentAsync(incidentId, context.User.ToStaffUser()!, context.RequestAborted);
    }

    private static IResult IncidentPage(IncidentView view, FormState? actionErrors, string? notice, bool success, int status,
        IReadOnlyList<ReassignableStep>? reassignable = null, FormState? reassignErrors = null) =>
        PageResults.Page<IncidentPage>(status, _ => new()
        {
            [nameof(Pages.IncidentPage.Incident)] = view,
            [nameof(Pages.IncidentPage.ActionErrors)] = actionErrors,
            [nameof(Pages.IncidentPage.Notice)] = notice,
            [nameof(Pages.IncidentPage.NoticeIsSuccess)] = success,
            [nameof(Pages.IncidentPage.Reassignable)] = reassignable ?? [],
            [nameof(Pages.IncidentPage.ReassignErrors)] = reassignErrors,
        });

    private static IResult IncidentNotFound() =>
        PageResults.Message(StatusCodes.Status404NotFound, "Incident not found", "There is no incident with that reference, or you cannot see it.", "Go to the incidents", "/");

    // ---- Referral form ----

    private static IResult NewReferral(WorkflowServices services) =>
        ReferralFormPage(FormState.Empty, ReferralForm.DefaultAgencyRows, ReferralForm.DefaultProceedingRows, StatusCodes.Status200OK, usual: services.Partnership.ScopingAgencies);

    private static async Task<IResult> SubmitReferralAsync(HttpContext context, ReferralIntake intake, WorkflowServices services)
    {
        var usual = services.Partnership.ScopingAgencies;
        var (form, refusal) = await FormRequests.ReadAsync(context, RequestLimits.ReferralBytes);
        if (refusal is not null) return refusal;
        var agencyRows = ReferralForm.Rows(form, ReferralForm.AgencyRowsField, ReferralForm.DefaultAgencyRows);
        var proceedingRows = ReferralForm.Rows(form, ReferralForm.ProceedingRowsField, ReferralForm.DefaultProceedingRows);
        switch (form!["intent"].ToString())
        {
            case ReferralForm.AddAgency:
                return ReferralFormPage(FormState.From(form, []), Math.Min(agencyRows + 1, ReferralForm.MaxRows), proceedingRows, StatusCodes.Status200OK, usual: usual);
            case ReferralForm.AddProceeding:
                return ReferralFormPage(FormState.From(form, []), agencyRows, Math.Min(proceedingRows + 1, ReferralForm.MaxRows), StatusCodes.Status200OK, usual: usual);
        }

        var binding = ReferralForm.Bind(form, usual);
        // The form's own key makes a double click or a resent post return the first incident.
        var idempotencyKey = form[FormIdempotencyField].ToString() is { Length: > 0 and <= 100 } key ? "form:" + key : null;
        var result = await intake.SubmitAsync(binding.Body, binding.FormErrors, context.User.ToStaffUser()!, idempotencyKey, context.RequestAborted);
        if (result.Accepted is { } accepted)
            return PageResults.SeeOther("/referrals/received/" + Uri.EscapeDataString(accepted.IncidentId));
        return ReferralFormPage(FormState.From(form, ReferralForm.ToFormFields(result.Errors, binding)), agencyRows, proceedingRows, StatusCodes.Status400BadRequest, usual: usual);
    }

    public const string FormIdempotencyField = "submissionId";

    private static IResult ReferralFormPage(FormState state, int agencyRows, int proceedingRows, int status, IncidentView? resubmitting = null,
        IReadOnlyList<Csp.Workflow.Configuration.ScopingAgencyOptions>? usual = null)
    {
        foreach (var date in ReferralForm.Dates.Keys) state.DateFields.Add(date);
        return PageResults.Page<ReferralFormPage>(status, _ =>
        {
            var parameters = new Dictionary<string, object?>
            {
                [nameof(Pages.ReferralFormPage.Form)] = state,
                [nameof(Pages.ReferralFormPage.AgencyRows)] = agencyRows,
                [nameof(Pages.ReferralFormPage.ProceedingRows)] = proceedingRows,
                [nameof(Pages.ReferralFormPage.UsualAgencies)] = usual ?? [],
                [nameof(Pages.ReferralFormPage.SubmissionId)] = state.Value(FormIdempotencyField) is { Length: > 0 } id ? id : Guid.NewGuid().ToString("N"),
            };
            if (resubmitting is not null)
            {
                parameters[nameof(Pages.ReferralFormPage.Action)] = WebPaths.Incident(resubmitting.IncidentId) + "/resubmit";
                parameters[nameof(Pages.ReferralFormPage.Caption)] = "Incident " + resubmitting.Reference;
                parameters[nameof(Pages.ReferralFormPage.Heading)] = "Correct and resubmit the referral";
                // What quality assurance asked for, repeated where the correction is made.
                var returned = resubmitting.Timeline.LastOrDefault(t => t.What == "Referral returned to the referrer for missing information.");
                parameters[nameof(Pages.ReferralFormPage.Intro)] = returned?.Why is { Length: > 0 } asked
                    ? $"Quality assurance returned this referral on {Csp.Workflow.Documents.DocumentWords.Date(DateOnly.FromDateTime(returned.At.UtcDateTime))} asking for: {asked} Correct it and resubmit it."
                    : "Quality assurance returned this referral. Correct what was asked for and resubmit it.";
                parameters[nameof(Pages.ReferralFormPage.SubmitText)] = "Resubmit the referral";
            }
            return parameters;
        });
    }

    // ---- Resubmitting a returned referral ----

    private static async Task<IResult> ResubmitForm(string incidentId, HttpContext context, IIncidentService incidents)
    {
        var view = await FindAsync(incidentId, context, incidents);
        if (view is null) return IncidentNotFound();
        if (!view.AvailableActions.Any(a => a.Name == ActionNames.ResubmitReferral) || view.Referral is null)
            return IncidentPage(view, null, "The referral is not waiting to be resubmitted.", success: false, StatusCodes.Status409Conflict);
        var values = ReferralForm.ToFormValues(view.Referral);
        return ReferralFormPage(new FormState(values, []),
            int.Parse(values[ReferralForm.AgencyRowsField]!, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(values[ReferralForm.ProceedingRowsField]!, System.Globalization.CultureInfo.InvariantCulture), StatusCodes.Status200OK, view);
    }

    private static async Task<IResult> ResubmitAsync(string incidentId, HttpContext context, IIncidentService incidents, ReferralIntake intake)
    {
        var (form, refusal) = await FormRequests.ReadAsync(context, RequestLimits.ReferralBytes);
        if (refusal is not null) return refusal;
        var view = await FindAsync(incidentId, context, incidents);
        if (view is null) return IncidentNotFound();
        var agencyRows = ReferralForm.Rows(form, ReferralForm.AgencyRowsField, ReferralForm.DefaultAgencyRows);
        var proceedingRows = ReferralForm.Rows(form, ReferralForm.ProceedingRowsField, ReferralForm.DefaultProceedingRows);
        switch (form!["intent"].ToString())
        {
            case ReferralForm.AddAgency:
                return ReferralFormPage(FormState.From(form, []), Math.Min(agencyRows + 1, ReferralForm.MaxRows), proceedingRows, StatusCodes.Status200OK, view);
            case ReferralForm.AddProceeding:
                return ReferralFormPage(FormState.From(form, []), agencyRows, Math.Min(proceedingRows + 1, ReferralForm.MaxRows), StatusCodes.Status200OK, view);
        }
        var binding = ReferralForm.Bind(form);
        var user = context.User.ToStaffUser()!;
        var result = await intake.ResubmitAsync(view.IncidentId, binding.Body, binding.FormErrors, user, context.RequestAborted);
        if (result.Outcome is not null)
        {
            // Like every action: the page that follows shows quality assurance again, not "correct and resubmit".
            var shown = !result.Outcome.Pending && await IncidentApi.WaitForChangeAsync(incidents, view, ActionNames.ResubmitReferral, user, context.RequestAborted) is not null;
            return PageResults.SeeOther(WebPaths.Incident(view.IncidentId) + "?done=" + ActionNames.ResubmitReferral + (shown ? "" : "&pending=1"));
        }
        if (result.NotFound) return IncidentNotFound();
        if (result.NotAvailable)
            return IncidentPage(view, null, "The referral is not waiting to be resubmitted: nothing was changed.", success: false, StatusCodes.Status409Conflict);
        return ReferralFormPage(FormState.From(form, ReferralForm.ToFormFields(result.Errors, binding)), agencyRows, proceedingRows, StatusCodes.Status400BadRequest, view);
    }

    private static IResult ReferralReceived(string incidentId) =>
        incidentId.Length > 100
            ? IncidentNotFound()
            : PageResults.Page<ReferralSubmittedPage>(_ => new() { [nameof(ReferralSubmittedPage.IncidentId)] = incidentId });

    // ---- Sign-in (development) ----

    private static async Task<IResult> SignInForm(HttpContext context, IOptionsMonitor<DevelopmentOptions> development, IOptionsMonitor<StaffAuthenticationOptions> authentication,
        PlatformAuthentication platform, PartnershipDirectoryService partnership)
    {
        var returnUrl = WebPaths.LocalReturnUrl(context.Request.Query["returnUrl"]);
        if (!development.CurrentValue.Enabled)
        {
            return platform.IsOn
                ? Results.Redirect(authentication.CurrentValue.AppServiceLoginPath + "?post_login_redirect_uri=" + Uri.EscapeDataString(returnUrl))
                : PageResults.Message(StatusCodes.Status503ServiceUnavailable, "Staff sign-in is not configured", StaffAuthenticationHandler.SignInNotConfigured);
        }
        return SignInPage(FormState.Empty, returnUrl, StatusCodes.Status200OK, await partnership.RefreshAsync(force: false, context.RequestAborted));
    }

    private static async Task<IResult> SignInAsync(HttpContext context, IOptionsMonitor<DevelopmentOptions> development, DevSignIn devSignIn,
        PartnershipDirectoryService directory)
    {
        var partnership = await directory.RefreshAsync(force: false, context.RequestAborted);
        if (!development.CurrentValue.Enabled) return NotFoundPage();
        var (form, refusal) = await FormRequests.ReadAsync(context, RequestLimits.SmallBytes);
        if (refusal is not null) return refusal;
        var returnUrl = WebPaths.LocalReturnUrl(form!["returnUrl"]);
        var name = form["name"].ToString().Trim();
        var role = form["role"].ToString();
        var errors = new List<FieldError>();
        // One of the partnership's people (their links then act for the tester), or anyone by name.
        var people = DevelopmentPeople.From(partnership);
        var chosen = form["person"].ToString();
        var person = people.FirstOrDefault(p => string.Equals(p.Email, chosen, StringComparison.OrdinalIgnoreCase));
        if (chosen.Length > 0 && person is null) errors.Add(new("person", "Select a person from the list"));
        if (person is not null && name.Length == 0) name = person.Name;
        if (name.Length == 0) errors.Add(new("name", "Enter your name, or select a person"));
        else if (name.Length > 100 || name.Contains(';') || name.Any(char.IsControl)) errors.Add(new("name", "Your name must be 100 characters or fewer, without semicolons"));
        if (!StaffUser.Roles.Contains(role)) errors.Add(new("role", "Select the role to act in"));
        if (errors.Count > 0) return SignInPage(FormState.From(form, errors), returnUrl, StatusCodes.Status400BadRequest, partnership);

        devSignIn.SignIn(context, new StaffUser(name, role, person?.Email));
        return PageResults.SeeOther(returnUrl);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, DevSignIn devSignIn)
    {
        var (_, refusal) = await FormRequests.ReadAsync(context, RequestLimits.SmallBytes);
        if (refusal is not null) return refusal;
        devSignIn.SignOut(context);
        return PageResults.SeeOther(WebPaths.SignIn);
    }

    private static IResult SignInPage(FormState state, string returnUrl, int status, Csp.Workflow.Configuration.PartnershipOptions partnership)
    {
        state.ChoiceFields.Add("role");
        return PageResults.Page<SignInPage>(status, _ => new()
        {
            [nameof(Pages.SignInPage.Form)] = state,
            [nameof(Pages.SignInPage.ReturnUrl)] = returnUrl,
            [nameof(Pages.SignInPage.People)] = DevelopmentPeople.From(partnership),
        });
    }

    // ---- Development mailbox and clock ----

    private static async Task<IResult> MailboxAsync(HttpContext context, IServiceProvider services)
    {
        if (services.GetService<IDevelopmentMailbox>() is not { } mailbox) return NotFoundPage();
        var messages = await mailbox.ListAsync(null, context.RequestAborted);
        return PageResults.Page<MailboxPage>(_ => new() { [nameof(MailboxPage.Messages)] = messages });
    }

    private static async Task<IResult> MailMessageAsync(string id, HttpContext context, IServiceProvider services)
    {
        if (services.GetService<IDevelopmentMailbox>() is not { } mailbox) return NotFoundPage();
        var message = id.Length <= 200 ? await mailbox.GetAsync(id, context.RequestAborted) : null;
        return message is null
            ? PageResults.Message(StatusCodes.Status404NotFound, "Message not found", "There is no message with that id.", "Go to the mailbox", WebPaths.DevMailbox)
            : PageResults.Page<MailMessagePage>(_ => new() { [nameof(MailMessagePage.Message)] = message });
    }

    /// <summary>An attachment as the recipient's mail client would open it: a download with its own name and type (an invitation opens in a calendar).</summary>
    private static async Task<IResult> MailAttachmentAsync(string id, string index, HttpContext context, IServiceProvider services)
    {
        if (services.GetService<IDevelopmentMailbox>() is not { } mailbox) return NotFoundPage();
        var attachment = id.Length <= 200 && int.TryParse(index, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i)
            ? await mailbox.OpenAttachmentAsync(id, i, context.RequestAborted)
            : null;
        if (attachment is null)
            return PageResults.Message(StatusCodes.Status404NotFound, "Attachment not found", "That message has no such attachment.", "Go to the mailbox", WebPaths.DevMailbox);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(attachment.Content, attachment.ContentType.Split(';')[0].Trim(), attachment.FileName);
    }

    private static async Task<IResult> AdvanceClockAsync(HttpContext context, IServiceProvider services, WorkingDayCalendar calendar)
    {
        if (services.GetService<IDevelopmentClock>() is not { } clock) return NotFoundPage();
        var (form, refusal) = await FormRequests.ReadAsync(context, RequestLimits.SmallBytes);
        if (refusal is not null) return refusal;
        if (!int.TryParse(form!["workingDays"], out var workingDays) || workingDays is < 0 or > DevelopmentApi.MaxWorkingDays)
            return PageResults.Message(StatusCodes.Status400BadRequest, "The clock did not move", $"Enter a whole number of working days from 0 to {DevelopmentApi.MaxWorkingDays}.", "Go back", "/");
        DevelopmentApi.Advance(clock, calendar, null, workingDays);
        return PageResults.SeeOther("/?clock=moved");
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex ActionName();
}
