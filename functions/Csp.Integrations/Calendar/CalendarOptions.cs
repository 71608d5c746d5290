using Microsoft.Extensions.Options;

namespace Csp.Integrations.Calendar;

/// <summary>
/// Where Rapid Review meetings go (section <c>Csp:Calendar</c>): <c>Ics</c> (the default) emails
/// iCalendar invitations; <c>Graph</c> puts the meeting in the business unit's Microsoft 365 calendar.
/// </summary>
public sealed class CalendarOptions
{
    public const string SectionName = "Csp:Calendar";
    public const string Ics = "Ics";
    public const string GraphProvider = "Graph";

    public string Provider { get; set; } = Ics;

    public GraphCalendarOptions Graph { get; set; } = new();

    public bool UsesGraph => string.Equals(Provider, GraphProvider, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Microsoft Graph settings (section <c>Csp:Calendar:Graph</c>).</summary>
public sealed class GraphCalendarOptions
{
    /// <summary>The mailbox (user principal name or object id) whose calendar organises the meetings: the business unit's.</summary>
    public string CalendarUser { get; set; } = "";

    /// <summary>The app registration's tenant; with <see cref="ClientId"/> and <see cref="ClientSecret"/> a client-secret credential, else managed identity.</summary>
    public string TenantId { get; set; } = "";

    public string ClientId { get; set; } = "";

    /// <summary>In Azure a Key Vault reference; empty: the app's managed identity (<see cref="ClientId"/> picks a user-assigned one).</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>The API's base address; tests point it at a fake on loopback.</summary>
    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    /// <summary>Adds a Teams meeting link to each meeting.</summary>
    public bool TeamsMeetings { get; set; }

    /// <summary>Minutes between readings of attendees' answers.</summary>
    public int ResponsePollMinutes { get; set; } = 15;
}

/// <summary>Checks <c>Csp:Calendar</c> at start-up.</summary>
public sealed class CalendarOptionsValidator : IValidateOptions<CalendarOptions>
{
    public ValidateOptionsResult Validate(string? name, CalendarOptions options)
    {
        var problems = new List<string>();
        if (!(options.UsesGraph || string.Equals(options.Provider, CalendarOptions.Ics, StringComparison.OrdinalIgnoreCase)))
            problems.Add("Csp:Calendar:Provider must be 'Ics' or 'Graph'.");
        if (options.UsesGraph)
        {
            var g = options.Graph;
            if (string.IsNullOrWhiteSpace(g.CalendarUser)) problems.Add("Csp:Calendar:Graph:CalendarUser (the business unit's mailbox) is required when Csp:Calendar:Provider is Graph.");
            if (!Uri.TryCreate(g.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("https" or "http"))
                problems.Add("Csp:Calendar:Graph:BaseUrl must be an absolute http(s) address.");
            if (g.ClientSecret.Length > 0 && (g.TenantId.Length == 0 || g.ClientId.Length == 0))
                problems.Add("Csp:Calendar:Graph:ClientSecret needs Csp:Calendar:Graph:TenantId and ClientId.");
            if (g.ResponsePollMinutes is < 1 or > 1440) problems.Add("Csp:Calendar:Graph:ResponsePollMinutes must be 1 to 1440.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
