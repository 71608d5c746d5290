using Csp.Domain;
using System.Globalization;
using System.Net;
using System.Text;
using Csp.Workflow.Activities;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Application;

/// <summary>
/// <see cref="IScopingLinkAccess"/>: one code record per link token (<see cref="ILinkAccessCodeStore"/>,
/// changed only under its ETag), the code emailed through the service's <see cref="IEmailSender"/>
/// with a dedupe key per code (so a retried request sends it once), and the details read from the
/// incident's read model and the agency's stored returns.
/// </summary>
public sealed class ScopingLinkAccess(
    ICapabilityLinkStore links,
    ILinkAccessCodeStore codes,
    IIncidentRecords records,
    IDocumentStore documents,
    IEmailSender email,
    WorkflowServices services,
    LinkRecipients recipients,
    TimeProvider time) : IScopingLinkAccess
{
    /// <summary>How long a code works after it is sent.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(15);

    /// <summary>Wrong tries before a code stops working and a new one is needed.</summary>
    public const int MaxAttempts = 5;

    /// <summary>Codes one link can have: enough for a working week of sessions, too few to guess with.</summary>
    public const int MaxCodesPerLink = 10;

    /// <summary>A second request within this time of a code being sent sends nothing (a double click, an impatient reload).</summary>
    public static readonly TimeSpan ResendAfter = TimeSpan.FromMinutes(1);

    /// <summary>Email keys of codes start with this (also the email's kind for GOV.UK Notify templates).</summary>
    public const string EmailKind = "access-code";

    /// <summary>
    /// A lost conditional write means another writer won, and a link's code record changes at most
    /// this often (per code: its issue, each wrong try, its use or its ending), so a retry loop of
    /// this length always ends with an answer under any contention.
    /// </summary>
    private const int WriteAttempts = MaxCodesPerLink * (MaxAttempts + 3) + 1;

    public async Task<AccessCodeStatus?> StatusAsync(string token, CancellationToken cancellation)
    {
        var (link, state) = await ResolveAsync(token, cancellation);
        if (link is null || state != LinkState.Valid) return null;
        var current = (await codes.FindAsync(link.TokenHash, cancellation))?.Code;
        var now = time.GetUtcNow();
        var waiting = current is { UsedAt: null, FailedAttempts: < MaxAttempts } && now < current.ExpiresAt;
        var record = link.Kind == LinkKind.ScopingReturn ? await records.LoadAsync(link.IncidentId, cancellation) : null;
        var returned = record is not null && IncidentDocuments.Agencies(record).FirstOrDefault(a => a.Key == link.Subject) is { Documents.Count: > 0 };
        return new AccessCodeStatus(link.Recipient, waiting ? current!.IssuedAt : null, waiting ? current!.ExpiresAt : null, returned);
    }

    public async Task<AccessCodeResult> RequestCodeAsync(string token, CancellationToken cancellation)
    {
        var (link, state) = await ResolveAsync(token, cancellation);
        if (link is null || state != LinkState.Valid) return new(AccessCodeOutcome.LinkNotUsable, state);
        for (var attempt = 0; attempt < WriteAttempts; attempt++)
        {
            var current = await codes.FindAsync(link.TokenHash, cancellation);
            var now = time.GetUtcNow();
            if (current?.Code is { UsedAt: null, FailedAttempts: < MaxAttempts } recent && now - recent.IssuedAt < ResendAfter && now < recent.ExpiresAt)
                return new(AccessCodeOutcome.AlreadySent);
            var number = (current?.Code.Number ?? 0) + 1;
            if (number > MaxCodesPerLink) return new(AccessCodeOutcome.TooManyCodes);

            var code = AccessCodes.NewCode();
            var salt = AccessCodes.NewSalt();
            var issued = new LinkAccessCode(link.TokenHash, link.IncidentId, number, salt, AccessCodes.Hash(code, salt), now, now + CodeLifetime);
            // The new code replaces the old one (which stops working) only if no one changed it meanwhile.
            if (!await codes.TryWriteAsync(issued, current?.ETag, cancellation)) continue;
            try
            {
                await SendAsync(link, issued, code, cancellation);
            }
            catch
            {
                // The code reached no one: end it, so asking again sends a new one at once rather than waiting out the minute.
                await EndUnsentAsync(issued);
                throw;
            }
            return new(AccessCodeOutcome.Sent);
        }
        throw new InvalidOperationException("The link's code kept changing; the request will be retried.");
    }

    public async Task<AccessCodeResult> CheckCodeAsync(string token, string code, CancellationToken cancellation)
    {
        var (link, state) = await ResolveAsync(token, cancellation);
        if (link is null || state != LinkState.Valid) return new(AccessCodeOutcome.LinkNotUsable, state);
        var typed = AccessCodes.Normalise(code);
        for (var attempt = 0; attempt < WriteAttempts; attempt++)
        {
            var current = await codes.FindAsync(link.TokenHash, cancellation);
            if (current is null) return new(AccessCodeOutcome.NoCode);
            var c = current.Code;
            if (c.UsedAt is not null) return new(AccessCodeOutcome.Used);
            if (c.FailedAttempts >= MaxAttempts) return new(AccessCodeOutcome.Locked);
            var now = time.GetUtcNow();
            if (now >= c.ExpiresAt) return new(AccessCodeOutcome.Expired);
            if (typed is null) return new(AccessCodeOutcome.Malformed, AttemptsLeft: MaxAttempts - c.FailedAttempts);

            if (AccessCodes.Matches(typed, c.Salt, c.CodeHash))
            {
                if (!await codes.TryWriteAsync(c with { UsedAt = now }, current.ETag, cancellation)) continue;
                await RecordOpenedAsync(link, c, now, cancellation);
                return new(AccessCodeOutcome.Verified);
            }
            var failed = c.FailedAttempts + 1;
            if (!await codes.TryWriteAsync(c with { FailedAttempts = failed }, current.ETag, cancellation)) continue;
            return failed >= MaxAttempts ? new(AccessCodeOutcome.Locked) : new(AccessCodeOutcome.Wrong, AttemptsLeft: MaxAttempts - failed);
        }
        throw new InvalidOperationException("The link's code kept changing; the check will be retried.");
    }

    public async Task<ScopingLinkDetails?> ReadDetailsAsync(string token, CancellationToken cancellation)
    {
        var (link, state) = await ResolveAsync(token, cancellation);
        if (link is null || state != LinkState.Valid || link.Kind != LinkKind.ScopingReturn) return null;
        var record = await records.LoadAsync(link.IncidentId, cancellation);
        if (record is null) return null;
        var child = record.Case.Incident.Referral.Child;
        var name = string.Join(' ', new[] { child?.FirstName, child?.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));

        // The agency's latest earlier return (its form.json) and every document it has sent.
        var agency = IncidentDocuments.Agencies(record).FirstOrDefault(a => a.Key == link.Subject);
        ScopingReturnForm? latest = null;
        var earlierDocuments = new List<string>();
        foreach (var path in agency?.Documents ?? [])
        {
            if (path.EndsWith("/" + ScopingReturnForm.FileName, StringComparison.Ordinal))
            {
                var stored = await documents.ReadAsync(path, cancellation);
                var form = stored?.Content.ToObjectFromJson<ScopingReturnForm>(CspJson.Options);
                if (form is not null && (latest is null || form.SubmittedAt > latest.SubmittedAt)) latest = form;
            }
            else
            {
                earlierDocuments.Add(path[(path.LastIndexOf('/') + 1)..]);
            }
        }
        return new ScopingLinkDetails(name, child?.DateOfBirth,
            latest?.Fields ?? new Dictionary<string, string>(), latest?.SubmittedAt, earlierDocuments);
    }

    /// <summary>The link's state; a link for someone who signs in (who proves it that way) has no code.</summary>
    private async Task<(CapabilityLinkRecord? Link, LinkState State)> ResolveAsync(string token, CancellationToken cancellation)
    {
        var (stored, state) = await CapabilityLinkStates.ResolveAsync(links, token, time.GetUtcNow(), cancellation);
        return stored?.Link is { } link && (link.Kind == LinkKind.ScopingReturn || recipients.For(link).Proof == LinkProof.Code)
            ? (link, state)
            : (null, LinkState.NotFound);
    }

    /// <summary>The code, the reference and when it stops working: nothing about the child, and no link.</summary>
    private async Task SendAsync(CapabilityLinkRecord link, LinkAccessCode issued, string code, CancellationToken cancellation)
    {
        var until = TimeZoneInfo.ConvertTime(issued.ExpiresAt, services.Calendar.Zone);
        var expiry = $"{DateWords.Time(TimeOnly.FromDateTime(until.DateTime))} on {DateWords.Prose(DateOnly.FromDateTime(until.DateTime))}";
        var contact = services.Partnership.BusinessUnitOrManager;
        var lifetime = $"It works once, until {expiry} ({CodeLifetime.TotalMinutes:0} minutes).";
        string[] paragraphs = link.Kind == LinkKind.ScopingReturn
            ?
            [
                $"Your code is {code}",
                $"Enter it on the scoping request page for Rapid Review {link.Reference} to see the child's details and to send your agency's return. {lifetime}",
                $"If nobody at {link.RecipientDescription} asked for it, someone else has the link to your agency's scoping request. The code shows them nothing unless they have it, so do not pass it on, and tell {contact.Name} ({contact.Email}).",
            ]
            :
            [
                $"Your code is {code}",
                $"Enter it on the page of the link we sent you for {link.Reference} ({link.StepTitle}) to confirm it is you before you respond. {lifetime}",
                $"If you did not ask for it, someone else has your link. Nothing is recorded without the code, so do not pass it on, and tell {contact.Name} ({contact.Email}).",
            ];
        var text = new StringBuilder();
        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:Arial,sans-serif\">");
        html.Append("<p><strong>").Append(WebUtility.HtmlEncode(services.Partnership.Name)).Append("</strong> &middot; ").Append(WebUtility.HtmlEncode(link.Reference)).Append("</p>");
        foreach (var p in paragraphs)
        {
            text.AppendLine(p).AppendLine();
            html.Append("<p>").Append(WebUtility.HtmlEncode(p)).Append("</p>");
        }
        text.AppendLine("This email contains no personal details of the child.");
        html.Append("<p style=\"color:#505a5f\">This email contains no personal details of the child.</p></body></html>");

        var step = $"{EmailKind}:{link.TokenHash[..16]}:{issued.Number.ToString(CultureInfo.InvariantCulture)}";
        var key = EmailKeys.For(link.IncidentId, step, link.Recipient);
        await email.SendAsync(new EmailMessage(new EmailAddress(link.Recipient, link.RecipientDescription),
            link.Kind == LinkKind.ScopingReturn ? $"[{link.Reference}] Your code for the scoping request" : $"[{link.Reference}] Your code to respond", text.ToString(), html.ToString(), [], key,
            link.IncidentId, step, IdempotencyKey: key), cancellation);
    }

    private async Task EndUnsentAsync(LinkAccessCode issued)
    {
        var current = await codes.FindAsync(issued.TokenHash, CancellationToken.None);
        if (current?.Code.Number == issued.Number)
            await codes.TryWriteAsync(current.Code with { ExpiresAt = current.Code.IssuedAt }, current.ETag, CancellationToken.None);
    }

    /// <summary>Who opened the child's details, and how, on the incident's timeline (once per code).</summary>
    private Task RecordOpenedAsync(CapabilityLinkRecord link, LinkAccessCode code, DateTimeOffset at, CancellationToken cancellation) =>
        records.AppendAuditAsync(link.IncidentId,
        [
            new AuditEntry($"{EmailKind}:{link.TokenHash[..16]}:{code.Number.ToString(CultureInfo.InvariantCulture)}", at, link.RecipientDescription,
                link.Kind == LinkKind.ScopingReturn
                    ? $"The child's details were shown on {NameWords.Possessive(link.RecipientDescription)} scoping link after a code sent to {link.Recipient} was entered."
                    : $"A code sent to {link.Recipient} was entered on {NameWords.Possessive(link.RecipientDescription)} link ({link.StepTitle}).",
                null, link.Subject, AuditKinds.Step),
        ], cancellation);
}
