using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using Microsoft.DurableTask;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;

namespace Csp.Workflow.Orchestrations;

/// <summary>
/// Stage 7, publication. The business unit sends the final report to the National Panel (its
/// online system) and the Secretary of State at least 7 working days before the planned date, and
/// records the date sent, the Panel's reference and the version sent; Ofsted and DfE are then told
/// by an informing email. A watch reminds and escalates before and after the notice date; a late
/// submission moves the planned date to 7 working days after it. Parallel proceedings pause publication: the publication timers stop and restart
/// on resume (the planned date moves if the notice period no longer fits). Publication is
/// recorded; a reminder goes when the one-year availability minimum is reached.
/// </summary>
public sealed class PublicationOrchestration(WorkflowServices services) : TaskOrchestrator<IncidentCase, IncidentCase>
{
    public override async Task<IncidentCase> RunAsync(TaskOrchestrationContext context, IncidentCase c)
    {
        var flow = new Flow(context, services, c.IncidentId, c.Reference, "Publication");
        var noticeDays = flow.Calendar.Timescales.PrePublicationNoticeWorkingDays;
        var sequence = 0;
        var watches = new List<string>();

        // Each new watch carries the email that says why the planned date moved, when it did (sent as the watch starts).
        async Task StartWatches(IncidentCase current, Notice? moved = null)
        {
            foreach (var w in watches) await flow.StopWatch(w);
            watches.Clear();
            if (current.Incident.IsPaused) return;
            sequence++;
            var planned = current.Incident.PlannedPublicationOn!.Value;
            if (current.Incident.PrePublicationNotice is null)
            {
                var noticeDue = flow.Calendar.Deadlines.PrePublicationNotice(planned).Due;
                flow.SetNextDeadline(DeadlineKinds.PrePublicationNotice, noticeDue);
                var id = flow.WatchId(DeadlineKinds.PrePublicationNotice, null, sequence);
                await flow.StartWatch(flow.DayWatch(id, DeadlineKinds.PrePublicationNotice, null,
                    "Final report to the National Panel and the Secretary of State before publication", noticeDue,
                    [flow.BusinessUnit], [flow.BusinessManager, flow.PartnershipChair], ActionNames.RecordFinalReportSubmitted) with { Opening = moved });
                watches.Add(id);
            }
            else
            {
                flow.SetNextDeadline("Publication", planned);
                var id = flow.WatchId("Publication", null, sequence);
                await flow.StartWatch(flow.DayWatch(id, "Publication", null, "Publication of the final report", planned,
                    [flow.BusinessUnit], [flow.BusinessManager], ActionNames.RecordPublication) with { Opening = moved });
                watches.Add(id);
            }
        }

        await StartWatches(c);
        if (c.Incident.PrePublicationNotice is null)
        {
            var noticeDue = flow.Calendar.Deadlines.PrePublicationNotice(c.Incident.PlannedPublicationOn!.Value).Due;
            await flow.Send(flow.Notice("publication:submit-report", [flow.BusinessUnit], "Task: send the final report to the National Panel and the Secretary of State",
                $"Publication of the local child safeguarding practice review {c.Reference} is planned for {DateWords.Prose(c.Incident.PlannedPublicationOn!.Value)}. Download the current version of the final CSPR report from the incident page and send it to the National Panel through its online system ({flow.Partnership.Notifications.NationalPanelOnlineSystem}) and to the Secretary of State ({flow.Partnership.Notifications.SecretaryOfState}) by the end of {DateWords.Prose(noticeDue)}, {noticeDays} working days before publication.",
                "Then record on the incident page the date you sent it, the Panel's reference and the version you sent; Ofsted and DfE are then told by email."));
        }
        var noticeStep = flow.Step("publication:notice", Events.Publication, "Send the final report to the National Panel and the Secretary of State and record it",
            [ActionNames.RecordFinalReportSubmitted], flow.Calendar.Deadlines.PrePublicationNotice(c.Incident.PlannedPublicationOn!.Value).Due);
        var rescheduleStep = flow.Step("publication:reschedule", Events.Publication, "Change the planned publication date (optional)", [ActionNames.ReschedulePublication]);
        var publishStep = flow.Step("publication:publish", Events.Publication, "Record the publication", [ActionNames.RecordPublication]);
        await flow.Open(noticeStep);
        await flow.Open(rescheduleStep);
        var pause = new PauseSwitch(flow, Events.Publication, "publication");
        await pause.OpenAsync(c);
        var open = new HashSet<string> { noticeStep.StepId, rescheduleStep.StepId };

        while (true)
        {
            var s = await flow.Next(Events.Publication, x => open.Contains(x.StepId) || pause.Accepts(x));
            if (pause.Accepts(s))
            {
                Notice? moved = null;
                var wasPaused = c.Incident.IsPaused;
                c = await pause.ApplyAsync(c, s);
                if (wasPaused == c.Incident.IsPaused) continue;
                if (!c.Incident.IsPaused && c.Incident.PrePublicationNotice is null)
                {
                    // Resumed: if the notice period no longer fits before the planned date, the date moves.
                    var earliest = flow.Calendar.Deadlines.EarliestPublication(flow.Today);
                    if (c.Incident.PlannedPublicationOn is { } before && before < earliest)
                    {
                        c = c with { Incident = c.Incident.MovePlannedPublication(earliest) };
                        await flow.Record(c, flow.Audit(Flow.System, $"Planned publication moved to {DateWords.Prose(earliest)} after the pause, to leave the {noticeDays}-working-day notice period.", kind: AuditKinds.Decision));
                        moved = Moved(flow, c, before, earliest, $"The review resumed after the pause on {DateWords.Prose(flow.Today)}, and the final report must go to the National Panel and the Secretary of State {TimescaleWords.WorkingDays(noticeDays)} before publication.");
                    }
                }
                else if (!c.Incident.IsPaused && c.Incident.PlannedPublicationOn is { } before && before < flow.Today)
                {
                    c = c with { Incident = c.Incident.MovePlannedPublication(flow.Calendar.NextWorkingDay(flow.Today)) };
                    await flow.Record(c, flow.Audit(Flow.System, $"Planned publication moved to {DateWords.Prose(c.Incident.PlannedPublicationOn!.Value)} after the pause.", kind: AuditKinds.Decision));
                    moved = Moved(flow, c, before, c.Incident.PlannedPublicationOn!.Value, $"The planned date passed while publication was paused; it resumed on {DateWords.Prose(flow.Today)}.");
                }
                await StartWatches(c, moved);
                continue;
            }

            switch (s.Action)
            {
                case ActionNames.RecordFinalReportSubmitted:
                {
                    if (c.Incident.IsPaused)
                    {
                        await flow.Refuse(s, "Publication is paused for parallel proceedings; resume it first.", []);
                        break;
                    }
                    var planned = c.Incident.PlannedPublicationOn!.Value;
                    var noticeDue = flow.Calendar.Deadlines.PrePublicationNotice(planned).Due;
                    if (await flow.TryApply(c, s) is not { } next) break;
                    // The business unit sent the report to the Panel and the Secretary of State itself; Ofsted and DfE are told.
                    var sentOn = next.Incident.PrePublicationNotice!.SentOn;
                    var told = await flow.Send(flow.StatutoryNotice("publication:notice", DecisionOrchestration.StatutoryBodies(flow, ofsted: true, dfe: true),
                        "Local CSPR final report: notice of publication",
                        $"{flow.Partnership.Name} sent the final report of the local child safeguarding practice review {c.Reference} to the National Panel and the Secretary of State on {DateWords.Prose(sentOn)}. It is to be published on or after {DateWords.Prose(Later(planned, flow.Calendar.Deadlines.EarliestPublication(sentOn)))}."));
                    c = next.WithOutcome(Flow.Outcome(DeadlineKinds.PrePublicationNotice, null, noticeDue, sentOn));
                    var earliest = flow.Calendar.Deadlines.EarliestPublication(sentOn);
                    Notice? moved = null;
                    if (planned < earliest)
                    {
                        c = c with { Incident = c.Incident.MovePlannedPublication(earliest) };
                        var why = $"The final report went to the National Panel and the Secretary of State on {DateWords.Prose(sentOn)}, after its due date ({DateWords.Prose(noticeDue)}), and publication needs {TimescaleWords.WorkingDays(noticeDays)} notice.";
                        // A decision the workflow made: on the timeline and in the decisions table, with why.
                        await flow.Record(c, flow.Audit(Flow.System, $"The notice was late (due {DateWords.Prose(noticeDue)}): publication moved from {DateWords.Prose(planned)} to {DateWords.Prose(earliest)}.", why, kind: AuditKinds.Decision));
                        moved = Moved(flow, c, planned, earliest, why);
                    }
                    else
                    {
                        await flow.Record(c, flow.Audit(Flow.System, "Ofsted and DfE told the final report went to the National Panel and the Secretary of State.",
                            CountWords.Of(told.Sent + told.Duplicates, "email", "emails"), kind: AuditKinds.Notification));
                    }
                    open.Remove(noticeStep.StepId);
                    await flow.Close(noticeStep.StepId);
                    await flow.Open(publishStep);
                    open.Add(publishStep.StepId);
                    await StartWatches(c, moved);
                    break;
                }
                case ActionNames.ReschedulePublication:
                    if (await flow.TryApply(c, s) is { } rescheduled)
                    {
                        c = rescheduled;
                        await StartWatches(c);
                    }
                    break;
                case ActionNames.RecordPublication:
                    if (await flow.TryApply(c, s) is not { } published) break;
                    c = published;
                    foreach (var w in watches) await flow.StopWatch(w);
                    foreach (var id in open) await flow.Close(id);
                    await pause.CloseAsync();
                    var publishedOn = c.Incident.Publication!.PublishedOn;
                    var availableUntil = flow.Calendar.Deadlines.PublicationAvailableUntil(publishedOn).Due;
                    await flow.StartWatch(new DeadlineWatch(flow.WatchId(DeadlineKinds.PublicationAvailableUntil), c.IncidentId, c.Reference,
                        DeadlineKinds.PublicationAvailableUntil, null, "The published report's one-year minimum availability", availableUntil,
                        [new WatchReminder(flow.Calendar.FireAt(availableUntil), "The report has now been available for the minimum of a year; the partnership may decide whether to keep it published.")],
                        [flow.BusinessUnit], flow.Calendar.FireAt(flow.Calendar.NextWorkingDay(availableUntil)), 1, 0, [flow.BusinessUnit]));
                    await flow.Record(c, flow.Audit(Flow.System, $"Publication recorded; available at least until {DateWords.Prose(availableUntil)}.", c.PublishedUrl, kind: AuditKinds.Step));
                    return c;
            }
        }
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    /// <summary>The email that tells the business unit the planned publication date moved, and why.</summary>
    private static Notice Moved(Flow flow, IncidentCase c, DateOnly from, DateOnly to, string why) =>
        flow.Notice($"publication:moved:{DateWords.Iso(to)}", [flow.BusinessUnit, flow.BusinessManager], "Planned publication date moved",
            $"The planned publication date of the local child safeguarding practice review {c.Reference} has moved from {DateWords.Prose(from)} to {DateWords.Prose(to)}.",
            why,
            "The new date is on the incident's page on the secure site; change it there if the partnership plans a later one.");
}
