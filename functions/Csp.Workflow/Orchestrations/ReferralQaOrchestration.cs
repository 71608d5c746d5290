using Csp.Domain.Criteria;
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
/// Stage 1, referral: the business unit quality-assures the referral (accept, or return it to the
/// referrer with the missing items listed, as many rounds as it takes); then the chair decides,
/// with a rationale, whether it goes to a Rapid Review, another learning review or no further; the
/// referrer and the subgroup chair are told the outcome.
/// </summary>
public sealed class ReferralQaOrchestration(WorkflowServices services) : TaskOrchestrator<IncidentCase, IncidentCase>
{
    /// <summary>The watch kind of quality assurance (a service standard, not a statutory deadline).</summary>
    public const string QualityAssurance = "ReferralQa";

    public override async Task<IncidentCase> RunAsync(TaskOrchestrationContext context, IncidentCase c)
    {
        var flow = new Flow(context, services, c.IncidentId, c.Reference, "Referral quality assurance");
        var referrer = c.Incident.Referral.Referrer is { Email: { Length: > 0 } email } r ? new EmailAddress(email, r.Name) : null;

        await flow.Send(flow.Notice("referral:received", [flow.BusinessUnit], "New serious incident referral",
            $"A serious incident referral has been received as {c.Reference}.",
            "Please check it is complete and signed off by a senior manager, then accept it or return it to the referrer."));

        // The Panel notification clock runs from the day the local authority became aware, whatever QA is doing:
        // its watch starts now (the notification stage finds it running and stops it when the notification is recorded).
        var notificationWatch = flow.WatchId(DeadlineKinds.NationalPanelNotification);
        var isNotifiable = c.Incident.Referral.Incident is { DateLocalAuthorityAware: not null } known && NotifiableIncidentCriteria.Evaluate(known).Met;
        if (isNotifiable)
        {
            var due = flow.Calendar.Deadlines.NationalPanelNotification(c.Incident.Referral.Incident!.DateLocalAuthorityAware!.Value).Due;
            await flow.StartWatch(flow.DayWatch(notificationWatch, DeadlineKinds.NationalPanelNotification, null, "National Panel notification", due,
                [flow.DesignatedOfficer], [flow.BusinessManager, flow.PartnershipChair, flow.DesignatedOfficer], ActionNames.RecordNationalPanelNotification));
        }

        // Quality assurance, round after round until the referral is complete.
        for (var round = 1; ; round++)
        {
            // Quality assurance is chased like every other step: a reminder, then escalation to the business manager and chair.
            var qaDue = flow.Calendar.Deadlines.LocalDue(flow.Today, flow.Reminders.ReferralQaWorkingDays);
            var qa = flow.Step($"referral:qa:{round}", Events.ReferralQa, "Quality assurance of the referral",
                [ActionNames.PassReferralQa, ActionNames.ReturnReferral], qaDue);
            var qaWatch = flow.WatchId(QualityAssurance, null, round);
            await flow.StartWatch(flow.DayWatch(qaWatch, QualityAssurance, null, "Referral quality assurance", qaDue,
                [flow.BusinessUnit], [flow.BusinessManager, flow.PanelChair], ActionNames.PassReferralQa));
            (c, var decision) = await flow.HumanStep(c, qa);
            await flow.StopWatch(qaWatch);
            if (decision.Action == ActionNames.PassReferralQa) break;

            if (referrer is not null)
            {
                await flow.Send(flow.Notice($"referral:returned:{round}", [referrer], "Your referral needs more information",
                    $"Thank you for referral {c.Reference}. The safeguarding partnership's business unit needs the following before it can go further:",
                    decision.Required("missingItems"),
                    "Please send the corrected referral, signed off by a senior manager, to the business unit."));
                await flow.Record(null, flow.Audit(Flow.System, "Referrer told what is missing.", "To " + referrer.Address, kind: AuditKinds.Notification));
            }
            var resubmit = flow.Step($"referral:resubmit:{round}", Events.ReferralQa, "Corrected referral from the referrer", [ActionNames.ResubmitReferral]);
            (c, _) = await flow.HumanStep(c, resubmit);
        }

        // The chair's decision, from the staff pages or an emailed link.
        var triage = flow.Step("referral:triage", Events.ReferralQa, "Chair's decision: Rapid Review or not", [ActionNames.TriageReferral]);
        var notifiable = c.Incident.Referral.Incident is { } details ? NotifiableIncidentCriteria.Evaluate(details).Reason : "";
        var chairEmail = flow.Notice("referral:triage:request", [flow.PanelChair], "Decision needed: does this referral go to a Rapid Review?",
            $"Referral {c.Reference} has passed quality assurance. Please decide whether it goes to a Rapid Review, another learning review or no further, and record your rationale.",
            notifiable);
        (c, var triaged) = await flow.HumanStep(c, triage,
            flow.Link(LinkKind.Approval, ActionNames.TriageReferral, flow.PanelChair, "Rapid Review panel chair", chairEmail));
        if (isNotifiable && c.Incident.Triage!.Outcome != ReferralTriageOutcome.RapidReview) await flow.StopWatch(notificationWatch);

        var outcome = CaseTransitions.Words(c.Incident.Triage!.Outcome);
        var told = new List<EmailAddress> { flow.SubgroupChair };
        await flow.Send(flow.Notice("referral:triage:outcome", [flow.SubgroupChair], "Outcome of the referral",
            $"The chair has decided on referral {c.Reference}: {outcome}.",
            "The chair's rationale is recorded on the incident."));
        if (referrer is not null)
        {
            // The referrer may work for any agency and need not have an account: no link to the staff site.
            told.Add(referrer);
            await flow.Send(flow.Notice("referral:triage:outcome:referrer", [referrer], "Outcome of the referral",
                $"The chair has decided on referral {c.Reference}: {outcome}.",
                $"The chair's rationale is recorded with the incident; ask the business unit ({flow.BusinessUnit.Address}) if you need it.") with { IncidentPage = false });
        }
        await flow.Record(null, flow.Audit(triaged.By, $"Referrer and subgroup chair told the outcome ({outcome}).",
            "To " + string.Join(", ", told.Select(t => t.Address)), kind: AuditKinds.Notification));
        return c;
    }
}
