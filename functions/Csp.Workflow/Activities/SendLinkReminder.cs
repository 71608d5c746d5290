using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Orchestrations;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Activities;

/// <summary>
/// Sends a reminder with a new link to a step that is still open (none once it has closed); earlier
/// links to the same step and recipient stop working.
/// </summary>
public sealed class SendLinkReminder(IIncidentRecords records, ICapabilityLinkStore links, NoticeMailer mailer, WorkflowServices services, TimeProvider time)
    : TaskActivity<LinkReminder, NoticeSent>
{
    public override async Task<NoticeSent> RunAsync(TaskActivityContext context, LinkReminder input)
    {
        var invite = input.Invite;
        var now = time.GetUtcNow();
        // A step the business unit moved to someone else: its reminders go to them (the first holder's links no longer work).
        for (var hops = 0; hops < 10 && await links.MovedAsync(invite.Email.IncidentId, input.StepId, invite.Recipient.Address, CancellationToken.None) is { } moved; hops++)
        {
            var to = new EmailAddress(moved.To, moved.ToName);
            invite = invite with { Recipient = to, RecipientDescription = moved.ToName, Email = invite.Email with { To = [to] } };
        }
        var record = await records.LoadAsync(invite.Email.IncidentId, CancellationToken.None);
        var step = record?.OpenSteps.FirstOrDefault(s => s.StepId == input.StepId);
        if (step is null || await links.IsStepClosedAsync(invite.Email.IncidentId, input.StepId, CancellationToken.None))
            return new NoticeSent(0, 0, services.Calendar.LocalDate(now));
        var token = CapabilityTokens.NewToken();
        await links.CreateAsync(new CapabilityLinkRecord(
            CapabilityTokens.Hash(token), invite.Kind, step.IncidentId, invite.Email.Reference, step.StepId, invite.Action,
            step.InstanceId, step.EventName, invite.Recipient.Address, invite.RecipientDescription, step.Title, step.Subject,
            now, invite.ExpiresAt, null, input.Sequence), CancellationToken.None);
        await links.RaiseNewestAsync(step.IncidentId, step.StepId, invite.Recipient.Address, input.Sequence, CancellationToken.None);
        var url = new Uri(services.Options.PublicBase, (invite.Kind == LinkKind.ScopingReturn ? "s/" : "a/") + token);
        // One email per reminder and recipient, however often this activity runs: the key carries the link's sequence.
        return await mailer.SendAsync(invite.Email with { IncidentPage = false, EmailKey = $"{invite.Email.EmailKey}:link-{input.Sequence}" }, url, CancellationToken.None);
    }
}
