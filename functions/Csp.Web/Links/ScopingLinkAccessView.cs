using Csp.Web.Forms;
using Csp.Workflow.Application;

namespace Csp.Web.Links;

/// <summary>
/// The child's-details part of a scoping link's page: where the code goes and whether one is waiting,
/// the details themselves once this browser has entered the code, and the code box's errors.
/// </summary>
public sealed record ScopingLinkAccessView(AccessCodeStatus Status, ScopingLinkDetails? Details, FormState CodeForm)
{
    /// <summary>The code box; also the field of the "email me a code" button's errors.</summary>
    public const string CodeField = "code";

    /// <summary>The id of the "email me a code" button (its errors link to it).</summary>
    public const string RequestField = "code-request";

    /// <summary>The section of the page the code part lives in (redirects return to it).</summary>
    public const string Anchor = "child-details";
}
