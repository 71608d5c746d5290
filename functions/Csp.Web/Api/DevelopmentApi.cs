using System.Text.Json.Nodes;
using Csp.Domain;
using Csp.Domain.Calendar;
using Csp.Web.Development;
using Csp.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Csp.Web.Api;

/// <summary>
/// Development-only API: the local mailbox and the adjustable clock. Every route answers 404 unless
/// <c>Csp:Development:Enabled</c> is true, so nothing here exists in a real deployment.
/// </summary>
public static class DevelopmentApi
{
    public const int MaxDays = 3_660;
    public const int MaxWorkingDays = 2_600;

    public sealed record MailboxEntry(string Id, IReadOnlyList<string> To, string Subject, DateTimeOffset SentAt, IReadOnlyList<string> Links, string Url);

    public sealed record ClockState(DateTimeOffset Now, string Today, TimeSpan Offset);

    public static IEndpointRouteBuilder MapDevelopmentApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/dev").AllowAnonymous().AddEndpointFilter(OnlyInDevelopment);
        group.MapGet("/mailbox", ListMessagesAsync);
        group.MapGet("/mailbox/{id}", GetMessageAsync);
        group.MapGet("/clock", GetClock);
        group.MapPost("/clock/advance", AdvanceClockAsync);
        return endpoints;
    }

    /// <summary>Refuses (404) unless development mode is on; used by the development pages too.</summary>
    public static ValueTask<object?> OnlyInDevelopment(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var enabled = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<DevelopmentOptions>>().CurrentValue.Enabled;
        return enabled ? next(context) : ValueTask.FromResult<object?>(Problems.NotFound("Development features are turned off."));
    }

    private static async Task<IResult> ListMessagesAsync(HttpContext context, IServiceProvider services)
    {
        if (services.GetService<IDevelopmentMailbox>() is not { } mailbox) return Problems.NotFound("This host has no local mailbox.");
        // ?incident= keeps one incident's emails within reach when the mailbox holds more than it lists.
        var incident = context.Request.Query["incident"].ToString();
        var messages = await mailbox.ListAsync(incident.Length is > 0 and <= 100 ? incident : null, context.RequestAborted);
        return TypedResults.Json(messages.Select(m => new MailboxEntry(m.Id, m.To, m.Subject, m.SentAt, m.Links, "/api/dev/mailbox/" + Uri.EscapeDataString(m.Id))).ToList(), WebJson.Options);
    }

    private static async Task<IResult> GetMessageAsync(string id, HttpContext context, IServiceProvider services)
    {
        if (services.GetService<IDevelopmentMailbox>() is not { } mailbox) return Problems.NotFound("This host has no local mailbox.");
        var message = id.Length <= 200 ? await mailbox.GetAsync(id, context.RequestAborted) : null;
        return message is null ? Problems.NotFound("There is no message with that id.") : TypedResults.Json(message, WebJson.Options);
    }

    private static IResult GetClock(IServiceProvider services)
    {
        if (services.GetService<IDevelopmentClock>() is not { } clock) return Problems.NotFound("This host has no adjustable clock.");
        return TypedResults.Json(State(clock), WebJson.Options);
    }

    private static async Task<IResult> AdvanceClockAsync(HttpContext context, IServiceProvider services, WorkingDayCalendar calendar)
    {
        if (services.GetService<IDevelopmentClock>() is not { } clock) return Problems.NotFound("This host has no adjustable clock.");
        var (body, problem) = await RequestBodies.ReadJsonObjectAsync(context, RequestLimits.SmallBytes, """{ "days": N } or { "workingDays": N }""");
        if (problem is not null) return problem;
        var days = ReadCount(body!, "days", MaxDays, out var daysError);
        var workingDays = ReadCount(body!, "workingDays", MaxWorkingDays, out var workingError);
        var errors = new[] { daysError, workingError }.OfType<FieldError>().ToList();
        if (errors.Count == 0 && (days is null) == (workingDays is null))
            errors.Add(new("", """Send exactly one of "days" or "workingDays"."""));
        if (errors.Count > 0) return Problems.Validation(errors, "The clock cannot move like that");

        Advance(clock, calendar, days, workingDays);
        return TypedResults.Json(State(clock), WebJson.Options);
    }

    /// <summary>
    /// Moves the clock on by calendar days, or to the same time of day on the working day N working
    /// days after today (UK dates).
    /// </summary>
    public static void Advance(IDevelopmentClock clock, WorkingDayCalendar calendar, int? days, int? workingDays)
    {
        var today = UkTime.Date(clock.UtcNow);
        var by = days is { } d
            ? TimeSpan.FromDays(d)
            : TimeSpan.FromDays(calendar.AddWorkingDays(today, workingDays!.Value).DayNumber - today.DayNumber);
        clock.Advance(by);
    }

    private static int? ReadCount(JsonObject body, string name, int max, out FieldError? error)
    {
        error = null;
        if (!body.TryGetPropertyValue(name, out var node) || node is null) return null;
        if (node is JsonValue value && value.TryGetValue<int>(out var n) && n >= 0 && n <= max) return n;
        error = new FieldError(name, $"Enter a whole number of {(name == "days" ? "days" : "working days")} from 0 to {max}");
        return null;
    }

    private static ClockState State(IDevelopmentClock clock)
    {
        var now = clock.UtcNow;
        return new ClockState(now, UkTime.Date(now).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), clock.Offset);
    }
}
