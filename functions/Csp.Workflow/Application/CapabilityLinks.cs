using System.Text.Json;
using Csp.Domain;
using Csp.Workflow.Actions;
using Csp.Workflow.Activities;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

using Microsoft.DurableTask.Client;

namespace Csp.Workflow.Application;

/// <summary>
/// <see cref="ICapabilityLinks"/>: looks tokens up by their SHA-256 hash, validates the form against
/// the step's action (input parsing only), stores uploads in Blob storage, consumes the token with a
/// conditional write (so it works once) and raises the step's event. For an action the process can
/// refuse it then answers from the orchestration's own decision on that submission
/// (<see cref="SubmissionOutcomes"/>): a refusal gives the link back, with the domain's field errors.
/// </summary>
public sealed class CapabilityLinks(
    ICapabilityLinkStore links,
    IIncidentRecords records,
    IDocumentStore documents,
    DurableTaskClient client,
    WorkflowServices services,
    LinkRecipients recipients,
    TimeProvider time) : ICapabilityLinks
{
    public const int MaxDocuments = 5;
    public const long MaxDocumentBytes = 10 * 1024 * 1024;

    private readonly SubmissionOutcomes _outcomes = new(records, TimeSpan.FromSeconds(services.Options.SubmissionPatienceSeconds));

    private static readonly LinkLookup NotFound = new(LinkState.NotFound, null, null, null, null, null, []);

    public Task<LinkLookup> LookupAsync(string token, CancellationToken cancellation) => LookupAsync(token, LinkCaller.Anonymous, cancellation);

    public async Task<LinkLookup> LookupAsync(string token, LinkCaller caller, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var (stored, state) = await FindAsync(token, cancellation);
        if (stored is null) return NotFound;
        var link = stored.Link;
        var definition = services.Catalogue.Find(link.Action);
        var fields = state == LinkState.Valid ? definition?.Fields ?? [] : [];
        var record = state == LinkState.Valid ? await records.LoadAsync(link.IncidentId, cancellation) : null;
        // A scoping request the business unit waived: its page says so rather than that "the process moved on".
        var waived = state == LinkState.StepClosed && link.Kind == LinkKind.ScopingReturn
            && await records.LoadAsync(link.IncidentId, cancellation) is { } closed
            && IncidentDocuments.Agencies(closed).FirstOrDefault(a => a.Key == link.Subject) is { Status: AgencyScopingStatus.Waived };
        var summary = record is not null ? LinkSummary.For(link.Action, link.StepId, record, services) : [];
        // The approval form carries the version of the report the page shows.
        if (record is not null) fields = ReportApproval.WithVersionShown(link.Action, fields, record);
        return new LinkLookup(state, link.Kind, link.Reference, link.StepTitle, link.RecipientDescription, link.ExpiresAt, fields, definition?.Label, summary,
            state == LinkState.Valid ? recipients.For(link) : null, state == LinkState.Valid ? recipients.Check(link, caller) : null, link.Action, waived);
    }

    public Task<LinkRedemption> RedeemAsync(string token, JsonElement submission, LinkCaller caller, CancellationToken cancellation) =>
        RedeemAsync(token, submission, [], caller, cancellation);

    public Task<LinkRedemption> RedeemAsync(string token, JsonElement submission, IReadOnlyList<UploadedDocument> uploads, LinkCaller caller, CancellationToken cancellation) =>
        RedeemAsync(token, submission, uploads, caller, null, cancellation);

    public Task<LinkRedemption> DeclareCannotReturnAsync(string token, JsonElement submission, LinkCaller caller, CancellationToken cancellation) =>
        RedeemAsync(token, submission, [], caller, ActionNames.DeclareScopingReturnImpossible, cancellation);

    /// <param name="instead">An action taken through the link instead of its own: only "cannot return" on a scoping link.</param>
    private async Task<LinkRedemption> RedeemAsync(string token, JsonElement submission, IReadOnlyList<UploadedDocument> uploads, LinkCaller caller, string? instead, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        ArgumentNullException.ThrowIfNull(caller);
        var (stored, state) = await FindAsync(token, cancellation);
        if (stored is null) return new LinkRedemption(LinkState.NotFound, [], "This link is not valid.");
        if (state != LinkState.Valid) return new LinkRedemption(state, [], Explain(state));
        var link = stored.Link;
        // Only the person the link was made for acts on it: before the form is even read, nothing is recorded for anyone else.
        var actor = recipients.Check(link, caller);
        if (!actor.Allowed) return new LinkRedemption(LinkState.Valid, [], Explain(actor), Refused: actor);
        if (instead is not null && (link.Kind != LinkKind.ScopingReturn || link.Action != ActionNames.SubmitScopingReturn))
            return new LinkRedemption(LinkState.NotFound, [], Explain(LinkState.NotFound));
        var action = instead ?? link.Action;
        var definition = services.Catalogue.Get(action);

        var form = ActionForm.Read(definition.Fields, submission, services.Calendar);
        var errors = form.Errors.ToList();
        if (uploads.Count > MaxDocuments) errors.Add(new FieldError("documents", $"Attach no more than {MaxDocuments} files"));
        for (var i = 0; i < uploads.Count; i++)
        {
            if (uploads[i].Content.ToMemory().Length > MaxDocumentBytes) errors.Add(new FieldError($"documents[{i}]", "Each file must be 10 MB or smaller"));
            if (string.IsNullOrWhiteSpace(uploads[i].FileName)) errors.Add(new FieldError($"documents[{i}]", "Each file needs a name"));
        }
        if (errors.Count > 0) return new LinkRedemption(LinkState.Valid, errors, "Please correct the form.");

        var by = actor.By!;
        var now = time.GetUtcNow();
        var record = await records.LoadAsync(link.IncidentId, cancellation);
        var values = form.Values;
        if (record is not null)
        {
            // An approval covers the version the approver read: a newer upload since the page opened refuses it, and the link stays usable.
            try
            {
                values = ReportApproval.Check(action, values, record);
            }
            catch (ActionConflictException ex)
            {
                return new LinkRedemption(LinkState.Valid, ex.Errors, ex.Reason, Conflict: true);
            }
            catch (ActionValidationException ex)
            {
                return new LinkRedemption(LinkState.Valid, ex.Errors, ex.Refusal ?? "Please correct the form.");
            }
        }
        var s = new StepSubmission(link.StepId, action, by, "link", now, values, Subject: link.Subject, SubmissionId: SubmissionOutcomes.NewId());

        // Large content goes to Blob storage; the event carries only paths.
        var paths = new List<string>();
        if ((link.Kind == LinkKind.ScopingReturn && instead is null) || uploads.Count > 0)
        {
            // A folder of this attempt's own: a second post racing this one (a double click) cannot overwrite what the winner recorded.
            var folder = $"{Safe(link.StepId)}/{link.TokenHash[..12]}-{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}";
            var answers = BinaryData.FromObjectAsJson(new ScopingReturnForm(link.StepTitle, by, now, form.Values), CspJson.Options);
            paths.Add(await documents.SaveAsync(link.IncidentId, $"{folder}/{ScopingReturnForm.FileName}", "application/json", answers, cancellation));
            foreach (var upload in uploads)
                paths.Add(await documents.SaveAsync(link.IncidentId, $"{folder}/{Safe(Path.GetFileName(upload.FileName))}", upload.ContentType, upload.Content, cancellation));
        }

        if (!await links.TryConsumeAsync(stored, now, cancellation))
            return new LinkRedemption(LinkState.Used, [], Explain(LinkState.Used));
        try
        {
            // A scoping return's content stays in Blob storage: the event (and so the history) holds only the paths.
            var raised = link.Kind == LinkKind.ScopingReturn && instead is null ? s with { Fields = new Dictionary<string, string>(), Documents = paths } : s with { Documents = paths };
            await client.RaiseEventAsync(link.InstanceId, link.EventName, raised, cancellation);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return new LinkRedemption(LinkState.StepClosed, [], Explain(LinkState.StepClosed));
        }
        if (!DecidedActions.Contains(action)) return new LinkRedemption(LinkState.Valid, [], "Thank you: your response has been recorded.", By: by);
        var decided = await _outcomes.AwaitAsync(link.IncidentId, s.SubmissionId!, link.StepId, cancellation);
        if (decided is null)
            return new LinkRedemption(LinkState.Valid, [], "Thank you: your response has been sent. The process is still recording it: you will be emailed if anything more is needed.", By: by, Pending: true);
        if (decided.Kind == AuditKinds.Refused)
        {
            // Refused by the process: the link works again, so its recipient can correct the answer and send it.
            await links.ReleaseAsync(link.TokenHash, now, CancellationToken.None);
            return new LinkRedemption(LinkState.Valid, decided.Errors ?? [new FieldError("", decided.Why ?? "")], decided.Why ?? "Please correct the form.");
        }
        return new LinkRedemption(LinkState.Valid, [], "Thank you: your response has been recorded.", By: by);
    }

    private Task<(StoredLink? Link, LinkState State)> FindAsync(string token, CancellationToken cancellation) =>
        CapabilityLinkStates.ResolveAsync(links, token, time.GetUtcNow(), cancellation);

    private static string Explain(LinkState state) => state switch
    {
        LinkState.Used => "This link has already been used.",
        LinkState.Expired => "This link has expired.",
        LinkState.StepClosed => "This step is finished: the link no longer works.",
        LinkState.Superseded => "A newer email carries the link that works now.",
        LinkState.Moved => "This step has moved: the business unit reassigned it to someone else, so this link no longer works.",
        _ => "This link is not valid.",
    };

    private static string Explain(LinkActorCheck check) => check.Refusal switch
    {
        LinkRefusal.SignInNeeded => $"This link is for {check.Recipient.Described}: sign in as them to respond.",
        LinkRefusal.SomeoneElse => $"This link is for {check.Recipient.Described}, not for the person signed in.",
        LinkRefusal.ReadOnly => "The read-only role cannot respond to links.",
        _ => $"Enter the code sent to {check.Recipient.Address} first.",
    };

    private static string Safe(string name) =>
        new(name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '-').ToArray());
}
