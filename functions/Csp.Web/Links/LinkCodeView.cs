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

    /// <summary>
    /// When a new code can be asked for after one sent at <paramref name="sent"/>: a minute on, rounded up
    /// to the whole minute so the time a person reads ("from 9:07pm") is never too early.
    /// </summary>
    public static DateTimeOffset NextCodeAt(DateTimeOffset sent)
    {
        var next = sent + ScopingLinkAccess.ResendAfter;
        var whole = new DateTimeOffset(next.Year, next.Month, next.Day, next.Hour, next.Minute, 0, next.Offset);
        return whole == next ? next : whole.AddMinutes(1);
    }

    /// <summary>The section of the page the code part lives in (redirects return to it).</summary>
    public const string Anchor = "child-details";
}
