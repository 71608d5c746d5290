using Csp.Workflow.Configuration;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Application;

/// <summary>How the holder of a link proves they are the person it was sent to.</summary>
public enum LinkProof
{
    /// <summary>Signed in to the staff site as that person (or a deputy the partnership named for them).</summary>
    SignIn,

    /// <summary>A one-time code emailed to the address the link was sent to (people without an account).</summary>
    Code,
}

/// <summary>
/// Whom a link was made for and how they prove it: <paramref name="Name"/> (the person, or the
/// agency), <paramref name="Role"/> (what they are asked as: "Rapid Review panel chair"),
/// <paramref name="Address"/> the link went to, and the deputies who may act for them when signed in.
/// </summary>
public sealed record LinkRecipient(LinkProof Proof, string Name, string Role, string Address, IReadOnlyList<string> Deputies)
{
    /// <summary>"Rowan Panelchair (Rapid Review panel chair)", or only the name when it says the role already.</summary>
    public string Described => string.Equals(Name, Role, StringComparison.OrdinalIgnoreCase) || Role.Length == 0 ? Name : $"{Name} ({Role})";
}

/// <summary>
/// What the web layer knows of whoever sent a link's form: the signed-in staff user, if any, and
/// whether this browser entered the link's one-time code (a data-protected cookie for that link).
/// </summary>
public sealed record LinkCaller(StaffUser? SignedIn, bool CodeEntered)
{
    public static readonly LinkCaller Anonymous = new(null, false);

    /// <summary>
    /// The recipient, having proved it as they would (signed in as themselves, or with the code
    /// entered): for simulations that act through links in-process, never for a web request.
    /// </summary>
    public static LinkCaller ProvenAs(LinkRecipient recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return recipient.Proof == LinkProof.Code
            ? new LinkCaller(null, CodeEntered: true)
            : new LinkCaller(new StaffUser(recipient.Name, StaffRoles.Chair, recipient.Address), CodeEntered: false);
    }
}

/// <summary>Why a link's form was refused before anything was recorded.</summary>
public enum LinkRefusal
{
    /// <summary>The link is for someone who signs in, and nobody is signed in.</summary>
    SignInNeeded,

    /// <summary>Someone else is signed in: not the recipient, nor a deputy named for them.</summary>
    SomeoneElse,

    /// <summary>The recipient is signed in with the read-only role, which never acts.</summary>
    ReadOnly,

    /// <summary>The link is for someone without an account, and this browser has not entered the code.</summary>
    CodeNeeded,
}

/// <summary>
/// The outcome of checking a caller against a link: <paramref name="By"/> names who acted and how
/// they proved it ("Dr Chris Chair (Rapid Review panel chair), signed in"; "Exampleton Primary
/// School, code sent to dsl@school.example.org"), or <paramref name="Refusal"/> says why not.
/// </summary>
public sealed record LinkActorCheck(LinkRecipient Recipient, string? By, LinkRefusal? Refusal)
{
    public bool Allowed => Refusal is null;
}

/// <summary>
/// Who a link is for, from the partnership's configured people: a link sent to the address of
/// someone who signs in (the chairs, the scrutineer, the business unit and manager, panel members
/// and their deputies) acts only for that person signed in, or for the deputy the partnership named
/// for them; a link to anyone else (agencies, action-plan owners, the local authority designated
/// officer, a person configured with <c>SignsIn: false</c>) acts only after its one-time code is entered.
/// </summary>
public sealed class LinkRecipients(WorkflowServices services)
{
    private sealed record Person(string Name, string Email, string? ObjectId, bool SignsIn, PersonOptions? Deputy, bool PanelMember = false);

    public LinkRecipient For(CapabilityLinkRecord link)
    {
        ArgumentNullException.ThrowIfNull(link);
        var person = Find(link.Recipient);
        if (person is null || !person.SignsIn)
            return new LinkRecipient(LinkProof.Code, person?.Name is { Length: > 0 } n ? n : link.RecipientDescription, person is null ? "" : link.RecipientDescription, link.Recipient, []);
        var deputies = person.Deputy is { Email.Length: > 0 } d ? new[] { d.Name } : [];
        return new LinkRecipient(LinkProof.SignIn, person.Name.Length > 0 ? person.Name : link.RecipientDescription, link.RecipientDescription, link.Recipient, deputies);
    }

