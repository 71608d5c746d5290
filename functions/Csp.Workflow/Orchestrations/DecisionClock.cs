using Csp.Domain;
using Csp.Workflow.Actions;
using Csp.Workflow.Model;
using Microsoft.DurableTask;

namespace Csp.Workflow.Orchestrations;

/// <summary>
/// The decision's due date as the meeting knows it: provisional until the notification is recorded,
/// then the real one (events may arrive twice: a repeat changes nothing).
/// </summary>
internal sealed class DecisionClock(TaskOrchestrationContext context, MeetingInput input)
{
    public DateOnly Due { get; private set; } = input.DecisionDue;

    public bool Provisional { get; private set; } = input.DecisionDueProvisional;

    /// <summary>The next change of the due date (a wait to keep beside the meeting's other waits).</summary>
    public Task<DecisionDueSet> Changed { get; private set; } = context.WaitForExternalEvent<DecisionDueSet>(Events.DecisionDue);

    /// <summary>Takes the new due date; a meeting booked after it is flagged to the business unit.</summary>
    public async Task ApplyAsync(Flow flow, RapidReviewMeeting? scheduled)
    {
        var set = await Changed;
        Changed = context.WaitForExternalEvent<DecisionDueSet>(Events.DecisionDue);
        if (!Provisional && set.Due == Due) return;
        Due = set.Due;
        Provisional = false;
        flow.SetNextDeadline(Csp.Domain.Timescales.DeadlineKinds.RapidReviewDecision, Due);
        if (scheduled is null || flow.Calendar.LocalDate(scheduled.StartsAt) <= Due) return;
        var detail = $"The National Panel was notified on {DateWords.Prose(set.NotifiedOn)}, so the Rapid Review decision is due by the end of {DateWords.Prose(Due)}; the meeting is booked for {DateWords.Prose(flow.Calendar.LocalDate(scheduled.StartsAt))}.";
        await flow.Send(flow.Notice($"meeting:{scheduled.Sequence}:after-decision-due", [flow.BusinessUnit], "Reschedule the Rapid Review meeting",
            detail, "Please reschedule the meeting on or before the decision's due date."));
        await flow.Record(null, flow.Audit(Flow.System, "The Rapid Review meeting is booked after the decision's due date: the business unit was asked to reschedule it.", detail, kind: AuditKinds.Escalation));
    }
}
