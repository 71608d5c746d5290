using Csp.Domain;
using Csp.Domain.Criteria;
using Csp.Domain.Timescales;
using Csp.Workflow.Actions;
using Csp.Workflow.Activities;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;
using Microsoft.DurableTask;

namespace Csp.Workflow.Orchestrations;

/// <summary>
/// Stage 2, notification, run by the scoping stage alongside scoping (scoping does not wait for it).
/// The partners are told at once (same 5-working-day window); for the death of a looked-after child
/// or a care leaver up to 24, the Secretary of State and Ofsted are told too (an informing email with
/// no personal details). The LA designated officer makes the National Panel notification in the
/// Panel's own online system (no API) and records the date sent and the Panel's reference from an
/// emailed link (or the business unit on the incident page); the watch started at referral reminds
/// and escalates. Once recorded, the Rapid Review decision's 15 working days run from the date sent,
/// with their own watch.
/// </summary>
internal sealed class PanelNotification(Flow flow)
{
    public const string StepId = "notification:national-panel";

    private bool _open;

    /// <summary>True while the notification is awaited.</summary>
    public bool Awaited => _open;

    public bool Accepts(StepSubmission s) => _open && s.StepId == StepId;

    public DateOnly Due(IncidentCase c) => flow.Calendar.Deadlines.NationalPanelNotification(AwareOn(c)).Due;

    /// <summary>Tells the partners (and the Secretary of State and Ofsted where the law asks) and asks for the Panel notification.</summary>
    public async Task<IncidentCase> StartAsync(IncidentCase c)
    {
        var aware = AwareOn(c);
        var due = Due(c);
        var partnersDue = flow.Calendar.Deadlines.PartnersInformed(aware).Due;

        if (c.Incident.PartnersInformed is null)
        {
            var partners = flow.Partnership.SafeguardingPartners.Select(WorkflowServices.Address).ToList();
            var sent = await flow.Send(flow.Notice("notification:partners", partners, "Notifiable serious incident",
                $"A notifiable serious incident ({c.Reference}) is going to a Rapid Review. The local authority notifies the National Panel by the end of {DateWords.Prose(due)}.",
                "This is the statutory notice to the safeguarding partners."));
            c = c with { Incident = c.Incident.RecordPartnersInformed(Flow.System, sent.SentOn) };
            c = c.WithOutcome(Flow.Outcome(DeadlineKinds.PartnersInformed, null, partnersDue, sent.SentOn));
            await flow.Record(c, flow.Audit(Flow.System, $"Safeguarding partners told on {CaseTransitions.Iso(sent.SentOn)}.",
                "To " + string.Join(", ", partners.Select(p => p.Address)), kind: AuditKinds.Notification));
        }

        // Looked-after child or care leaver (24 or under) deaths: the Secretary of State and Ofsted are told (no personal details).
        var referral = c.Incident.Referral;
        if (c.Incident.SecretaryOfStateAndOfstedNotification is null && referral.Child is { } child && referral.Incident is { } details
            && SecretaryOfStateNotificationCriteria.Evaluate(child, details) is { Met: true } sos)
        {
            var to = new List<EmailAddress> { new(flow.Partnership.Notifications.SecretaryOfState, "Secretary of State (DfE)"), new(flow.Partnership.Notifications.Ofsted, "Ofsted") };
            var sent = await flow.Send(flow.StatutoryNotice("notification:sos-ofsted", to, "Notification of a death",
                $"{flow.Partnership.Name} notifies the death of a child in its area who was looked after or a care leaver (reference {c.Reference}).",
                "The details are available to you from the partnership's business unit on request."));
            c = c with { Incident = c.Incident.RecordSecretaryOfStateAndOfstedNotification(Flow.System, sent.SentOn) };
            await flow.Record(c, flow.Audit(Flow.System, "Secretary of State and Ofsted notified.", sos.Reason, kind: AuditKinds.Notification));
        }

        // Recorded already (the local authority had notified before the referral reached the business unit).
        if (c.Incident.NationalPanelNotification is not null)
        {
            await flow.StopWatch(flow.WatchId(DeadlineKinds.NationalPanelNotification));
            return await RecordedAsync(c, Flow.System);
        }

        // The watch normally started at referral; starting it again is a no-op.
        await flow.StartWatch(flow.DayWatch(flow.WatchId(DeadlineKinds.NationalPanelNotification), DeadlineKinds.NationalPanelNotification, null, "National Panel notification", due,
            [flow.DesignatedOfficer], [flow.BusinessManager, flow.PartnershipChair, flow.DesignatedOfficer], ActionNames.RecordNationalPanelNotification));
        var step = flow.Step(StepId, Events.Notification, "National Panel notification recorded", [ActionNames.RecordNationalPanelNotification], due);
        var request = flow.Notice("notification:request", [flow.DesignatedOfficer], "Notify the National Panel",
            $"Incident {c.Reference} is a notifiable serious incident. Please notify the Child Safeguarding Practice Review Panel through its online notification system ({flow.Partnership.Notifications.NationalPanelOnlineSystem}) by the end of {DateWords.Prose(due)} ({flow.Calendar.Timescales.NationalPanelNotificationWorkingDays} working days after the local authority became aware).",
            "Then record the date you sent it and the reference the Panel's system gave you. Scoping with the involved agencies has already started; the Rapid Review decision cannot be recorded until the notification is.");
        await flow.Open(step, flow.Link(LinkKind.Approval, ActionNames.RecordNationalPanelNotification, flow.DesignatedOfficer, "Local authority designated officer", request));
        _open = true;
        return c;
    }

