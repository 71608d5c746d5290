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

/// <summary>Renders a notice as text and HTML and sends one email per recipient.</summary>
public sealed class NoticeMailer(IEmailSender email, WorkflowServices services, TimeProvider time)
{
    public async Task<NoticeSent> SendAsync(Notice notice, Uri? link, CancellationToken cancellation)
    {
        // Keeps this instance's copy of the partnership at most a few seconds behind a change saved elsewhere.
        await services.Directory.RefreshAsync(force: false, cancellation);
        var sent = 0;
        var duplicates = 0;
        var page = notice.IncidentPage ? services.IncidentPage(notice.IncidentId) : null;
        var accounts = new LinkRecipients(services);
        var subject = $"[{notice.Reference}] {notice.Subject}";
        // A role nobody holds yet gets nothing (no email to nobody); the activity records that it waits.
        foreach (var to in notice.To.Where(t => !WorkflowServices.IsUnfilled(t)).DistinctBy(t => t.Address.ToLowerInvariant()))
        {
            // Only people who sign in are pointed at the secure site; anyone else (a referrer, an owner
            // outside the partnership) is told whom to ask instead, never to sign in where they cannot.
            var (text, html) = Render(notice, link, page is not null && HasAccount(accounts, to.Address) ? page : null, askBusinessUnit: page is not null);
            var key = EmailKeys.For(notice.IncidentId, notice.EmailKey, to.Address);
            var result = await email.SendAsync(new EmailMessage(to, subject, text, html, [], key,
                notice.IncidentId, notice.EmailKey, IdempotencyKey: key), cancellation);
            if (result.Duplicate) duplicates++;
            else sent++;
        }
        return new NoticeSent(sent, duplicates, services.Calendar.LocalDate(time.GetUtcNow()));
    }

    /// <summary>The partnership's people who sign in, and the safeguarding partners (senior leaders the partnership gives accounts).</summary>
    private bool HasAccount(LinkRecipients accounts, string address) =>
        accounts.SignsIn(address)
        || services.Partnership.SafeguardingPartners.Any(p => p.SignsIn && string.Equals(p.Email.Trim(), address.Trim(), StringComparison.OrdinalIgnoreCase));

    private (string Text, string Html) Render(Notice notice, Uri? link, Uri? page, bool askBusinessUnit)
    {
        var text = new StringBuilder();
        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:Arial,sans-serif\">");
        html.Append("<p><strong>").Append(WebUtility.HtmlEncode(services.Partnership.Name)).Append("</strong> &middot; ")
            .Append(WebUtility.HtmlEncode(notice.Reference)).Append("</p>");
        void Paragraph(string p)
        {
            text.AppendLine(p).AppendLine();
            html.Append("<p>").Append(WebUtility.HtmlEncode(p)).Append("</p>");
        }
        foreach (var p in notice.Paragraphs) Paragraph(p);
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
        else if (askBusinessUnit && services.Partnership.BusinessUnit is { Email.Length: > 0 } unit)
        {
            Paragraph($"For anything more about {notice.Reference}, contact the partnership's business unit at {unit.Email}.");
        }
        text.AppendLine(page is null ? "This email contains no personal details of the child." : "This email contains no personal details of the child. Sign in to the secure site for the case.");
        html.Append("<p style=\"color:#505a5f\">This email contains no personal details of the child.</p></body></html>");
        return (text.ToString(), html.ToString());
    }
}
