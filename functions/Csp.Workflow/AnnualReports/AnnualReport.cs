namespace Csp.Workflow.AnnualReports;

/// <summary>
/// What happened in a period, as the partnership's yearly report and an inspection need it. States
/// (met, overdue, open) are as at <see cref="AsOf"/>, the day the report was made.
/// </summary>
/// <remarks>
/// What each table holds:
/// incidents received on or before the end of the period and not closed before its start;
/// deadlines that fell due in the period, or were met in it before they fell due (so each deadline
/// counts in one period; one already passed when the referral arrived counts when it arrived); decisions, notifications and publications dated in the period;
/// every recommendation of the incidents listed.
/// </remarks>
public sealed record AnnualReport(
    ReportPeriod Period,
    DateOnly AsOf,
    string Partnership,
    IReadOnlyList<IncidentLine> Incidents,
    IReadOnlyList<DeadlineLine> Deadlines,
    IReadOnlyList<DecisionLine> Decisions,
    IReadOnlyList<NotificationLine> Notifications,
    IReadOnlyList<PublicationLine> Publications,
    IReadOnlyList<ActionLine> Actions,
    IReadOnlyList<NotificationToDecision> NotificationToDecisionTimes);

/// <summary>Working days from the National Panel notification to the Rapid Review decision, for a decision made in the period.</summary>
public sealed record NotificationToDecision(string Reference, DateOnly NotifiedOn, DateOnly DecidedOn, int WorkingDays);
