using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using Microsoft.DurableTask;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Orchestrations;

/// <summary>
/// Stage 4, decision: the chair (or the independent scrutineer, by configuration) approves the
/// decision and report from an emailed link, or asks for changes; the business unit submits the
/// approved report to the National Panel through the Panel's online system (the Panel has no account
/// here) and records the date sent, the Panel's reference and the version sent: the 15-working-day
/// watch stops and the deadline is recorded met or missed on that date. For a local CSPR the Panel,
/// Ofsted and DfE are told at once by an informing email. Then the Panel's response is recorded
/// (ratified, questions, national review, or a national review declined, which needs a revised
/// decision), or the business unit goes ahead without waiting; the Panel is chased if it is slow.
/// </summary>
public sealed class DecisionOrchestration(WorkflowServices services) : TaskOrchestrator<IncidentCase, IncidentCase>
{
    public override async Task<IncidentCase> RunAsync(TaskOrchestrationContext context, IncidentCase c)
    {
        var flow = new Flow(context, services, c.IncidentId, c.Reference, "Rapid Review decision approval");
        var decisionDue = flow.Calendar.Deadlines.RapidReviewDecision(c.Incident.NationalPanelNotification!.SentOn).Due;
        flow.SetNextDeadline(DeadlineKinds.RapidReviewDecision, decisionDue);
        var rapidReviewWatch = flow.WatchId(DeadlineKinds.RapidReviewDecision);

        for (var round = 1; ; round++)
        {
            // Approval, with changes as often as the approver asks for them. The approver is asked only once the
            // business unit has marked a completed version ready: never for the draft drawn from the case record.
            for (var attempt = 1; ; attempt++)
            {
                if (c.Incident.RapidReviewReportReadyVersion is null)
                {
                    var ready = flow.Step($"decision:ready:{round}:{attempt}", Events.Decision, "Upload the completed Rapid Review report and mark it ready for approval",
                        [ActionNames.MarkRapidReviewReportReady], decisionDue);
                    (c, _) = await flow.HumanStep(c, ready);
                }
                var version = c.Incident.RapidReviewReportReadyVersion!.Value;
                // The business unit can mark a newer upload ready while the approver is asked: the approver is then asked again, for that version.
                var step = flow.Step($"decision:approval:{round}:{attempt}", Events.Decision, "Approve the Rapid Review decision and report",
                    [ActionNames.ApproveRapidReviewReport, ActionNames.MarkRapidReviewReportReady], decisionDue);
                var email = flow.Notice($"decision:approval:{round}:{attempt}", [flow.Approver], "Approval needed: Rapid Review decision and report",
                    $"The Rapid Review for {c.Reference} decided: {CaseTransitions.Words(c.Incident.Decision!.Outcome)}. The business unit has completed the Rapid Review report (version {version}) and it is ready for you: please approve the decision and report, or say what must change.",
                    $"It must reach the National Panel by the end of {DateWords.Prose(decisionDue)}.");
                (c, var approval) = await flow.HumanStep(c, step,
                    flow.Link(LinkKind.Approval, ActionNames.ApproveRapidReviewReport, flow.Approver, services.Catalogue.ApproverRole == StaffRoles.Scrutineer ? "Independent scrutineer" : "Rapid Review panel chair", email));
                if (approval.Action == ActionNames.MarkRapidReviewReportReady) continue;
                if (c.Incident.RapidReviewReportApproval is not null) break;

                var revise = flow.Step($"decision:revise:{round}:{attempt}", Events.Decision, "Revise the decision after the approver's comments",
                    [ActionNames.ReviseRapidReviewDecision], decisionDue);
                await flow.Send(flow.Notice($"decision:changes:{round}:{attempt}", [flow.BusinessUnit], "Changes requested to the Rapid Review report",
                    $"{approval.By} asked for changes to the Rapid Review decision and report for {c.Reference}. Their comments are on the secure site.",
                    "Revise the decision on the incident page (the form starts from the decision as recorded), then upload the revised Rapid Review report as a new version and mark it ready for approval: the approver is asked again only then, and can approve only a version uploaded after the revision."));
                (c, _) = await flow.HumanStep(c, revise);
            }

            // The approved report goes to the National Panel through its online system: a task for the business unit,
            // which records the date sent, the Panel's reference and the version of the uploaded report it sent.
            var submit = flow.Step($"decision:submit-report:{round}", Events.Decision, "Send the Rapid Review report to the National Panel",
                [ActionNames.RecordRapidReviewReportSubmitted], decisionDue);
            await flow.Send(flow.Notice($"decision:submit-report:{round}", [flow.BusinessUnit], "Task: send the Rapid Review report to the National Panel",
                $"The Rapid Review decision and report for {c.Reference} were approved by {c.Incident.RapidReviewReportApproval!.By}. Download the current version of the Rapid Review report from the incident page and submit it through the National Panel's online system ({flow.Partnership.Notifications.NationalPanelOnlineSystem}) by the end of {DateWords.Prose(decisionDue)}.",
                "Then record on the incident page the date you sent it, the reference the Panel's system gave and the version you sent."));
            (c, _) = await flow.HumanStep(c, submit);
            var sentOn = c.Incident.RapidReviewReportSent!.On;
            if (round == 1)
            {
                await flow.StopWatch(rapidReviewWatch);
                c = c.WithOutcome(Flow.Outcome(DeadlineKinds.RapidReviewDecision, null, decisionDue, sentOn));
                await flow.Record(c);
            }
            if (sentOn > decisionDue)
                await flow.Record(null, flow.Audit(Flow.System, $"The Rapid Review report reached the National Panel after the deadline of {DateWords.Prose(decisionDue)}.", kind: AuditKinds.Escalation));

            if (c.Incident.Decision!.Outcome == RapidReviewOutcome.LocalCspr && c.CsprDecisionNoticeSentOn is null)
            {
                var notified = await flow.Send(flow.StatutoryNotice("decision:cspr-notice", StatutoryBodies(flow, panel: true, ofsted: true, dfe: true), "Decision to hold a local child safeguarding practice review",
                    $"{flow.Partnership.Name} has decided to hold a local child safeguarding practice review ({c.Reference}).",
                    "We will tell you the name of the independent lead reviewer once commissioned."));
                c = c with { CsprDecisionNoticeSentOn = notified.SentOn };
                await flow.Record(c, flow.Audit(Flow.System, "National Panel, Ofsted and DfE told of the decision to hold a local CSPR.", kind: AuditKinds.Notification));
            }
            var told = new List<EmailAddress> { flow.SubgroupChair };
            if (c.Incident.Referral.Referrer is { Email.Length: > 0 } referrer) told.Add(new EmailAddress(referrer.Email!, referrer.Name));
            await flow.Send(flow.Notice($"decision:outcome:{round}", told, "Outcome of the Rapid Review",
                $"The Rapid Review for {c.Reference} decided: {CaseTransitions.Words(c.Incident.Decision.Outcome)}. The rationale is recorded with the incident."));

            // The decision and its rationale are communicated to the family too: who told them and when, or why not, is recorded.
            if (round == 1)
                await flow.Send(flow.Notice("decision:family", [flow.BusinessUnit], "Task: tell the family the Rapid Review decision",
                    $"The Rapid Review decision for {c.Reference} and its rationale should be communicated to the family.",
                    "Agree who tells them, then record on the incident page who told them and when, or why they have not been told (parallel proceedings, say)."));

            // The Panel's response (chased if slow), or going ahead.
            var chaseDue = flow.Calendar.Deadlines.LocalDue(sentOn, flow.Reminders.PanelResponseChaseWorkingDays);
            var chaseWatch = flow.WatchId("NationalPanelResponse", null, round);
            await flow.StartWatch(flow.DayWatch(chaseWatch, "NationalPanelResponse", null, "National Panel response to the Rapid Review (chase the Panel)",
                chaseDue, [flow.BusinessUnit], [flow.BusinessUnit, flow.BusinessManager]));
            var responseStep = flow.Step($"decision:panel:{round}", Events.Decision, "The National Panel's response",
                [ActionNames.RecordNationalPanelResponse, ActionNames.ProceedWithDecision, ActionNames.ReviseRapidReviewDecision, ActionNames.RecordFamilyTold], chaseDue);
            await flow.Open(responseStep);
            var revised = false;
            while (true)
            {
                var s = await flow.Next(Events.Decision, x => x.StepId == responseStep.StepId);
                if (await flow.TryApply(c, s) is not { } next) continue;
                c = next;
                if (s.Action == ActionNames.RecordFamilyTold) continue;
                if (s.Action == ActionNames.ReviseRapidReviewDecision)
                {
                    revised = true;
                    break;
                }
                if (s.Action == ActionNames.RecordNationalPanelResponse)
                {
                    var response = c.Incident.PanelResponse!.Outcome;
                    if (response is NationalPanelResponseOutcome.DecisionRatified or NationalPanelResponseOutcome.NationalReviewToBeCarriedOut)
                    {
                        c = c with { Incident = c.Incident.ProceedWithDecision(Flow.System, flow.Today) };
                        await flow.Record(c, flow.Audit(Flow.System, $"Acting on the decision: {CaseTransitions.Words(c.Stage)}.", kind: AuditKinds.Stage));
                        break;
                    }
                    continue; // Questions, or a national review declined: the business unit answers or revises.
                }
                break; // Proceeded.
            }
            await flow.Close(responseStep.StepId);
            await flow.StopWatch(chaseWatch);
            if (!revised) return c;
        }
    }

    internal static List<EmailAddress> StatutoryBodies(Flow flow, bool panel = false, bool secretaryOfState = false, bool ofsted = false, bool dfe = false)
    {
        var n = flow.Partnership.Notifications;
        var list = new List<EmailAddress>();
        if (panel) list.Add(new EmailAddress(n.NationalPanel, "Child Safeguarding Practice Review Panel"));
        if (secretaryOfState) list.Add(new EmailAddress(n.SecretaryOfState, "Secretary of State (DfE)"));
        if (ofsted) list.Add(new EmailAddress(n.Ofsted, "Ofsted"));
        if (dfe) list.Add(new EmailAddress(n.DfE, "Department for Education"));
        return list;
    }
}
