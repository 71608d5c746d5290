using Microsoft.AspNetCore.Http;

namespace Csp.Web;

/// <summary>The service's addresses, in one place.</summary>
public static class WebPaths
{
    public const string Dashboard = "/";
    public const string SignIn = "/sign-in";
    public const string SignOut = "/sign-out";
    public const string Accessibility = "/accessibility";
    public const string NewReferral = "/referrals/new";
    public const string DevMailbox = "/dev/mailbox";
    public const string DevClock = "/dev/clock";

    public const string ApprovalLinkPrefix = "/a";
    public const string ScopingLinkPrefix = "/s";

    public static string Incident(string incidentId) => "/incidents/" + Uri.EscapeDataString(incidentId);

    public static string IncidentAction(string incidentId, string action) =>
        Incident(incidentId) + "/actions/" + Uri.EscapeDataString(action);

    public static string ApiIncident(string incidentId) => "/api/incidents/" + Uri.EscapeDataString(incidentId);

    public static string DevMailboxMessage(string id) => DevMailbox + "/" + Uri.EscapeDataString(id);

    public static bool IsApi(PathString path) => path.StartsWithSegments("/api");

    public static bool IsCapabilityLink(PathString path) =>
        path.StartsWithSegments(ApprovalLinkPrefix) || path.StartsWithSegments(ScopingLinkPrefix);

    /// <summary>
    /// A return address that stays on this site: a path starting with one '/', never '//' or '/\'
    /// (which browsers treat as another host). Anything else becomes the dashboard.
    /// </summary>
    public static string LocalReturnUrl(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate) || candidate.Length > 2048) return Dashboard;
        if (candidate[0] != '/') return Dashboard;
        if (candidate.Length > 1 && (candidate[1] == '/' || candidate[1] == '\\')) return Dashboard;
        if (candidate.Any(c => char.IsControl(c))) return Dashboard;
        return candidate;
    }
}
