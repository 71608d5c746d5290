namespace Csp.Workflow.AnnualReports;

/// <summary>A statutory notification or report sent: when, by whom, to whom, and any reference the recipient gave.</summary>
public sealed record NotificationLine(string Reference, string Notification, DateOnly SentOn, string? SentBy, string Recipients, string? RecipientReference);
