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
internal sealed class PanelNotification(Flow flow, string stepId = PanelNotification.StepId, string requestKey = "notification:request")
{
    public const string StepId = "notification:national-panel";

    /// <summary>The step while the referral is at quality assurance and triage; it closes when that stage ends and the scoping stage asks again under <see cref="StepId"/>.</summary>
    public const string ReferralStepId = "notification:national-panel:referral";

    private bool _open;

    /// <summary>True while the notification is awaited.</summary>
    public bool Awaited => _open;

    public bool Accepts(StepSubmission s) => _open && s.StepId == stepId;

    /// <summary>Closes the step when its stage ends with the notification still awaited (the next stage asks again).</summary>
    public async Task HandOverAsync()
    {
        if (!_open) return;
        _open = false;
        await flow.Close(stepId);
    }

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
            await flow.Record(c, flow.Audit(Flow.System, $"Safeguarding partners told on {DateWords.Prose(sent.SentOn)}.",
                "To " + string.Join(", ", partners.Select(p => p.Address)), kind: AuditKinds.Notification));
        }

        c = await TellSecretaryOfStateAndOfstedAsync(flow, c);

        // Recorded already (the local authority had notified before the referral reached the business unit).
        if (c.Incident.NationalPanelNotification is not null)
        {
            await flow.StopWatch(flow.WatchId(DeadlineKinds.NationalPanelNotification));
            return await RecordedAsync(c, Flow.System);
        }

        return await RequestAsync(c);
    }

    /// <summary>
    /// Asks the designated officer for the notification (before any reminder) and opens the step to
    /// record it, or the reason it cannot be made yet; runs from the referral for a notifiable incident
    /// and again (with a new link) when the scoping stage starts, if it is still awaited. A request made
    /// after the due date says it is already overdue.
    /// </summary>
    public async Task<IncidentCase> RequestAsync(IncidentCase c)
    {
        if (c.Incident.NationalPanelNotification is not null) return c;
        var due = Due(c);
        // Starting the watch again is a no-op.
        await flow.StartWatch(flow.DayWatch(flow.WatchId(DeadlineKinds.NationalPanelNotification), DeadlineKinds.NationalPanelNotification, null, "National Panel notification", due,
            [flow.DesignatedOfficer], [flow.BusinessManager, flow.PartnershipChair, flow.DesignatedOfficer], ActionNames.RecordNationalPanelNotification));
        var step = flow.Step(stepId, Events.Notification, "National Panel notification recorded", [ActionNames.RecordNationalPanelNotification, ActionNames.RecordNotificationDelay], due);
        var window = $"{TimescaleWords.WorkingDays(flow.Calendar.Timescales.NationalPanelNotificationWorkingDays)} after the local authority became aware";
        var late = flow.Today > due
            ? $"This is already overdue: it was due by the end of {DateWords.Prose(due)} ({window}). Please notify the Panel today."
            : $"Please notify it by the end of {DateWords.Prose(due)} ({window}).";
        var request = flow.Notice(requestKey, [flow.DesignatedOfficer], flow.Today > due ? "Overdue: notify the National Panel" : "Notify the National Panel",
            $"Incident {c.Reference} is a notifiable serious incident. Please notify the Child Safeguarding Practice Review Panel through its online notification system ({flow.Partnership.Notifications.NationalPanelOnlineSystem}).",
            late,
            "Then record the date you sent it and the reference the Panel's system gave you. If it cannot be made yet, the business unit records why on the incident page. The Rapid Review decision cannot be recorded until the notification is.");
        await flow.Open(step, flow.Link(LinkKind.Approval, ActionNames.RecordNationalPanelNotification, flow.DesignatedOfficer, "Local authority designated officer", request));
        _open = true;
        return c;
    }

    /// <summary>
    /// The death of a looked-after child, or of a care leaver up to 24: the Secretary of State and
    /// Ofsted are told (an informing email, no personal details) whatever the chair decides at triage
    /// and whether or not abuse or neglect is suspected, so this runs as soon as the referral passes
    /// quality assurance. Once recorded it is not sent again.
    /// </summary>
    public static async Task<IncidentCase> TellSecretaryOfStateAndOfstedAsync(Flow flow, IncidentCase c)
    {
        var referral = c.Incident.Referral;
        if (c.Incident.SecretaryOfStateAndOfstedNotification is not null || referral.Child is not { } child || referral.Incident is not { } details
            || SecretaryOfStateNotificationCriteria.Evaluate(child, details) is not { Met: true } sos)
            return c;
        var to = new List<EmailAddress> { new(flow.Partnership.Notifications.SecretaryOfState, "Secretary of State (DfE)"), new(flow.Partnership.Notifications.Ofsted, "Ofsted") };
        var sent = await flow.Send(flow.StatutoryNotice("notification:sos-ofsted", to, "Notification of a death",
            $"{flow.Partnership.Name} notifies the death of a child in its area who was looked after or a care leaver (reference {c.Reference}).",
            "The details are available to you from the partnership's business unit on request."));
        c = c with { Incident = c.Incident.RecordSecretaryOfStateAndOfstedNotification(Flow.System, sent.SentOn) };
        await flow.Record(c, flow.Audit(Flow.System, "Secretary of State and Ofsted notified.", sos.Reason, kind: AuditKinds.Notification));
        return c;
    }

    /// <summary>The next submission to the notification step (a wait to keep beside the stage's other waits).</summary>
    public Task<StepSubmission> NextAsync() => flow.Next(Events.Notification, s => s.StepId == stepId);

    /// <summary>
    /// Applies a recorded notification: the step closes, its watch stops, the deadline is met (or met
    /// late), and the Rapid Review decision's watch starts from the date sent. Null when refused (the
    /// step stays open).
    /// </summary>
    public async Task<IncidentCase?> ApplyAsync(IncidentCase c, StepSubmission s)
    {
        if (await flow.TryApply(c, s) is not { } next) return null;
        // A reason for the delay is on the record; the step stays open for the notification itself.
        if (s.Action == ActionNames.RecordNotificationDelay) return null;
        c = next;
        _open = false;
        await flow.Close(stepId);
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
            await flow.Record(null, flow.Audit(by, $"National Panel notification was late: due {DateWords.Prose(due)}, sent {DateWords.Prose(sentOn)}.", kind: AuditKinds.Escalation));

        // The Rapid Review clock: 15 working days from the notification, warnings as it approaches.
        var decision = flow.Calendar.Deadlines.RapidReviewDecision(sentOn);
        var days = flow.Calendar.Timescales.RapidReviewDecisionWorkingDays;
        var early = new WatchReminder(flow.Calendar.FireAt(flow.Calendar.ReminderDay(decision.Due, flow.Reminders.DecisionWarningWorkingDays)),
            $"The Rapid Review report must reach the National Panel within {days} working days of the notification: {flow.Reminders.DecisionWarningWorkingDays} working days left.");
        await flow.StartWatch(flow.DayWatch(flow.WatchId(DeadlineKinds.RapidReviewDecision), DeadlineKinds.RapidReviewDecision, null,
            "Rapid Review decision and report to the National Panel", decision.Due,
            [flow.BusinessUnit, flow.PanelChair], [flow.BusinessManager, flow.PartnershipChair], extra: [early]));
        await flow.Record(c, flow.Audit(Flow.System, $"Rapid Review decision due by {DateWords.Prose(decision.Due)} ({days} working days after the notification sent on {DateWords.Prose(sentOn)}).",
            decision.Basis, kind: AuditKinds.Step));
        return c;
    }

    private static DateOnly AwareOn(IncidentCase c) => c.Incident.Referral.Incident!.DateLocalAuthorityAware!.Value;
}
