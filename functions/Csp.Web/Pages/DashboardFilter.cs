using System.Globalization;
using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using Csp.Workflow.Application;
using Microsoft.AspNetCore.Http;

namespace Csp.Web.Pages;

/// <summary>
/// The dashboard's filters, order and page, all in the query string so a filtered page can be
/// bookmarked, shared and paged without JavaScript: <c>stage</c> (a stage, or <c>Closed</c>),
/// <c>rag</c> (any of <c>Red</c>, <c>Amber</c>, <c>Green</c>, repeated), <c>sort</c> (<c>due</c> or
/// <c>received</c>), <c>order</c> (<c>asc</c> or <c>desc</c>) and <c>page</c>. Values it does not know
/// are left out, never an error: the page shows what it understood.
/// </summary>
public sealed record DashboardFilter(IncidentStage? Stage, IReadOnlyList<RagStatus> Rag, string Sort, bool Descending, int Page)
{
    public static readonly IReadOnlyList<RagStatus> Statuses = [RagStatus.Red, RagStatus.Amber, RagStatus.Green];

    public static DashboardFilter From(IQueryCollection query)
    {
        var stageText = query["stage"].ToString();
        IncidentStage? stage = Enum.TryParse<IncidentStage>(stageText, out var s) && Enum.IsDefined(s) && !int.TryParse(stageText, out _) ? s : null;
        var rag = Statuses.Where(r => query["rag"].Any(v => string.Equals(v, r.ToString(), StringComparison.OrdinalIgnoreCase))).ToList();
        var sort = query["sort"].ToString() == "received" ? "received" : "due";
        var descending = query["order"].ToString() == "desc";
        var page = int.TryParse(query["page"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1;
        return new DashboardFilter(stage, rag, sort, descending, page);
    }

    /// <summary>Whether the statuses filter applies (closed incidents have no status).</summary>
    public bool FiltersStatus => Rag.Count > 0 && Stage != IncidentStage.Closed;

    /// <summary>The dashboard's address with these filters, <paramref name="sort"/>/<paramref name="descending"/> and <paramref name="page"/> instead where given.</summary>
    public string Href(int? page = null, string? sort = null, bool? descending = null)
    {
        var parts = new List<string>();
        if (Stage is { } stage) parts.Add("stage=" + stage);
        foreach (var r in Rag) parts.Add("rag=" + r);
        var s = sort ?? Sort;
        var d = descending ?? Descending;
        if (s != "due") parts.Add("sort=" + s);
        if (d) parts.Add("order=desc");
        var p = page ?? Page;
        if (p > 1) parts.Add("page=" + p.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? WebPaths.Dashboard : WebPaths.Dashboard + "?" + string.Join("&", parts);
    }

    /// <summary>What the filters choose, in words, after the results summary (": at Scoping, red or amber"); empty when nothing is filtered.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Stage is { } stage && stage != IncidentStage.Closed) parts.Add("at " + Display.Stage(stage));
        if (FiltersStatus) parts.Add(string.Join(" or ", Rag.Select(r => r.ToString().ToLowerInvariant())));
        return parts.Count == 0 ? "" : ": " + string.Join(", ", parts);
    }
}
