using Csp.Domain.Incidents;

namespace Csp.Workflow.AnnualReports;

/// <summary>An incident and its key dates, by reference (never the child's name or date of birth).</summary>
public sealed record IncidentLine(
    string Reference,
    DateOnly ReceivedOn,
    DateOnly? IncidentOn,
    DateOnly? LocalAuthorityAwareOn,
    IncidentStage Stage,
    ReviewOutcome Outcome,
    string? DecidedBy,
    DateOnly? DecidedOn,
    DateOnly? NationalPanelNotifiedOn,
    DateOnly? ScopingRequestedOn,
    DateOnly? RapidReviewMeetingOn,
    DateOnly? RapidReviewReportSentOn,
    string? PanelResponse,
    DateOnly? ReviewCompletedOn,
    DateOnly? PublishedOn,
    DateOnly? ActionPlanAgreedOn,
    DateOnly? ClosedOn,
    bool Paused);
