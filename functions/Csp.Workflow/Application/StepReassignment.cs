using Csp.Domain;
using Csp.Workflow.Actions;
using Csp.Workflow.Activities;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Application;

/// <summary>
/// Moves a waiting step from the person its link was sent to (a chair on leave, someone who left) to
/// another (the deputy, the new holder of the role): the first person's links stop working and their
/// page says the step moved, the new person gets a link of their own by email, and the timeline says
/// who moved it, from whom, to whom and why. Only the business unit moves steps.
/// </summary>
public sealed class StepReassignment(IIncidentRecords records, ICapabilityLinkStore links, NoticeMailer mailer, WorkflowServices services, TimeProvider time)
{
    public const int MaxReason = 1000;

    /// <summary>The open steps' current recipients (a step moved away from someone shows only whom it moved to).</summary>
    public async Task<IReadOnlyList<ReassignableStep>> WaitingAsync(string incidentId, CancellationToken cancellation)
    {
        var record = await records.LoadAsync(incidentId, cancellation);
        if (record is null) return [];
        var open = record.OpenSteps.Select(s => s.StepId).ToHashSet(StringComparer.Ordinal);
        var waiting = new List<ReassignableStep>();
        foreach (var r in await links.RecipientsAsync(incidentId, cancellation))
        {
            if (r.Moved is not null || !open.Contains(r.Link.StepId)) continue;
            if (await links.IsStepClosedAsync(incidentId, r.Link.StepId, cancellation)) continue;
            waiting.Add(new ReassignableStep(r.Link.StepId, r.Link.StepTitle, r.Link.Recipient, r.Link.RecipientDescription, r.Link.Kind));
        }
        return waiting;
    }

    public async Task<Reassignment> ReassignAsync(string incidentId, string stepId, string from, string toName, string toEmail, string reason, StaffUser by, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(by);
        toName = (toName ?? "").Trim();
        toEmail = (toEmail ?? "").Trim();
        reason = (reason ?? "").Trim();
        var errors = new List<FieldError>();
        if (toName.Length == 0) errors.Add(new("toName", "Enter the name of the person to reassign the step to"));
        else if (toName.Length > PartnershipRules.MaxName) errors.Add(new("toName", $"The name must be {PartnershipRules.MaxName} characters or fewer"));
        if (!ActionForm.IsEmail(toEmail)) errors.Add(new("toEmail", "Enter their email address in the correct format, like name@example.org"));
        else if (string.Equals(toEmail, from, StringComparison.OrdinalIgnoreCase)) errors.Add(new("toEmail", "Enter someone other than the person the step waits for now"));
        if (reason.Length == 0) errors.Add(new("reason", "Enter why the step is reassigned (for example, the chair is on leave)"));
        else if (reason.Length > MaxReason) errors.Add(new("reason", $"The reason must be {MaxReason} characters or fewer"));
        if (by.Role != StaffRoles.BusinessUnit) errors.Add(new("", "Only the business unit reassigns steps."));
        if (errors.Count > 0) return new Reassignment(false, errors);

        var current = (await WaitingAsync(incidentId, cancellation)).FirstOrDefault(w => w.StepId == stepId && string.Equals(w.Recipient, from, StringComparison.OrdinalIgnoreCase));
        var template = current is null ? null
            : (await links.RecipientsAsync(incidentId, cancellation)).First(r => r.Link.StepId == stepId && string.Equals(r.Link.Recipient, from, StringComparison.OrdinalIgnoreCase)).Link;
        if (current is null || template is null)
            return new Reassignment(false, [new("", "That step is no longer waiting for that person: it may have been done or reassigned already. Nothing was changed.")]);

        var now = time.GetUtcNow();
        var token = CapabilityTokens.NewToken();
        var link = template with
        {
            TokenHash = CapabilityTokens.Hash(token),
            Recipient = toEmail,
            RecipientDescription = toName,
            CreatedAt = now,
            ExpiresAt = now.AddDays(services.Options.Reminders.LinkLifetimeDays),
            UsedAt = null,
            Sequence = 0,
        };
        // The new link first: if anything after fails, the first person's link still works and nothing is half moved.
        await links.CreateAsync(link, cancellation);
        await links.RecordRecipientAsync(link, cancellation);
        await links.MarkMovedAsync(incidentId, stepId, from, new StepMove(toEmail, toName, by.Name, now, reason), cancellation);

        var to = new EmailAddress(toEmail, toName);
        var notice = new Notice(incidentId, template.Reference, $"reassigned:{stepId}:{toEmail.ToLowerInvariant()}:{now.UtcTicks}", [to],
            $"Reassigned to you: {template.StepTitle}",
            [
                current.Recipient.Length == 0
                    ? $"The business unit of {services.Partnership.Name} has asked you, as {current.RecipientDescription}, to do this step: {template.StepTitle}."
                    : $"The business unit of {services.Partnership.Name} has asked you to do this step in place of {current.RecipientDescription}: {template.StepTitle}.",
                "The link below is yours; the earlier one no longer works.",
            ]);
        var url = new Uri(services.Options.PublicBase, (link.Kind == LinkKind.ScopingReturn ? "s/" : "a/") + token);
        await mailer.SendAsync(notice, url, cancellation);
        await records.AppendAuditAsync(incidentId,
        [
            new AuditEntry($"reassigned:{stepId}:{now.UtcTicks}", now, by.Name,
                current.Recipient.Length == 0
                    ? $"Assigned \"{template.StepTitle}\", waiting for the {current.RecipientDescription}, to {toName} ({toEmail})."
                    : $"Reassigned \"{template.StepTitle}\" from {current.RecipientDescription} ({from}) to {toName} ({toEmail}); the earlier link no longer works.",
                reason, null, AuditKinds.Decision),
        ], cancellation);
        return new Reassignment(true, []);
    }
}

/// <summary>A step waiting for someone, and for whom.</summary>
public sealed record ReassignableStep(string StepId, string Title, string Recipient, string RecipientDescription, LinkKind Kind);

public sealed record Reassignment(bool Done, IReadOnlyList<FieldError> Errors);