    /// <summary>Whether the caller may act on the link, and if so the words that name them in the record.</summary>
    public LinkActorCheck Check(CapabilityLinkRecord link, LinkCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var recipient = For(link);
        if (recipient.Proof == LinkProof.Code)
        {
            return caller.CodeEntered
                ? new LinkActorCheck(recipient, $"{recipient.Described}, code sent to {link.Recipient}", null)
                : new LinkActorCheck(recipient, null, LinkRefusal.CodeNeeded);
        }

        if (caller.SignedIn is not { } user) return new LinkActorCheck(recipient, null, LinkRefusal.SignInNeeded);
        var person = Find(link.Recipient)!;
        var asDeputy = false;
        if (!IsPerson(user, person.Email, person.ObjectId))
        {
            if (person.Deputy is { Email.Length: > 0 } deputy && IsPerson(user, deputy.Email, deputy.ObjectId)) asDeputy = true;
            else return new LinkActorCheck(recipient, null, LinkRefusal.SomeoneElse);
        }
        // Panel members and their deputies sign in with the read-only role (they read the case and the scoping
        // pack and change nothing on the staff site): their own meeting invitation's reply is the one thing it answers.
        var panelReply = person.PanelMember && link.Action == Actions.ActionNames.RespondToMeeting;
        if (user.Role == StaffRoles.ReadOnly && !panelReply) return new LinkActorCheck(recipient, null, LinkRefusal.ReadOnly);
        // The role the link was made for stays beside the name, unless it is only the name again (a panel member's invitation).
        var role = recipient.Role.Length == 0 || string.Equals(recipient.Role, user.Name, StringComparison.OrdinalIgnoreCase) ? "" : $" ({recipient.Role})";
        var by = asDeputy
            ? $"{user.Name}, deputy for {recipient.Described}, signed in"
            : $"{user.Name}{role}, signed in";
        return new LinkActorCheck(recipient, by, null);
    }

    /// <summary>Whether the address is a configured person who signs in to the staff site (so an email may point them at it).</summary>
    public bool SignsIn(string address) => Find(address) is { SignsIn: true };

    /// <summary>True when the signed-in user is the person with this address (or account object id).</summary>
    public static bool IsPerson(StaffUser user, string email, string? objectId)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Email is { Length: > 0 } signedInEmail && email.Length > 0 && string.Equals(signedInEmail.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase)) return true;
        return user.ObjectId is { Length: > 0 } oid && objectId is { Length: > 0 } && string.Equals(oid, objectId, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The configured person who signs in at this address, if any.</summary>
    private Person? Find(string address)
    {
        foreach (var person in People())
            if (person.Email.Length > 0 && string.Equals(person.Email.Trim(), address.Trim(), StringComparison.OrdinalIgnoreCase)) return person;
        return null;
    }

    private IEnumerable<Person> People()
    {
        var p = services.Partnership;
        static Person Of(PersonOptions o) => new(o.Name, o.Email, o.ObjectId, o.SignsIn, null);
        if (p.PanelChair is { } panelChair) yield return Of(panelChair);
        if (p.PartnershipChair is { } partnershipChair) yield return Of(partnershipChair);
        if (p.SubgroupChair is { } subgroupChair) yield return Of(subgroupChair);
        if (p.IndependentScrutineer is { } scrutineer) yield return Of(scrutineer);
        if (p.BusinessUnit is { } unit) yield return Of(unit);
        if (p.BusinessManager is { } manager) yield return Of(manager);
        // Named, but without an account: their links ask for the code.
        if (p.LocalAuthorityDesignatedOfficer is { } officer) yield return Of(officer) with { SignsIn = false };
        foreach (var member in p.PanelMembers)
        {
            yield return new Person(member.Name, member.Email, member.ObjectId, member.SignsIn, member.Deputy, PanelMember: true);
            if (member.Deputy is { } deputy) yield return Of(deputy) with { PanelMember = true };
        }
    }
}
