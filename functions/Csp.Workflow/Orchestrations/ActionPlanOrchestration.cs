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
/// Stage 8, learning and the action plan: recommendations with owners and due dates; once agreed,
/// progress requests go to each owner before every quarterly report and the report goes to the
/// executive each quarter; overdue recommendations are escalated to the owner and the business
/// manager; thank-you letters to practitioners are recorded; the executive's sign-off closes the
/// incident. The quarterly cycle is a handful of timers per quarter, so the history stays small.
/// </summary>
public sealed class ActionPlanOrchestration(WorkflowServices services) : TaskOrchestrator<IncidentCase, IncidentCase>
{
    private const int ProgressWorkingDaysBeforeReport = 10;

    public override async Task<IncidentCase> RunAsync(TaskOrchestrationContext context, IncidentCase c)
    {
        var flow = new Flow(context, services, c.IncidentId, c.Reference, "Action plan");
        var addStep = flow.Step("actionplan:add", Events.ActionPlan, "Add recommendations to the action plan", [ActionNames.AddRecommendation]);
        var agreeStep = flow.Step("actionplan:agree", Events.ActionPlan, "Record the action plan agreed", [ActionNames.AgreeActionPlan]);
        var thanksStep = flow.Step("actionplan:thanks", Events.ActionPlan, "Send thank-you letters to practitioners", [ActionNames.RecordThankYouLetters]);
        var signOffStep = flow.Step("actionplan:sign-off", Events.ActionPlan, "Executive sign-off of the action plan", [ActionNames.SignOffActionPlan]);
        var open = new Dictionary<string, AwaitedStep>();
        async Task Open(AwaitedStep step, params LinkInvite[] links)
        {
            await flow.Open(step, links);
            open[step.StepId] = step;
        }
        async Task Close(string stepId)
        {
            if (open.Remove(stepId)) await flow.Close(stepId);
        }

        await Open(addStep);
        if (c.Incident.ActionPlanAgreedOn is null) await Open(agreeStep);
        if (c.ThankYouLettersSentOn is null) await Open(thanksStep);
        await flow.Send(flow.Notice("actionplan:start", [flow.BusinessUnit], "Action plan needed",
            $"{c.Reference} has reached the learning and action plan stage: add the recommendations with owners and due dates, and record the plan when agreed.",
            "Remember the learning brief for all agencies and the thank-you letters to practitioners."));

        var quarter = 1;
        var progressAskedFor = 0;
        var escalated = new Dictionary<string, (int Count, DateTime Next)>();
        var signOffLinkSent = false;
        using var stop = new CancellationTokenSource();
        var next = flow.Next(Events.ActionPlan, x => open.ContainsKey(x.StepId), stop.Token);
        while (true)
        {
            // The next timer: this quarter's progress requests, its report, or an overdue recommendation.
            DateTime? fireAt = null;
            string? why = null;
            if (c.Incident.ActionPlanAgreedOn is { } agreedOn)
            {
                var reportDue = flow.Calendar.Deadlines.ActionPlanReport(agreedOn, quarter).Due;
                var progressAt = flow.Calendar.FireAt(flow.Calendar.Deadlines.WorkingDaysBefore(reportDue, ProgressWorkingDaysBeforeReport));
                var reportAt = flow.Calendar.FireAt(flow.Calendar.Days.NextWorkingDayOnOrAfter(reportDue));
                (fireAt, why) = progressAskedFor < quarter ? (progressAt, "progress") : (reportAt, "report");
                foreach (var r in c.Recommendations.Where(r => r.CompletedOn is null))
                {
                    var (count, at) = escalated.TryGetValue(r.Id, out var e) ? e : (0, flow.Calendar.FireAt(flow.Calendar.NextWorkingDay(r.DueOn)));
                    if (count >= flow.Reminders.MaxEscalations) continue;
                    if (at < fireAt) (fireAt, why) = (at, "overdue:" + r.Id);
                }
                if (fireAt < context.CurrentUtcDateTime) fireAt = context.CurrentUtcDateTime;
            }

            using var cts = new CancellationTokenSource();
            var timer = fireAt is { } when ? context.CreateTimer(when, cts.Token) : null;
            var winner = timer is null ? await Task.WhenAny(next) : await Task.WhenAny(next, timer);
            cts.Cancel();
            if (winner == timer)
            {
                var agreed = c.Incident.ActionPlanAgreedOn!.Value;
                if (why == "progress")
                {
                    progressAskedFor = quarter;
                    foreach (var r in c.Recommendations.Where(r => r.CompletedOn is null))
                    {
                        foreach (var stale in open.Keys.Where(k => k.StartsWith($"actionplan:progress:{r.Id}:", StringComparison.Ordinal)).ToList()) await Close(stale);
                        var owner = new EmailAddress(r.OwnerEmail, r.OwnerName);
                        var step = flow.Step($"actionplan:progress:{r.Id}:{quarter}", Events.ActionPlan, $"Progress on recommendation {r.Id}",
                            [ActionNames.ReportRecommendationProgress], r.DueOn, r.Id, $"{r.Id} ({r.OwnerName})");
                        // The owner reports by the link; owners need not have an account, so no link to the staff site.
                        await Open(step, flow.Link(LinkKind.Approval, ActionNames.ReportRecommendationProgress, owner, r.OwnerName,
                            flow.Notice($"actionplan:progress:{r.Id}:{quarter}", [owner], $"Progress report requested: recommendation {r.Id}",
                                $"Please report progress on recommendation {r.Id} of the action plan for {c.Reference} (due {DateWords.Prose(r.DueOn)}), for the quarterly report to the executive.",
                                $"Recommendation {r.Id}: {r.Text}") with { IncidentPage = false }));
                    }
                    await flow.Record(null, flow.Audit(Flow.System, $"Quarterly progress requested from {CountWords.Of(c.Recommendations.Count(r => r.CompletedOn is null), "recommendation owner", "recommendation owners")}.", kind: AuditKinds.Reminder));
                }
                else if (why == "report")
                {
                    var done = c.Recommendations.Count(r => r.CompletedOn is not null);
                    var overdue = c.Recommendations.Count(r => r.CompletedOn is null && r.DueOn < flow.Today);
                    var sent = await flow.Send(flow.Notice($"actionplan:report:{quarter}", [flow.PartnershipChair], $"Action plan report {quarter}",
                        $"Quarterly report on the action plan for {c.Reference}: {CountWords.Of(c.Recommendations.Count, "recommendation", "recommendations")}, {done} completed, {overdue} overdue.",
                        "The detail is on the secure site."));
                    c = c with { Incident = c.Incident.RecordActionPlanReport(Flow.System, sent.SentOn) };
                    if (quarter == 1)
                        c = c.WithOutcome(Flow.Outcome(DeadlineKinds.ActionPlanReport, null, flow.Calendar.Deadlines.ActionPlanReport(agreed, 1).Due, sent.SentOn));
                    await flow.Record(c, flow.Audit(Flow.System, $"Action plan report {quarter} sent to the executive.", kind: AuditKinds.Notification));
                    quarter++;
                }
                else if (why!.StartsWith("overdue:", StringComparison.Ordinal))
                {
                    var r = c.Recommendations.First(x => x.Id == why["overdue:".Length..]);
                    var count = (escalated.TryGetValue(r.Id, out var e) ? e.Count : 0) + 1;
                    escalated[r.Id] = (count, flow.Calendar.FireAt(flow.Calendar.Deadlines.LocalDue(flow.Today, flow.Reminders.LongEscalationRepeatWorkingDays)));
                    c = c with { Incident = c.Incident.RecordRecommendationEscalated(r.Id, count) };
                    await flow.Send(flow.Notice($"actionplan:overdue:{r.Id}:{count}", [new EmailAddress(r.OwnerEmail, r.OwnerName), flow.BusinessManager],
                        $"Overdue: recommendation {r.Id}",
                        $"Recommendation {r.Id} of the action plan for {c.Reference} was due on {DateWords.Prose(r.DueOn)} and is not completed.",
                        $"Recommendation {r.Id}: {r.Text}",
                        "Please report progress or agree a new date with the business manager."));
                    await flow.Record(c, flow.Audit(Flow.System, $"Recommendation {r.Id} overdue: escalated ({count}).", $"To {r.OwnerEmail} and the business manager", r.Id, AuditKinds.Escalation));
                }
                continue;
            }

            var s = await next;
            next = flow.Next(Events.ActionPlan, x => open.ContainsKey(x.StepId), stop.Token);
            var subject = open.TryGetValue(s.StepId, out var from) ? from.Subject : null;
            var asked = c.Incident.ApprovalChanges.Count;
            if (await flow.TryApply(c, subject is null ? s : s with { Subject = subject }, subject) is not { } applied) continue;
            c = applied;
            if (s.Action == ActionNames.SignOffActionPlan && c.Incident.ApprovalChanges.Count > asked)
            {
                // The executive asked for changes: the business unit is told, and the sign-off is asked for again with a new link.
                var round = c.Incident.ApprovalChanges.Count(a => a.Step == ActionNames.SignOffActionPlan);
                await flow.Send(flow.Notice($"actionplan:sign-off:changes:{round}", [flow.BusinessUnit], "Changes requested: action plan sign-off",
                    $"{c.Incident.ApprovalChanges[^1].By} asked for changes before signing off the action plan for {c.Reference}. Their comments are on the secure site."));
                await Close(signOffStep.StepId);
                signOffStep = flow.Step($"actionplan:sign-off:again:{round}", Events.ActionPlan, "Executive sign-off of the action plan", [ActionNames.SignOffActionPlan]);
                await Open(signOffStep, flow.Link(LinkKind.Approval, ActionNames.SignOffActionPlan, flow.PartnershipChair, "Partnership chair (executive)",
                    flow.Notice($"actionplan:sign-off:again:{round}", [flow.PartnershipChair], "Sign-off needed: action plan",
                        $"You asked for changes to the action plan for {c.Reference}; the business unit has been told. Once they are made, sign the action plan off from this link; this closes the incident.")));
                continue;
            }
            switch (s.Action)
            {
                case ActionNames.AgreeActionPlan:
                    await Close(agreeStep.StepId);
                    // Sign-off (which closes the incident) waits until every recommendation is settled; progress requests go on till then.
                    if (c.Recommendations.All(r => r.CompletedOn is not null)) await Open(signOffStep);
                    break;
                case ActionNames.RecordThankYouLetters:
                    await Close(thanksStep.StepId);
                    break;
                case ActionNames.ReportRecommendationProgress:
                    await Close(s.StepId);
                    if (c.Recommendations.All(r => r.CompletedOn is not null) && !signOffLinkSent && c.Incident.ActionPlanAgreedOn is not null)
                    {
                        signOffLinkSent = true;
                        await Close(signOffStep.StepId);
                        signOffStep = flow.Step("actionplan:sign-off:final", Events.ActionPlan, "Executive sign-off of the action plan", [ActionNames.SignOffActionPlan]);
                        await Open(signOffStep, flow.Link(LinkKind.Approval, ActionNames.SignOffActionPlan, flow.PartnershipChair, "Partnership chair (executive)",
                            flow.Notice("actionplan:sign-off", [flow.PartnershipChair], "Sign-off needed: action plan",
                                $"Every recommendation of the action plan for {c.Reference} is completed. Please sign the action plan off; this closes the incident.")));
                    }
                    break;
                case ActionNames.SignOffActionPlan:
                    stop.Cancel();
                    foreach (var id in open.Keys.ToList()) await Close(id);
                    await flow.Send(flow.Notice("actionplan:signed-off", [flow.BusinessUnit, flow.SubgroupChair], "Action plan signed off",
                        $"The executive has signed off the action plan for {c.Reference}: every recommendation is completed or closed with a reason. The incident is closed.",
                        $"Signed off by {s.By}."));
                    return c;
            }
        }
    }
}
