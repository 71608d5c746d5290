using System.Text.Json;

namespace Csp.Workflow.Application;

/// <summary>
/// Capability links in emails (approval links /a/{token}, scoping return links /s/{token}): a random
/// 256-bit token, only its hash stored, bound to one incident, one step and one recipient, expiring
/// with its step, consumed once. Created by workflow activities; redeemed by the web layer.
/// </summary>
public interface ICapabilityLinks
{
    /// <summary>What a token opens, without consuming it (GET shows this). Unknown, expired, used or finished steps are reported, never thrown.</summary>
    Task<LinkLookup> LookupAsync(string token, CancellationToken cancellation) => LookupAsync(token, LinkCaller.Anonymous, cancellation);

    /// <summary>As <see cref="LookupAsync(string, CancellationToken)"/>, with whether <paramref name="caller"/> could act on it now (<see cref="LinkLookup.Caller"/>).</summary>
    Task<LinkLookup> LookupAsync(string token, LinkCaller caller, CancellationToken cancellation);

    /// <summary>
    /// Consumes the token (once, with a conditional write) and hands the submitted form to the
    /// orchestration, only for the person the link was made for (<paramref name="caller"/> proves it:
    /// see <see cref="LinkRecipients"/>); the record names them and how they proved it. Someone else,
    /// a second use, expiry or a finished step gives a non-success outcome and changes nothing.
    /// </summary>
    Task<LinkRedemption> RedeemAsync(string token, JsonElement submission, LinkCaller caller, CancellationToken cancellation);

    /// <summary>As <see cref="RedeemAsync(string, JsonElement, LinkCaller, CancellationToken)"/>, with uploaded files (a scoping template); they go to Blob storage.</summary>
    Task<LinkRedemption> RedeemAsync(string token, JsonElement submission, IReadOnlyList<Csp.Workflow.Ports.UploadedDocument> documents, LinkCaller caller, CancellationToken cancellation);

    /// <summary>
    /// On a scoping link: the agency says it cannot return the template, and why (the form of
    /// <see cref="Actions.ActionNames.DeclareScopingReturnImpossible"/>). Consumes the token as a return
    /// would, for the same recipient only; the business unit then waives the return or asks again with a new link.
    /// </summary>
    Task<LinkRedemption> DeclareCannotReturnAsync(string token, JsonElement submission, LinkCaller caller, CancellationToken cancellation);
}

public enum LinkKind { Approval, ScopingReturn }

/// <summary>What a token can do now; <see cref="Superseded"/>: a newer email for the same step carries the link that works.</summary>
public enum LinkState { Valid, NotFound, Expired, Used, StepClosed, Superseded, Moved }

/// <summary>
/// What the confirmation page shows: the step and the form, no child-identifying data; whom the link
/// is for and how they prove it (<see cref="Recipient"/>), and whether the caller could act now (<see cref="Caller"/>).
/// </summary>
public sealed record LinkLookup(
    LinkState State, LinkKind? Kind, string? IncidentReference, string? StepTitle, string? RecipientDescription,
    DateTimeOffset? ExpiresAt, IReadOnlyList<ActionField> Fields,
    string? ActionLabel = null, IReadOnlyList<LinkSummaryRow>? Summary = null, LinkRecipient? Recipient = null, LinkActorCheck? Caller = null,
    string? Action = null, bool Waived = false);

/// <summary>
/// A line of what the link's step is about (the decision to approve, the meeting's time, the date
/// due): never child-identifying. <paramref name="Download"/> is a document the step is about (the
/// report version to approve), which opens only after staff sign-in.
/// </summary>
public sealed record LinkSummaryRow(string Label, string Value, IncidentDocumentLink? Download = null);

/// <summary>A document of an incident that a page links to (the link needs staff sign-in).</summary>
public sealed record IncidentDocumentLink(string IncidentId, DocumentView Document, string Text);

/// <summary>
/// What redeeming a link did; <see cref="Conflict"/> when the form is out of date (a newer report
/// version was uploaded after the page was opened): nothing recorded and the link still works.
/// <see cref="Refused"/> when the caller has not proved they are the link's recipient: nothing
/// recorded, the link still works for them. <see cref="By"/> names who acted on a success.
/// </summary>
public sealed record LinkRedemption(LinkState State, IReadOnlyList<Csp.Domain.FieldError> Errors, string? Message, bool Conflict = false,
    LinkActorCheck? Refused = null, string? By = null, bool Pending = false);
