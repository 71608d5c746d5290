using Csp.Workflow.Application;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Model;

/// <summary>
/// An email the workflow sends, before rendering: one per recipient, deduplicated on
/// incident + <paramref name="EmailKey"/> + recipient. The text names the incident by its
/// reference only. <paramref name="IncidentPage"/> adds a link to the incident's secure page.
/// </summary>
public sealed record Notice(
    string IncidentId,
    string Reference,
    string EmailKey,
    IReadOnlyList<EmailAddress> To,
    string Subject,
    IReadOnlyList<string> Paragraphs,
    bool IncidentPage = true);
