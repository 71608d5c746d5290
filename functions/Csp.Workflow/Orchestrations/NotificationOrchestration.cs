using Csp.Domain.Criteria;
using Csp.Domain.Timescales;
using Microsoft.DurableTask;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Orchestrations;

/// <summary>
/// Stage 2, notification. The partners are told at once (same 5-working-day window); for the death
/// of a looked-after child or a care leaver up to 24, the Secretary of State and Ofsted too. The LA
/// designated officer makes the National Panel notification in the Panel's own system (no API) and
/// records the date sent and the Panel's reference from an emailed link; a deadline watch reminds
/// them before the due date and escalates to the business manager and the partnership chair after
/// it. Once recorded, the 15-working-day Rapid Review deadline starts its own watch.
/// </summary>
public sealed class NotificationOrchestration(WorkflowServices services) : TaskOrchestrator<IncidentCase, IncidentCase>
{
    public override async Task<IncidentCase> RunAsync(TaskOrchestrationContext context, IncidentCase c)
    {
        var flow = new Flow(context, services, c.IncidentId, c.Reference, "Notification");
        var aware = c.Incident.Referral.Incident!.DateLocalAuthorityAware!.Value;
        var due = flow.Calendar.Deadlines.NationalPanelNotification(aware).Due;
        var partnersDue = flow.Calendar.Deadlines.PartnersInformed(aware).Due;
        flow.SetNextDeadline(DeadlineKinds.NationalPanelNotification, due);

        // The safeguarding partners, within the same window.
        if (c.Incident.PartnersInformed is null)
        {
            var partners = flow.Partnership.SafeguardingPartners.Select(WorkflowServices.Address).ToList();
            var sent = await flow.Send(flow.Notice("notification:partners", partners, "Notifiable serious incident",
                $"A notifiable serious incident ({c.Reference}) is going to a Rapid Review. The local authority notifies the National Panel by the end of {due:dddd d MMMM yyyy}.",
                "This is the statutory notice to the safeguarding partners."));
            c = c with { Incident = c.Incident.RecordPartnersInformed(Flow.System, sent.SentOn) };
            c = c.WithOutcome(Flow.Outcome(DeadlineKinds.PartnersInformed, null, partnersDue, sent.SentOn));
            await flow.Record(c, flow.Audit(Flow.System, $"Safeguarding partners told on {CaseTransitions.Iso(sent.SentOn)}.",
                "To " + string.Join(", ", partners.Select(p => p.Address)), kind: AuditKinds.Notification));
        }

        // Looked-after child or care leaver (24 or under) deaths: the Secretary of State and Ofsted.
        var referral = c.Incident.Referral;
        if (c.Incident.SecretaryOfStateAndOfstedNotification is null && referral.Child is { } child && referral.Incident is { } details
            && SecretaryOfStateNotificationCriteria.Evaluate(child, details) is { Met: true } sos)
        {
            var to = new List<EmailAddress> { new(flow.Partnership.Notifications.SecretaryOfState, "Secretary of State (DfE)"), new(flow.Partnership.Notifications.Ofsted, "Ofsted") };
            var sent = await flow.Send(flow.Notice("notification:sos-ofsted", to, "Notification of a death",
                $"{flow.Partnership.Name} notifies the death of a child in its area who was looked after or a care leaver (reference {c.Reference}).",
                "The details are available to you from the partnership's business unit on request."));
            c = c with { Incident = c.Incident.RecordSecretaryOfStateAndOfstedNotification(Flow.System, sent.SentOn) };
            await flow.Record(c, flow.Audit(Flow.System, "Secretary of State and Ofsted notified.", sos.Reason, kind: AuditKinds.Notification));
        }

        // The National Panel notification: the designated officer records it from a link (or the business unit on the staff pages).
        var watchId = flow.WatchId(DeadlineKinds.NationalPanelNotification);
        await flow.StartWatch(flow.DayWatch(watchId, DeadlineKinds.NationalPanelNotification, null, "National Panel notification", due,
            [flow.DesignatedOfficer], [flow.BusinessManager, flow.PartnershipChair, flow.DesignatedOfficer], ActionNames.RecordNationalPanelNotification));
        var step = flow.Step("notification:national-panel", Events.Notification, "National Panel notification recorded",
            [ActionNames.RecordNationalPanelNotification], due);
        var request = flow.Notice("notification:request", [flow.DesignatedOfficer], "Notify the National Panel",
            $"Incident {c.Reference} is a notifiable serious incident. Please notify the Child Safeguarding Practice Review Panel through its online notification system by the end of {due:dddd d MMMM yyyy} ({services.Calendar.Timescales.NationalPanelNotificationWorkingDays} working days after the local authority became aware).",
            "Then record the date you sent it and the reference the Panel's system gave you.");
        (c, var recorded) = await flow.HumanStep(c, step,
            flow.Link(LinkKind.Approval, ActionNames.RecordNationalPanelNotification, flow.DesignatedOfficer, "Local authority designated officer", request));
        await flow.StopWatch(watchId);

        var sentOn = c.Incident.NationalPanelNotification!.SentOn;
        c = c.WithOutcome(Flow.Outcome(DeadlineKinds.NationalPanelNotification, null, due, sentOn));
        if (sentOn > due)
            await flow.Record(null, flow.Audit(recorded.By, $"National Panel notification was late: due {CaseTransitions.Iso(due)}, sent {CaseTransitions.Iso(sentOn)}.", kind: AuditKinds.Escalation));

        // The Rapid Review clock: 15 working days from the notification, warnings as it approaches.
        var decisionDue = flow.Calendar.Deadlines.RapidReviewDecision(sentOn).Due;
        var early = new WatchReminder(flow.Calendar.FireAt(flow.Calendar.ReminderDay(decisionDue, flow.Reminders.DecisionWarningWorkingDays)),
            $"The Rapid Review report must reach the National Panel within 15 working days of the notification: {flow.Reminders.DecisionWarningWorkingDays} working days left.");
        await flow.StartWatch(flow.DayWatch(flow.WatchId(DeadlineKinds.RapidReviewDecision), DeadlineKinds.RapidReviewDecision, null,
            "Rapid Review decision and report to the National Panel", decisionDue,
            [flow.BusinessUnit, flow.PanelChair], [flow.BusinessManager, flow.PartnershipChair], extra: [early]));
        await flow.Record(c, flow.Audit(Flow.System, $"Rapid Review decision due by {CaseTransitions.Iso(decisionDue)} (15 working days after the notification).", kind: AuditKinds.Step));
        return c;
    }
}
