using Csp.Workflow.Application;

namespace Csp.Workflow.AnnualReports;

/// <summary>
/// One statutory deadline of one incident: its due date and basis (trigger, rule, calendar), and
/// whether and when it was met. <paramref name="WorkingDaysLate"/> is set when it was met late
/// (working days after the due date) or is overdue (working days since).
/// </summary>
public sealed record DeadlineLine(
    string Reference,
    string Kind,
    string Deadline,
    DateOnly Due,
    string Basis,
    DeadlineState State,
    DateOnly? MetOn,
    int? WorkingDaysLate)
{
    /// <summary>The date a revised timetable sent to the National Panel expects a paused review to be completed by, if one was sent.</summary>
    public DateOnly? RevisedExpectedBy { get; init; }
}