    /// <summary>The next submission to the notification step (a wait to keep beside the stage's other waits).</summary>
    public Task<StepSubmission> NextAsync() => flow.Next(Events.Notification, s => s.StepId == StepId);

    /// <summary>
    /// Applies a recorded notification: the step closes, its watch stops, the deadline is met (or met
    /// late), and the Rapid Review decision's watch starts from the date sent. Null when refused (the
    /// step stays open).
    /// </summary>
    public async Task<IncidentCase?> ApplyAsync(IncidentCase c, StepSubmission s)
    {
        if (await flow.TryApply(c, s) is not { } next) return null;
        c = next;
        _open = false;
        await flow.Close(StepId);
        await flow.StopWatch(flow.WatchId(DeadlineKinds.NationalPanelNotification));

        return await RecordedAsync(c, s.By);
    }

    /// <summary>The notification's deadline settled and the Rapid Review decision's clock started from the date sent.</summary>
    private async Task<IncidentCase> RecordedAsync(IncidentCase c, string by)
    {
        var due = Due(c);
        var sentOn = c.Incident.NationalPanelNotification!.SentOn;
        c = c.WithOutcome(Flow.Outcome(DeadlineKinds.NationalPanelNotification, null, due, sentOn));
        if (sentOn > due)
            await flow.Record(null, flow.Audit(by, $"National Panel notification was late: due {CaseTransitions.Iso(due)}, sent {CaseTransitions.Iso(sentOn)}.", kind: AuditKinds.Escalation));

        // The Rapid Review clock: 15 working days from the notification, warnings as it approaches.
        var decision = flow.Calendar.Deadlines.RapidReviewDecision(sentOn);
        var days = flow.Calendar.Timescales.RapidReviewDecisionWorkingDays;
        var early = new WatchReminder(flow.Calendar.FireAt(flow.Calendar.ReminderDay(decision.Due, flow.Reminders.DecisionWarningWorkingDays)),
            $"The Rapid Review report must reach the National Panel within {days} working days of the notification: {flow.Reminders.DecisionWarningWorkingDays} working days left.");
        await flow.StartWatch(flow.DayWatch(flow.WatchId(DeadlineKinds.RapidReviewDecision), DeadlineKinds.RapidReviewDecision, null,
            "Rapid Review decision and report to the National Panel", decision.Due,
            [flow.BusinessUnit, flow.PanelChair], [flow.BusinessManager, flow.PartnershipChair], extra: [early]));
        await flow.Record(c, flow.Audit(Flow.System, $"Rapid Review decision due by {CaseTransitions.Iso(decision.Due)} ({days} working days after the notification sent on {CaseTransitions.Iso(sentOn)}).",
            decision.Basis, kind: AuditKinds.Step));
        return c;
    }

    private static DateOnly AwareOn(IncidentCase c) => c.Incident.Referral.Incident!.DateLocalAuthorityAware!.Value;
}
