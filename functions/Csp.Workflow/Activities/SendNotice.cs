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

/// <summary>Sends a notice to each recipient (one email each, deduplicated per recipient).</summary>
public sealed class SendNotice(NoticeMailer mailer) : TaskActivity<Notice, NoticeSent>
{
    public override Task<NoticeSent> RunAsync(TaskActivityContext context, Notice input) =>
        mailer.SendAsync(input, link: null, CancellationToken.None);
}
