namespace Csp.Workflow.Model;

/// <summary>
/// A document the business unit sent to a statutory recipient (the National Panel, the Secretary of
/// State) outside this product, as recorded on the incident: when, the reference the Panel's system
/// gave, and which uploaded version of the report went. The recipients have no accounts here, so the
/// record of what was sent is the business unit's.
/// </summary>
public sealed record StatutorySubmission(
    string Kind, DateOnly SentOn, string By, string? Reference, ReportKind? Report, int? Version, string? FileName);

/// <summary>The submissions the process asks of the business unit.</summary>
public static class SubmissionKinds
{
    /// <summary>The notification in the Panel's online system (no document: the system's own form).</summary>
    public const string NationalPanelNotification = nameof(NationalPanelNotification);

    /// <summary>The approved Rapid Review report, within the decision's working days of the notification.</summary>
    public const string RapidReviewReport = nameof(RapidReviewReport);

    /// <summary>The final CSPR report to the Panel and the Secretary of State, the notice period before publication.</summary>
    public const string FinalReport = nameof(FinalReport);
}
