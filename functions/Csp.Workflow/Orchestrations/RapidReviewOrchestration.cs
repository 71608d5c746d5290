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

        // The report's first version, drafted from the case record for the business unit to complete and upload as the next version.
        var draft = await flow.DraftRapidReviewReport(c);
        if (draft is not null)
        {
            // A draft to complete, not to approve: the incident refuses an approval of it.
            c = c with { Incident = c.Incident.RecordRapidReviewReportDrafted(1) };
            await flow.Record(c, flow.Audit(ReportKinds.DraftedFromCaseRecord,
                $"{ReportKinds.Label(ReportKind.RapidReviewReport)} version 1 drafted from the referral, the scoping returns, the meeting and the decision.",
                null, draft, AuditKinds.Report));
            await flow.Send(flow.Notice("rapid-review:report-drafted", [flow.BusinessUnit], "Rapid Review report drafted",
                $"A first draft of the Rapid Review report for {c.Reference} has been written from the case record.",
                "Download it from the incident's page on the secure site, complete each section, upload it there as the next version, then mark that version ready for approval: the approver is asked to approve only then, and never the draft."));
        }
        return c;
    }
}
