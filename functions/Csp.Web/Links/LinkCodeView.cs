using Csp.Web.Forms;
using Csp.Workflow.Application;

namespace Csp.Web.Links;

/// <summary>
/// The one-time code part of a link's page (a scoping return, or an approval for someone without an
/// account): where the code goes and whether one is waiting, whether this browser has entered it, a
/// scoping request's child's details once it has, and the code box's errors.
/// </summary>
public sealed record LinkCodeView(AccessCodeStatus Status, ScopingLinkDetails? Details, FormState CodeForm, bool Entered = false, bool Scoping = true)
{
    /// <summary>The code box; also the field of the "email me a code" button's errors.</summary>
    public const string CodeField = "code";

    /// <summary>The id of the "email me a code" button (its errors link to it).</summary>
    public const string RequestField = "code-request";

    /// <summary>The section of the page the code part lives in (redirects return to it).</summary>
    public const string Anchor = "child-details";
}
