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
/// Publishes an awaited step and, for each invite, creates a capability link (only its hash is
/// stored) and emails it. Run again after a crash, it may create a second link, but the email for
/// that step and recipient has been sent already, so nobody gets two.
/// </summary>
public sealed class OpenStep(IIncidentRecords records, ICapabilityLinkStore links, NoticeMailer mailer, WorkflowServices services, TimeProvider time)
    : TaskActivity<OpenStepRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, OpenStepRequest input)
    {
        await records.OpenStepAsync(input.Step, CancellationToken.None);
        // A step for a role nobody holds yet opens without a link: it waits, and the timeline says for whom.
        await UnfilledRoles.RecordAsync(records, input.Step.IncidentId, "step:" + input.Step.StepId, input.Links.Select(l => l.Recipient).ToList(),
            $"\"{input.Step.Title}\" waits for them", time);
        foreach (var invite in input.Links.Where(l => WorkflowServices.IsUnfilled(l.Recipient)))
        {
            // Kept without a link, so the business unit can assign the step once someone holds the role.
            var step = input.Step;
            await links.RecordRecipientAsync(new CapabilityLinkRecord(
                "", invite.Kind, step.IncidentId, invite.Email.Reference, step.StepId, invite.Action,
                step.InstanceId, step.EventName, "", invite.RecipientDescription, step.Title, step.Subject,
                time.GetUtcNow(), invite.ExpiresAt), CancellationToken.None);
        }
        foreach (var invite in input.Links.Where(l => !WorkflowServices.IsUnfilled(l.Recipient)))
        {
            var token = CapabilityTokens.NewToken();
            var step = input.Step;
            var link = new CapabilityLinkRecord(
                CapabilityTokens.Hash(token), invite.Kind, step.IncidentId, invite.Email.Reference, step.StepId, invite.Action,
                step.InstanceId, step.EventName, invite.Recipient.Address, invite.RecipientDescription, step.Title, step.Subject,
                time.GetUtcNow(), invite.ExpiresAt);
            await links.CreateAsync(link, CancellationToken.None);
            await links.RecordRecipientAsync(link, CancellationToken.None);
            var path = invite.Kind == LinkKind.ScopingReturn ? "s/" : "a/";
            var url = new Uri(services.Options.PublicBase, path + token);
            await mailer.SendAsync(invite.Email, url, CancellationToken.None);
        }
        return true;
    }
}
