using Csp.Workflow.Application;

namespace Csp.Web.Links;

/// <summary>
/// The words a link's page uses to say whom the link is for and how they prove it, and why a form
/// sent by someone who has not proved it recorded nothing.
/// </summary>
public static class LinkProofWords
{
    /// <summary>The page's "who can respond" section (a refusal's error links to it).</summary>
    public const string Field = "proof";

    public static string RequestButton(LinkKind kind, bool waiting) =>
        waiting ? "Email me a new code" : kind == LinkKind.ScopingReturn ? "Email me a code to see the child's details" : "Email me a code";

    /// <summary>Why nothing was recorded, and what to do instead; <paramref name="contact"/> is the business unit ("Name (email)").</summary>
    public static string Refusal(LinkActorCheck check, StaffUser? user, string contact)
    {
        ArgumentNullException.ThrowIfNull(check);
        var r = check.Recipient;
        return check.Refusal switch
        {
            LinkRefusal.SignInNeeded =>
                $"Nothing has been recorded. This link is for {r.Described}: sign in to the staff site as {r.Name} to respond.",
            LinkRefusal.SomeoneElse =>
                $"Nothing has been recorded. This link is for {r.Described}, and you are signed in as {user?.Name ?? "someone else"}. "
                + $"If this step should be yours, ask the business unit, {contact}, to reassign it to you.",
            LinkRefusal.ReadOnly =>
                "Nothing has been recorded. You are signed in with the read-only role, which cannot respond to links. Ask the business unit, " + contact + ", for a role that can.",
            _ => $"Nothing has been recorded. Enter the code we email to {r.Address}, the address this link was sent to, before you send the form.",
        };
    }
}
