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
/// Sends a notice to each recipient (one email each, deduplicated per recipient). A role the
/// partnership has nobody in yet gets nothing, and the incident's timeline says so.
/// </summary>
public sealed class SendNotice(NoticeMailer mailer, IIncidentRecords records, TimeProvider time) : TaskActivity<Notice, NoticeSent>
{
    public override async Task<NoticeSent> RunAsync(TaskActivityContext context, Notice input)
    {
        var sent = await mailer.SendAsync(input, link: null, CancellationToken.None);
        await UnfilledRoles.RecordAsync(records, input.IncidentId, input.EmailKey, input.To, $"the email \"{input.Subject}\" was not sent to them", time);
        return sent;
    }
}
