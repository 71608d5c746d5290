using System.Text.Json;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Web.Auth;
using Csp.Web.Http;
using Csp.Web.Referrals;
using ActionNames = Csp.Workflow.Actions.ActionNames;
using Csp.Workflow.Application;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Csp.Web.Api;

/// <summary>
/// Staff API over incidents: list, read (stage, due dates with basis and state, scoping, timeline,
/// available actions), and perform an available action. Every call needs a signed-in staff user.
/// </summary>
public static class IncidentApi
{
    public const int MaxPageSize = 200;
    private static readonly System.Text.RegularExpressions.Regex IdPattern = new("^[A-Za-z0-9._:-]{1,100}$");

    public sealed record IncidentList(IReadOnlyList<IncidentSummary> Incidents, string? ContinuationToken, string? Next);

    public static IEndpointRouteBuilder MapIncidentApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/incidents").RequireAuthorization(StaffPolicies.Staff);
        group.MapGet("", ListAsync);
        group.MapGet("/{incidentId}", GetAsync);
        group.MapPost("/{incidentId}/actions/{action}", PerformAsync).RequireAuthorization(StaffPolicies.Change);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(HttpContext context, IIncidentService incidents)
    {
        var query = context.Request.Query;
        var errors = new List<FieldError>();
        IncidentStage? stage = null;
        if (query.TryGetValue("stage", out var stageText) && stageText.ToString().Length > 0)
        {
            if (Enum.TryParse<IncidentStage>(stageText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(stageText, out _))
                stage = parsed;
            else
                errors.Add(new("stage", "Enter one of: " + string.Join(", ", Enum.GetNames<IncidentStage>())));
        }
        var includeClosed = false;
        if (query.TryGetValue("includeClosed", out var closedText) && !bool.TryParse(closedText, out includeClosed))
            errors.Add(new("includeClosed", "Enter true or false"));
        var pageSize = 50;
        if (query.TryGetValue("pageSize", out var sizeText) && (!int.TryParse(sizeText, out pageSize) || pageSize is < 1 or > MaxPageSize))
            errors.Add(new("pageSize", $"Enter a whole number from 1 to {MaxPageSize}"));
        var continuation = query["continuationToken"].ToString();
        if (continuation.Length > 2048) errors.Add(new("continuationToken", "The continuation token is not valid"));
        if (errors.Count > 0) return Problems.Validation(errors, "The query has invalid parameters");

        IncidentListPage page;
        try
        {
            page = await incidents.ListIncidentsAsync(
                new IncidentListQuery(stage, includeClosed, pageSize, continuation.Length == 0 ? null : continuation), context.RequestAborted);
        }
        catch (ArgumentException)
        {
            return Problems.Validation([new("continuationToken", "The continuation token is not valid: start again without it")], "The query has invalid parameters");
        }
        string? next = null;
        if (page.ContinuationToken is { } token)
        {
            next = "/api/incidents?pageSize=" + pageSize + (stage is { } s ? "&stage=" + s : "")
                + (includeClosed ? "&includeClosed=true" : "") + "&continuationToken=" + Uri.EscapeDataString(token);
        }
        return TypedResults.Json(new IncidentList(page.Incidents, page.ContinuationToken, next), WebJson.Options);
    }

    private static async Task<IResult> GetAsync(string incidentId, HttpContext context, IIncidentService incidents)
    {
        var user = context.User.ToStaffUser()!;
        if (!IdPattern.IsMatch(incidentId)) return Problems.NotFound("There is no incident with that id.");
        var view = await incidents.GetIncidentAsync(incidentId, user, context.RequestAborted);
        return view is null ? Problems.NotFound("There is no incident with that id.") : TypedResults.Json(view, WebJson.Options);
    }

    private static async Task<IResult> PerformAsync(string incidentId, string action, HttpContext context, IIncidentService incidents, ReferralIntake intake)
    {
        var user = context.User.ToStaffUser()!;
        if (!IdPattern.IsMatch(incidentId)) return Problems.NotFound("There is no incident with that id.");
        if (string.Equals(action, ActionNames.ResubmitReferral, StringComparison.OrdinalIgnoreCase))
            return await ResubmitReferralAsync(incidentId, context, intake, user);

        JsonElement fields;
        // No body at all means an action without fields.
        if (context.Request.ContentLength == 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
        {
            fields = JsonSerializer.SerializeToElement(new { });
        }
        else
        {
            var (body, problem) = await RequestBodies.ReadJsonObjectAsync(context, RequestLimits.ActionBytes, "the action's fields");
            if (problem is not null) return problem;
            fields = JsonSerializer.SerializeToElement(body, WebJson.Options);
        }
        return await RunActionAsync(incidents, incidentId, action, fields, user, context.RequestAborted) switch
        {
            { Outcome: { Pending: true } pending } => TypedResults.Json(pending, WebJson.Options, statusCode: StatusCodes.Status202Accepted),
            { Outcome: { } outcome } => TypedResults.Json(outcome, WebJson.Options),
            { Conflict: { } reason, Errors: { } errors } => Problems.Changed(reason, errors),
            { Refusal: { } reason, Errors: { } errors } => Problems.Refused(reason, errors),
            { Errors: { } errors } => Problems.Validation(errors, "The action has invalid fields"),
            { NotAvailable: true, NotAvailableReason: { } why } => Problems.Conflict(why, "Not possible yet"),
            { NotAvailable: true } => Problems.Conflict($"The action '{action}' is not available on this incident now. Reload the incident to see what is."),
            _ => Problems.NotFound("There is no incident with that id."),
        };
    }

    /// <summary>
    /// <c>resubmit-referral</c> takes the whole corrected referral (the same JSON as
    /// <c>POST /api/referrals</c>), not a list of fields.
    /// </summary>
    private static async Task<IResult> ResubmitReferralAsync(string incidentId, HttpContext context, ReferralIntake intake, StaffUser user)
    {
        var (body, problem) = await RequestBodies.ReadJsonObjectAsync(context, RequestLimits.ReferralBytes, "the corrected referral");
        if (problem is not null) return problem;
        var result = await intake.ResubmitAsync(incidentId, body!, [], user, context.RequestAborted);
        return result switch
        {
            { Outcome: { Pending: true } pending } => TypedResults.Json(pending, WebJson.Options, statusCode: StatusCodes.Status202Accepted),
            { Outcome: { } outcome } => TypedResults.Json(outcome, WebJson.Options),
            { NotAvailable: true } => Problems.Conflict("The referral is not waiting to be resubmitted."),
            { NotFound: true } => Problems.NotFound("There is no incident with that id."),
            _ => Problems.Validation(result.Errors, "The referral has invalid fields"),
        };
    }

    /// <summary>The outcome of an action, shared by the API and the incident page.</summary>
    /// <summary><paramref name="Refusal"/> is set when the process refused the action (422), with <paramref name="Errors"/> saying where.</summary>
    /// <summary><paramref name="NotAvailableReason"/> says why an action not offered cannot be taken yet, where the process's order is the reason.</summary>
    /// <summary><paramref name="Conflict"/> says why the form is out of date (a newer report version to approve was uploaded since it was shown: 409), with <paramref name="Errors"/> saying where.</summary>
    /// <summary><paramref name="Shown"/> is false when the incident's record did not yet show an accepted action within <see cref="ReadModelPatience"/>.</summary>
    public sealed record ActionResult(ActionOutcome? Outcome, IReadOnlyList<FieldError>? Errors, bool NotAvailable, bool NotFound, string? Refusal = null, string? NotAvailableReason = null,
        string? Conflict = null, bool Shown = true);

    /// <summary>
    /// Performs the action, then waits a moment (at most <see cref="ReadModelPatience"/>) for the
    /// incident to show it: the workflow applies actions asynchronously, and a person or script that
    /// acts again straight after a 200 should meet the state that action produced, not the one before.
    /// </summary>
    public static async Task<ActionResult> RunActionAsync(
        IIncidentService incidents, string incidentId, string action, JsonElement fields, StaffUser user, CancellationToken cancellation)
    {
        try
        {
            var before = await incidents.GetIncidentAsync(incidentId, user, cancellation);
            // The service answers from the workflow's own decision (a refusal is an exception, never "recorded").
            var outcome = await incidents.PerformActionAsync(incidentId, action, fields, user, cancellation);
            if (outcome.Pending) return new(outcome, null, false, false, Shown: false);
            if (before is null) return new(outcome, null, false, false);
            var after = await WaitForChangeAsync(incidents, before, action, user, cancellation);
            return new(outcome, null, false, false, Shown: after is not null);
        }
        catch (ActionValidationException ex)
        {
            return new(null, ex.Errors, false, false, ex.Refusal);
        }
        catch (ActionConflictException ex)
        {
            return new(null, ex.Errors, false, false, Conflict: ex.Reason);
        }
        catch (ActionNotAvailableException ex)
        {
            return new(null, null, true, false, NotAvailableReason: ex.Reason);
        }
        catch (IncidentNotFoundException)
        {
            return new(null, null, false, true);
        }
    }

    /// <summary>How long an action waits, at most, for the incident's record to show what it did.</summary>
    public static readonly TimeSpan ReadModelPatience = TimeSpan.FromSeconds(10);

    /// <summary>How long the incident must stay unchanged, once it shows the action, before it is taken as settled.</summary>
    public static readonly TimeSpan ReadModelQuiet = TimeSpan.FromMilliseconds(300);

    /// <summary>How long a closed step must stay unchanged when the workflow wrote no entry of its own for it.</summary>
    public static readonly TimeSpan ReadModelSettled = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Waits (at most <see cref="ReadModelPatience"/>) until the incident's record shows the action:
    /// the workflow has written its own entry for it (the decision, or the refusal) to the timeline,
    /// and nothing has changed since for <see cref="ReadModelQuiet"/>. The workflow closes a step,
    /// applies its effect (a meeting booked, say) and opens what follows in separate writes: a step no
    /// longer offered is not yet its effect. Null when the record never showed it in time.
    /// </summary>
    private static async Task<IncidentView?> WaitForChangeAsync(IIncidentService incidents, IncidentView before, string action, StaffUser user, CancellationToken cancellation)
    {
        static string Signature(IncidentView v) => v.LastUpdatedAt.UtcTicks + "|" + v.Stage + "|" + v.AwaitingSummary + "|" + v.Timeline.Count + "|" +
            (v.Meeting is { } m ? m.Status + m.StartsAt.UtcTicks : "") + "|" +
            string.Join(",", v.AvailableActions.Select(a => a.Name + ":" + a.Fields.Count));
        var until = DateTime.UtcNow + ReadModelPatience;
        var last = Signature(before);
        var changedAt = DateTime.UtcNow;
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(25, cancellation);
            var now = await incidents.GetIncidentAsync(before.IncidentId, user, cancellation);
            if (now is null) return null;
            var signature = Signature(now);
            if (signature != last)
            {
                last = signature;
                changedAt = DateTime.UtcNow;
                continue;
            }
            var own = now.Timeline.Except(before.Timeline).Where(t => t.Who == user.Name).ToList();
            if (own.Count == 0)
            {
                // A step that records no entry of its own: closed, and settled for longer.
                if (!now.AvailableActions.Any(a => string.Equals(a.Name, action, StringComparison.OrdinalIgnoreCase)) && DateTime.UtcNow - changedAt >= ReadModelSettled) return now;
                continue;
            }
            if (own.Any(t => t.Kind == "refused") || DateTime.UtcNow - changedAt >= ReadModelQuiet) return now;
        }
        return null;
    }
}
