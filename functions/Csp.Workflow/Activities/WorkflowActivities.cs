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

/// <summary>Writes case, agency and meeting rows and audit entries to the read model.</summary>
public sealed class RecordProgress(IIncidentRecords records) : TaskActivity<ProgressRecord, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ProgressRecord input)
    {
        await records.RecordAsync(input, CancellationToken.None);
        return true;
    }
}

/// <summary>Sends a notice to each recipient (one email each, deduplicated per recipient).</summary>
public sealed class SendNotice(NoticeMailer mailer) : TaskActivity<Notice, NoticeSent>
{
    public override Task<NoticeSent> RunAsync(TaskActivityContext context, Notice input) =>
        mailer.SendAsync(input, link: null, CancellationToken.None);
}

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
        foreach (var invite in input.Links)
        {
            var token = CapabilityTokens.NewToken();
            var step = input.Step;
            await links.CreateAsync(new CapabilityLinkRecord(
                CapabilityTokens.Hash(token), invite.Kind, step.IncidentId, invite.Email.Reference, step.StepId, invite.Action,
                step.InstanceId, step.EventName, invite.Recipient.Address, invite.RecipientDescription, step.Title, step.Subject,
                time.GetUtcNow(), invite.ExpiresAt), CancellationToken.None);
            var path = invite.Kind == LinkKind.ScopingReturn ? "s/" : "a/";
            var url = new Uri(services.Options.PublicBase, path + token);
            await mailer.SendAsync(invite.Email, url, CancellationToken.None);
        }
        return true;
    }
}

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

/// <summary>Closes a step: its links stop working and it leaves the list of awaited steps.</summary>
public sealed class CloseStep(IIncidentRecords records, ICapabilityLinkStore links, TimeProvider time) : TaskActivity<StepRef, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, StepRef input)
    {
        await links.CloseStepAsync(input.IncidentId, input.StepId, time.GetUtcNow(), CancellationToken.None);
        await records.CloseStepAsync(input.IncidentId, input.StepId, CancellationToken.None);
        return true;
    }
}

/// <summary>Creates, changes or cancels the Rapid Review meeting in attendees' calendars.</summary>
public sealed class ChangeMeeting(IMeetingScheduler scheduler) : TaskActivity<MeetingCommand, MeetingReference>
{
    public override async Task<MeetingReference> RunAsync(TaskActivityContext context, MeetingCommand input)
    {
        switch (input.Command)
        {
            case MeetingCommand.Create:
                return await scheduler.CreateAsync(input.Meeting, input.Key, CancellationToken.None);
            case MeetingCommand.Update:
                await scheduler.UpdateAsync(input.Reference!, input.Meeting, input.Sequence, input.Key, CancellationToken.None);
                return input.Reference!;
            case MeetingCommand.Cancel:
                await scheduler.CancelAsync(input.Reference!, input.Meeting, input.Sequence, input.Reason ?? "", input.Key, CancellationToken.None);
                return input.Reference!;
            default:
                throw new ArgumentException($"Unknown meeting command '{input.Command}'.", nameof(input));
        }
    }
}

/// <summary>
/// Raises an event on another workflow instance. One that has finished (or never started) has
/// nothing left to signal: on Durable Functions the event may be dropped silently or refused, and
/// both end the same way here.
/// </summary>
public sealed class SignalInstance(DurableTaskClient client) : TaskActivity<InstanceSignal, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, InstanceSignal input)
    {
        if (await client.GetInstanceAsync(input.InstanceId, CancellationToken.None) is not { } instance || instance.IsCompleted) return false;
        try
        {
            await client.RaiseEventAsync(input.InstanceId, input.EventName, (object?)input.Watch ?? input.DecisionDue, CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // It finished between the look and the raise: a late signal is void.
            if (await client.GetInstanceAsync(input.InstanceId, CancellationToken.None) is not { IsCompleted: false }) return false;
            throw;
        }
    }
}

/// <summary>Starts a deadline watch once: if the instance exists (running or finished) nothing happens.</summary>
public sealed class StartDeadlineWatch(DurableTaskClient client) : TaskActivity<DeadlineWatch, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, DeadlineWatch input)
    {
        if (await client.GetInstanceAsync(input.WatchId, CancellationToken.None) is not null) return false;
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(DeadlineWatchOrchestration), input,
                new StartOrchestrationOptions(input.WatchId), CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException)
        {
            // Started by a run of this activity that is still going (activities may run twice).
            if (await client.GetInstanceAsync(input.WatchId, CancellationToken.None) is not null) return false;
            throw;
        }
    }
}

/// <summary>Random 256-bit link tokens and their SHA-256 hashes.</summary>
public static class CapabilityTokens
{
    public static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Tokens are 43 base64url characters; anything else is not one of ours.</summary>
    public static bool LooksValid(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>Renders a notice as text and HTML and sends one email per recipient.</summary>
public sealed class NoticeMailer(IEmailSender email, WorkflowServices services, TimeProvider time)
{
    public async Task<NoticeSent> SendAsync(Notice notice, Uri? link, CancellationToken cancellation)
    {
        var sent = 0;
        var duplicates = 0;
        var page = notice.IncidentPage ? services.IncidentPage(notice.IncidentId) : null;
        var subject = $"[{notice.Reference}] {notice.Subject}";
        var text = new StringBuilder();
        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:Arial,sans-serif\">");
        html.Append("<p><strong>").Append(WebUtility.HtmlEncode(services.Partnership.Name)).Append("</strong> &middot; ")
            .Append(WebUtility.HtmlEncode(notice.Reference)).Append("</p>");
        foreach (var p in notice.Paragraphs)
        {
            text.AppendLine(p).AppendLine();
            html.Append("<p>").Append(WebUtility.HtmlEncode(p)).Append("</p>");
        }
        if (link is not null)
        {
            text.AppendLine("Open this link (it works once and expires): " + link).AppendLine();
            html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(link.ToString())).Append("\">Open the secure form</a> (it works once and expires)</p>");
        }
        if (page is not null)
        {
            text.AppendLine("The case is on the secure site: " + page).AppendLine();
            html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(page.ToString())).Append("\">View the case on the secure site</a></p>");
        }
        // Only people with an account are pointed at the secure site; statutory bodies and agencies have none.
        text.AppendLine(page is null ? "This email contains no personal details of the child." : "This email contains no personal details of the child. Sign in to the secure site for the case.");
        html.Append("<p style=\"color:#505a5f\">This email contains no personal details of the child.</p></body></html>");
        foreach (var to in notice.To.DistinctBy(t => t.Address.ToLowerInvariant()))
        {
            var key = EmailKeys.For(notice.IncidentId, notice.EmailKey, to.Address);
            var result = await email.SendAsync(new EmailMessage(to, subject, text.ToString(), html.ToString(), [], key,
                notice.IncidentId, notice.EmailKey, IdempotencyKey: key), cancellation);
            if (result.Duplicate) duplicates++;
            else sent++;
        }
        return new NoticeSent(sent, duplicates, services.Calendar.LocalDate(time.GetUtcNow()));
    }
}
