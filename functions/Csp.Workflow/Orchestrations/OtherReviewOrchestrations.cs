using Csp.Domain;
using Csp.Domain.Calendar;
using Csp.Domain.Timescales;
using Microsoft.DurableTask;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;

namespace Csp.Workflow.Orchestrations;

/// <summary>
/// Stage 9, another learning review (not a CSPR): completed, ideally, within 3 months of the
/// decision (the Rapid Review decision, or the chair's triage decision when the referral went
/// straight to it), with monitoring reminders at 1 and 2 months, escalation after, and pause and
/// resume for parallel proceedings.
/// </summary>
public sealed class OtherLearningReviewOrchestration(WorkflowServices services) : TaskOrchestrator<IncidentCase, IncidentCase>
{
    public override async Task<IncidentCase> RunAsync(TaskOrchestrationContext context, IncidentCase c)
    {
        var flow = new Flow(context, services, c.IncidentId, c.Reference, "Other learning review");
        var decidedOn = c.Incident.Decision?.DecidedOn ?? c.Incident.Triage!.DecidedOn;
        var due = c.Incident.Decision is null
            ? flow.Calendar.Deadlines.OtherLearningReviewCompletionFromTriage(decidedOn).Due
            : flow.Calendar.Deadlines.OtherLearningReviewCompletion(decidedOn).Due;
        flow.SetNextDeadline(DeadlineKinds.OtherLearningReviewCompletion, due);
        var watchId = flow.WatchId(DeadlineKinds.OtherLearningReviewCompletion);
        await flow.StartWatch(flow.MonthWatch(watchId, DeadlineKinds.OtherLearningReviewCompletion, "Other learning review completion", decidedOn, due, [1, 2],
            [flow.BusinessUnit, flow.PanelChair], [flow.BusinessManager, flow.PartnershipChair]));
        await flow.Record(c, flow.Audit(Flow.System, $"Learning review started; to be completed by {DateWords.Prose(due)}.", kind: AuditKinds.Stage));

        var pause = new PauseSwitch(flow, Events.OtherLearningReview, "olr", watchId);
        await pause.OpenAsync(c);
        var step = flow.Step("olr:complete", Events.OtherLearningReview, "Record the learning review completed", [ActionNames.CompleteOtherLearningReview], due);
        await flow.Open(step);
        c = await pause.UntilAppliedAsync(c, step);
        await flow.Close(step.StepId);
        await pause.CloseAsync();
        await flow.StopWatch(watchId);
        c = c.WithOutcome(Flow.Outcome(DeadlineKinds.OtherLearningReviewCompletion, null, due, c.Incident.ReviewCompleted!.On));
        await flow.Record(c);
        return c;
    }
}

/// <summary>Stage 10, national review: led by the National Panel; the partnership tracks it and records the end.</summary>
public sealed class NationalReviewOrchestration(WorkflowServices services) : TaskOrchestrator<IncidentCase, IncidentCase>
{
    public override async Task<IncidentCase> RunAsync(TaskOrchestrationContext context, IncidentCase c)
    {
        var flow = new Flow(context, services, c.IncidentId, c.Reference, "National review (led by the National Panel)");
        var step = flow.Step("national-review:complete", Events.NationalReview, "Record the national review completed", [ActionNames.RecordNationalReviewCompleted]);
        (c, _) = await flow.HumanStep(c, step);
        return c;
    }
}
