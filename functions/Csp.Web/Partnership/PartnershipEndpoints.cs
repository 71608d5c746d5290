using System.Text.Json;
using Csp.Domain;
using Csp.Web.Auth;
using Csp.Web.Forms;
using Csp.Web.Http;
using Csp.Web.Pages;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace Csp.Web.Partnership;

/// <summary>
/// The Partnership page (<c>/partnership</c>): every staff role reads the partnership's people and
/// their history; only the business unit saves a change. <c>POST /api/partnership/import</c> loads
/// a first version from JSON (business unit only, only while the directory is empty).
/// </summary>
public static class PartnershipEndpoints
{
    public const string Path = "/partnership";
    public const string ImportRoute = "/api/partnership/import";

    public static IEndpointRouteBuilder MapPartnership(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, ShowAsync).RequireAuthorization(StaffPolicies.Staff);
        endpoints.MapPost(Path, SaveAsync).RequireAuthorization(StaffPolicies.BusinessUnit);
        endpoints.MapPost(ImportRoute, ImportAsync).RequireAuthorization(StaffPolicies.BusinessUnit);
        return endpoints;
    }

    private static async Task<IResult> ShowAsync(HttpContext context, PartnershipDirectoryService directory)
    {
        var (partnership, version) = await directory.ReadAsync(context.RequestAborted);
        var notice = context.Request.Query["saved"].ToString() == "1" ? "The partnership was saved. What is sent next goes to the people shown." : null;
        return await PageAsync(context, directory, new FormState(PartnershipForm.Values(partnership, version), []), partnership, notice, success: true, StatusCodes.Status200OK);
    }

    private static async Task<IResult> SaveAsync(HttpContext context, PartnershipDirectoryService directory)
    {
        var (form, refusal) = await FormRequests.ReadAsync(context, RequestLimits.ActionBytes);
        if (refusal is not null) return refusal;
        var (current, version) = await directory.ReadAsync(context.RequestAborted);
        var intent = form!["intent"].ToString();
        if (intent is PartnershipForm.AddPartner or PartnershipForm.AddMember or PartnershipForm.AddAgency)
        {
            var values = form.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var field = intent switch { PartnershipForm.AddPartner => PartnershipForm.PartnerRowsField, PartnershipForm.AddMember => PartnershipForm.MemberRowsField, _ => PartnershipForm.AgencyRowsField };
            values[field] = Math.Min(PartnershipForm.Rows(form, field, 1) + 1, PartnershipRules.MaxRows).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return await PageAsync(context, directory, new FormState(values, []), current, null, success: false, StatusCodes.Status200OK);
        }

        var binding = PartnershipForm.Bind(form);
        PartnershipRules.KeepAccounts(binding.Partnership, current);
        var user = context.User.ToStaffUser()!;
        var errors = new List<FieldError>(binding.Errors);
        if (errors.Count == 0)
        {
            var saved = await directory.SaveAsync(binding.Partnership, binding.Version, user.Name, context.RequestAborted);
            switch (saved.Outcome)
            {
                case PartnershipSaveOutcome.Saved:
                    return PageResults.SeeOther(Path + "?saved=1#history");
                case PartnershipSaveOutcome.Unchanged:
                    return await PageAsync(context, directory, new FormState(PartnershipForm.Values(current, version), []), current, "Nothing was changed.", success: false, StatusCodes.Status200OK);
                case PartnershipSaveOutcome.Conflict:
                    return await PageAsync(context, directory, new FormState(PartnershipForm.Values(current, version), []), current,
                        "Someone else saved the partnership after you opened this page, so your changes were not saved. The page now shows their version: make your changes again.",
                        success: false, StatusCodes.Status409Conflict);
            }
            errors.AddRange(binding.ToFormFields(saved.Errors));
        }
        var state = FormState.From(form, errors);
        return await PageAsync(context, directory, state, current, null, success: false, StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> PageAsync(HttpContext context, PartnershipDirectoryService directory, FormState form, PartnershipOptions current, string? notice, bool success, int status)
    {
        var history = await directory.HistoryAsync(context.RequestAborted);
        var user = context.User.ToStaffUser()!;
        return PageResults.Page<PartnershipPage>(status, _ => new()
        {
            [nameof(PartnershipPage.Form)] = form,
            [nameof(PartnershipPage.Current)] = current,
            [nameof(PartnershipPage.History)] = history,
            [nameof(PartnershipPage.Missing)] = PartnershipRules.Missing(current),
            [nameof(PartnershipPage.MayEdit)] = StaffPolicies.MayKeepPartnership(user),
            [nameof(PartnershipPage.PartnerRows)] = PartnershipForm.Rows(Form(form), PartnershipForm.PartnerRowsField, 1),
            [nameof(PartnershipPage.MemberRows)] = PartnershipForm.Rows(Form(form), PartnershipForm.MemberRowsField, 1),
            [nameof(PartnershipPage.AgencyRows)] = PartnershipForm.Rows(Form(form), PartnershipForm.AgencyRowsField, 1),
            [nameof(PartnershipPage.Notice)] = notice,
            [nameof(PartnershipPage.NoticeIsSuccess)] = success,
        });

        static FormCollection Form(FormState state) => new(new[] { PartnershipForm.PartnerRowsField, PartnershipForm.MemberRowsField, PartnershipForm.AgencyRowsField }
            .ToDictionary(f => f, f => new StringValues(state.Value(f)), StringComparer.Ordinal));
    }

    /// <summary>
    /// The first load from JSON (the shape of <see cref="PartnershipOptions"/>, camel case): 201 with
    /// what was set, 400 with field errors, 409 once the directory holds a version (then use the page).
    /// </summary>
    private static async Task<IResult> ImportAsync(HttpContext context, PartnershipDirectoryService directory)
    {
        var (body, problem) = await RequestBodies.ReadJsonObjectAsync(context, RequestLimits.ActionBytes, "the partnership");
        if (problem is not null) return problem;
        PartnershipOptions? partnership;
        try
        {
            partnership = body!.Deserialize<PartnershipOptions>(CspJson.Options);
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest("The partnership could not be read: " + ex.Message.Split(" Path:")[0], "The partnership is not valid JSON of the expected shape");
        }
        if (partnership is null) return Problems.BadRequest("Send the partnership as a JSON object.");
        var (_, version) = await directory.ReadAsync(context.RequestAborted);
        if (version > 0) return Problems.Conflict("The partnership is already set up: change it on the Partnership page.", "Already set up");
        var saved = await directory.SaveAsync(partnership, 0, context.User.ToStaffUser()!.Name + " (import)", context.RequestAborted);
        return saved.Outcome switch
        {
            PartnershipSaveOutcome.Saved => Results.Json(new { version = 1, changes = saved.Changes }, WebJson.Options, statusCode: StatusCodes.Status201Created),
            PartnershipSaveOutcome.Invalid => Problems.Validation(saved.Errors, "The partnership has invalid fields"),
            PartnershipSaveOutcome.Unchanged => Problems.BadRequest("The partnership sent is empty."),
            _ => Problems.Conflict("Someone set the partnership up at the same moment: change it on the Partnership page.", "Already set up"),
        };
    }
}
