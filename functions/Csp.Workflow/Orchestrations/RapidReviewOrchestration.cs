using Csp.Domain.Timescales;
using Microsoft.DurableTask;
using Csp.Workflow.Actions;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;

namespace Csp.Workflow.Orchestrations;

/// <summary>
/// Stage 4 continued: the meeting applied the two tests (criteria met? a CSPR the most appropriate
/// and proportionate response?) and decided; the business unit or chair records both with the
/// rationale. The 15-working-day watch started at notification keeps warning meanwhile.
/// </summary>
public sealed class RapidReviewOrchestration(WorkflowServices services) : TaskOrchestrator<IncidentCase, IncidentCase>
{
    public override async Task<IncidentCase> RunAsync(TaskOrchestrationContext context, IncidentCase c)
    {
        var flow = new Flow(context, services, c.IncidentId, c.Reference, "Rapid Review decision");
        var due = flow.Calendar.Deadlines.RapidReviewDecision(c.Incident.NationalPanelNotification!.SentOn).Due;
        flow.SetNextDeadline(DeadlineKinds.RapidReviewDecision, due);
        var step = flow.Step("rapid-review:decision", Events.RapidReview, "Record the Rapid Review's two tests and decision", [ActionNames.RecordRapidReviewDecision], due);
        (c, _) = await flow.HumanStep(c, step);
        return c;
    }
}
