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
        // the designated officer is asked now (before any reminder), and the notification, or the reason it
        // cannot be made yet, can be recorded from now on; if still awaited when this stage ends, its step
        // closes and the scoping stage asks again with a new link.
        var notificationWatch = flow.WatchId(DeadlineKinds.NationalPanelNotification);
        var isNotifiable = c.Incident.Referral.Incident is { DateLocalAuthorityAware: not null } known && NotifiableIncidentCriteria.Evaluate(known).Met;
        var notification = new PanelNotification(flow, PanelNotification.ReferralStepId, "notification:request:referral");
        if (isNotifiable) c = await notification.RequestAsync(c);
        Task<StepSubmission>? notified = notification.Awaited ? notification.NextAsync() : null;

        // A human step of this stage, with the notification recorded whenever it comes in meanwhile.
        async Task<(IncidentCase Case, StepSubmission Submission)> HumanStep(IncidentCase current, AwaitedStep step, params LinkInvite[] links)
        {
            await flow.Open(step, links);
            var own = flow.Next(step.EventName, x => x.StepId == step.StepId);
            while (true)
            {
                var winner = notified is null ? await Task.WhenAny(own) : await Task.WhenAny(own, notified);
                if (winner == notified)
                {
                    if (await notification.ApplyAsync(current, await notified!) is { } recorded) current = recorded;
                    notified = notification.Awaited ? notification.NextAsync() : null;
                    continue;
                }
                var s = await own;
                if (await flow.TryApply(current, s) is { } next)
                {
                    await flow.Close(step.StepId);
                    return (next, s);
                }
                own = flow.Next(step.EventName, x => x.StepId == step.StepId);
            }
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
            (c, var decision) = await HumanStep(c, qa);
            await flow.StopWatch(qaWatch);
            if (decision.Action == ActionNames.PassReferralQa) break;

            if (referrer is not null)
            {
                await flow.Send(flow.Notice($"referral:returned:{round}", [referrer], "Your referral needs more information",
                    $"Thank you for referral {c.Reference}. The safeguarding partnership's business unit needs the following before it can go further:",
                    decision.Required("missingItems"),
                    $"Please email the corrected referral, signed off by a senior manager, to the business unit at {flow.BusinessUnit.Address}, quoting {c.Reference}. " +
                    "The business unit records it against this referral and checks it again; you do not need to make a new referral.") with { IncidentPage = false });
                await flow.Record(null, flow.Audit(Flow.System, "Referrer told what is missing.", "To " + referrer.Address, kind: AuditKinds.Notification));
            }
            var resubmit = flow.Step($"referral:resubmit:{round}", Events.ReferralQa, "Corrected referral from the referrer", [ActionNames.ResubmitReferral]);
            (c, _) = await HumanStep(c, resubmit);
        }

        // A looked-after child's or care leaver's death: the Secretary of State and Ofsted are told whatever the triage outcome.
        c = await PanelNotification.TellSecretaryOfStateAndOfstedAsync(flow, c);

        // The chair's decision, from the staff pages or an emailed link.
        var triage = flow.Step("referral:triage", Events.ReferralQa, "Chair's decision: Rapid Review or not", [ActionNames.TriageReferral]);
        var notifiable = c.Incident.Referral.Incident is { } details ? NotifiableIncidentCriteria.Evaluate(details) is var test && test.Met
            ? test.Reason + " It goes to a Rapid Review: the local authority's notification to the National Panel and the partners' Rapid Review cannot be set aside at triage."
            : test.Reason : "";
        var chairEmail = flow.Notice("referral:triage:request", [flow.PanelChair], "Decision needed: does this referral go to a Rapid Review?",
            $"Referral {c.Reference} has passed quality assurance. Please decide whether it goes to a Rapid Review, another learning review or no further, and record your rationale.",
            notifiable, LookedAfterOrCareLeaver(c));
        (c, var triaged) = await HumanStep(c, triage,
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
                $"The chair's rationale is recorded with the incident; ask the business unit at {flow.BusinessUnit.Address} if you need it.") with { IncidentPage = false });
        }
        await flow.Record(null, flow.Audit(triaged.By, $"Referrer and subgroup chair told the outcome ({outcome}).",
            "To " + string.Join(", ", told.Select(t => t.Address)), kind: AuditKinds.Notification));
        // A notification posted while the chair's decision was being recorded is applied, not dropped; then the
        // step closes (the scoping stage asks again) and anything that came in meanwhile is applied too.
        async Task<IncidentCase> Drain(IncidentCase current)
        {
            while (notified is { IsCompleted: true } pending)
            {
                if (await notification.ApplyAsync(current, await pending) is { } recorded) current = recorded;
                notified = notification.Awaited ? notification.NextAsync() : null;
            }
            return current;
        }
        c = await Drain(c);
        await notification.HandOverAsync();
        return await Drain(c);
    }

    /// <summary>For the chair: the child was looked after or a care leaver (the Secretary of State and Ofsted are told of a death whatever the decision), or empty.</summary>
    private static string LookedAfterOrCareLeaver(IncidentCase c) =>
        c.Incident.Referral.Child switch
        {
            { LookedAfter: true } => "The child was looked after." + (c.Incident.SecretaryOfStateAndOfstedNotification is null ? "" : " The Secretary of State and Ofsted have been told of the death, whatever you decide."),
            { CareLeaver: true } => "The young person was a care leaver." + (c.Incident.SecretaryOfStateAndOfstedNotification is null ? "" : " The Secretary of State and Ofsted have been told of the death, whatever you decide."),
            _ => "",
        };
}
