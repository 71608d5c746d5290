using Csp.Domain;
using Csp.Domain.Timescales;
using Microsoft.DurableTask;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Ports;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;

namespace Csp.Workflow.Orchestrations;

/// <summary>
/// Carries one statutory deadline's reminders and escalations as durable timers, independent of the
/// stage that owns the duty, until that stage stops it. Reminders go before the due date;
/// escalations go the next working morning after it and repeat every few working days up to a
/// limit. While paused (parallel proceedings) nothing is sent; reminders that fell in the pause are
/// skipped and escalation picks up the next working morning after the resume. It never continues
/// as new: its history is a handful of timers.
/// </summary>
public sealed class DeadlineWatchOrchestration(WorkflowServices services) : TaskOrchestrator<DeadlineWatch, WatchResult>
{
    public override async Task<WatchResult> RunAsync(TaskOrchestrationContext context, DeadlineWatch watch)
    {
        var flow = new Flow(context, services, watch.IncidentId, watch.Reference, "Watching " + watch.Kind);
        flow.SetNextDeadline(watch.Kind, watch.Due);
        var reminders = 0;
        var escalations = 0;
        var nextEscalation = watch.FirstEscalationAt;
        // The email key must be stable across replays and machines: the watch id says which deadline and which run.
        var key = watch.WatchId.StartsWith(watch.IncidentId + ":", StringComparison.Ordinal) ? watch.WatchId[(watch.IncidentId.Length + 1)..] : watch.WatchId;

        // Events may arrive twice: a signal id already acted on is skipped.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        async Task<WatchSignal> NextSignal()
        {
            while (true)
            {
                var s = await context.WaitForExternalEvent<WatchSignal>(Events.WatchSignal);
                if (s.Id is null || seen.Add(s.Id)) return s;
            }
        }

        // Started because its date moved: those concerned are told first (watches started before this existed carry none).
        if (watch.Opening is { } opening) await flow.Send(opening);

        var signal = NextSignal();
        var pausedPastDueTold = false;
        while (true)
        {
            // Reminders whose time has passed (the watch started late, or a pause swallowed them) are skipped.
            while (reminders < watch.Reminders.Count && watch.Reminders[reminders].At < context.CurrentUtcDateTime.AddMinutes(-1)) reminders++;
            var pendingReminder = reminders < watch.Reminders.Count ? watch.Reminders[reminders] : null;
            var escalationOpen = escalations < watch.MaxEscalations;
            DateTime? fireAt = pendingReminder is not null && pendingReminder.At < nextEscalation ? pendingReminder.At
                : escalationOpen ? (nextEscalation < context.CurrentUtcDateTime ? context.CurrentUtcDateTime : nextEscalation) : null;

            // Nothing left to send: the watch has done its job (a later stop finds it finished, which is fine).
            if (fireAt is null) return new WatchResult(watch.WatchId, reminders, escalations, false);
            using var cts = new CancellationTokenSource();
            var timer = context.CreateTimer(fireAt.Value, cts.Token);
            var winner = await Task.WhenAny(signal, timer);
            if (winner == signal)
            {
                cts.Cancel();
                var s = await signal;
                if (s.Signal == WatchSignal.Stop) return new WatchResult(watch.WatchId, reminders, escalations, true);
                if (s.Signal == WatchSignal.Pause)
                {
                    await flow.Record(null, flow.Audit(Flow.System, $"Reminders for {watch.Label} paused.", s.Reason, watch.Subject, AuditKinds.Step));
                    WatchSignal next;
                    if (watch.TellWhenPausedPastDue)
                    {
                        next = await PausedPastDue(context, flow, watch, NextSignal, pausedPastDueTold);
                        pausedPastDueTold = true;
                    }
                    else
                    {
                        do
                        {
                            next = await NextSignal();
                        }
                        while (next.Signal == WatchSignal.Pause);
                    }
                    if (next.Signal == WatchSignal.Stop) return new WatchResult(watch.WatchId, reminders, escalations, true);
                    var resumedOn = flow.Today;
                    var morning = flow.Calendar.FireAt(flow.Calendar.NextWorkingDay(resumedOn));
                    if (nextEscalation < morning) nextEscalation = morning;
                    await flow.Record(null, flow.Audit(Flow.System, $"Reminders for {watch.Label} resumed.", null, watch.Subject, AuditKinds.Step));
                }
                signal = NextSignal();
                continue;
            }

            await timer;
            if (pendingReminder is not null && fireAt == pendingReminder.At)
            {
                reminders++;
                var reminder = flow.Notice($"{key}:reminder:{reminders}", watch.RemindTo, $"Reminder: {watch.Label}",
                    $"Reminder: {watch.Label} for {watch.Reference} is due by the end of {Day(watch.Due)}.", pendingReminder.Note);
                if (watch.LinkStepId is null) await flow.Send(reminder);
                else await SendWithLinks(flow, watch, reminder, reminders + escalations);
                await flow.Record(null, flow.Audit(Flow.System, $"Reminder sent: {watch.Label} due {Day(watch.Due)}.",
                    "To " + string.Join(", ", watch.RemindTo.Select(r => r.Address)), watch.Subject, AuditKinds.Reminder));
            }
            else
            {
                escalations++;
                var overdue = flow.Calendar.Deadlines.WorkingDaysLate(watch.Due, flow.Today);
                var escalation = flow.Notice($"{key}:escalation:{escalations}", watch.EscalateTo, $"Overdue: {watch.Label}",
                    $"{watch.Label} for {watch.Reference} was due by the end of {Day(watch.Due)} and has not been done: it is {TimescaleWords.WorkingDays(overdue)} late.",
                    escalations == watch.MaxEscalations
                        ? "This is the last escalation email; the case stays marked overdue on the dashboard."
                        : "Please act now or record why it cannot be done.");
                if (watch.LinkStepId is null) await flow.Send(escalation);
                else
                {
                    // Whoever acts through a link (an agency) gets a new one; staff get the email as it is.
                    // An agency records nothing on the staff site: it is told what it can do instead.
                    var forAgency = escalation with
                    {
                        To = watch.RemindTo,
                        Paragraphs = [escalation.Paragraphs[0],
                            "Please send the return with the link below now.",
                            "If your agency cannot return it, say why on the same page (\"We cannot return the scoping template\"): the reminders then stop, " +
                            "the reason is recorded with the review, and the business unit decides whether to waive the return or ask again."],
                    };
                    await SendWithLinks(flow, watch, forAgency, reminders + escalations);
                    var staff = watch.EscalateTo.Where(e => watch.RemindTo.All(r => !string.Equals(r.Address, e.Address, StringComparison.OrdinalIgnoreCase))).ToList();
                    if (staff.Count > 0) await flow.Send(escalation with { To = staff });
                }
                await flow.Record(null, flow.Audit(Flow.System, $"Escalated ({escalations}): {watch.Label} overdue by {TimescaleWords.WorkingDays(overdue)}.",
                    "To " + string.Join(", ", watch.EscalateTo.Select(r => r.Address)), watch.Subject, AuditKinds.Escalation));
                nextEscalation = flow.Calendar.FireAt(flow.Calendar.Deadlines.LocalDue(flow.Today, Math.Max(1, watch.EscalationRepeatWorkingDays)));
            }
        }
    }

    /// <summary>
    /// The email to each person who acts through a link, with a new link (sequence <paramref name="sequence"/>)
    /// to the still-open step. Watches with a link step are the agencies' scoping returns.
    /// </summary>
    private static async Task SendWithLinks(Flow flow, DeadlineWatch watch, Notice notice, int sequence)
    {
        foreach (var to in notice.To)
        {
            var invite = flow.Link(LinkKind.ScopingReturn, watch.Action!, to, to.Name ?? to.Address, notice with { To = [to], IncidentPage = false });
            await flow.SendWithLink(new LinkReminder(watch.LinkStepId!, sequence, invite));
        }
    }

    /// <summary>
    /// While paused: waits for the resume (or stop). If the due date passes meanwhile, those reminded are told
    /// once that the pause has not moved it, and the business unit is asked for the revised timetable, which goes
    /// to the National Panel when recorded. Returns the signal that ended the pause.
    /// </summary>
    private static async Task<WatchSignal> PausedPastDue(TaskOrchestrationContext context, Flow flow, DeadlineWatch watch, Func<Task<WatchSignal>> nextSignal, bool told)
    {
        var key = watch.WatchId.StartsWith(watch.IncidentId + ":", StringComparison.Ordinal) ? watch.WatchId[(watch.IncidentId.Length + 1)..] : watch.WatchId;
        var pastDueAt = flow.Calendar.FireAt(flow.Calendar.NextWorkingDay(watch.Due));
        var step = flow.Step($"{key}:revised-timetable", Events.RevisedTimetable, "Send the National Panel the revised timetable (paused past its date)",
            [ActionNames.RecordRevisedTimetable], null, watch.Subject);
        var stepOpen = false;
        using var cts = new CancellationTokenSource();
        Task? pastDue = told ? null : context.CreateTimer(pastDueAt < context.CurrentUtcDateTime ? context.CurrentUtcDateTime : pastDueAt, cts.Token);
        var signal = nextSignal();
        Task<StepSubmission>? revised = null;
        try
        {
            while (true)
            {
                var waits = new List<Task> { signal };
                if (pastDue is not null) waits.Add(pastDue);
                if (revised is not null) waits.Add(revised);
                var winner = await Task.WhenAny(waits);
                if (winner == signal)
                {
                    var s = await signal;
                    if (s.Signal == WatchSignal.Pause)
                    {
                        signal = nextSignal();
                        continue;
                    }
                    if (stepOpen) await flow.Close(step.StepId);
                    return s;
                }
                if (winner == pastDue)
                {
                    pastDue = null;
                    await flow.Send(flow.Notice($"{key}:paused-past-due", [.. watch.RemindTo, .. watch.EscalateTo.Where(e => watch.RemindTo.All(r => !string.Equals(r.Address, e.Address, StringComparison.OrdinalIgnoreCase)))],
                        $"Paused past its date: {watch.Label}",
                        $"{watch.Label} for {watch.Reference} was due by the end of {Day(watch.Due)}. The review is paused for parallel proceedings, and the pause does not move that date.",
                        "Please send the National Panel the revised timetable: record it on the incident's page on the secure site, and the Panel is emailed it from there."));
                    await flow.Record(null, flow.Audit(Flow.System, $"{watch.Label}: paused past its date ({DateWords.Prose(watch.Due)}); the business unit is asked for the revised timetable for the National Panel.",
                        "To " + string.Join(", ", watch.RemindTo.Concat(watch.EscalateTo).Select(r => r.Address).Distinct(StringComparer.OrdinalIgnoreCase)), watch.Subject, AuditKinds.Escalation));
                    await flow.Open(step);
                    stepOpen = true;
                    revised = flow.Next(Events.RevisedTimetable, x => x.StepId == step.StepId, cts.Token);
                    continue;
                }
                var submission = await revised!;
                revised = null;
                var expectedBy = submission.Date("expectedBy");
                if (expectedBy <= flow.Today)
                {
                    await flow.Refuse(submission, "The revised date must be in the future.", [new FieldError("expectedBy", "The revised date must be in the future")], watch.Subject);
                    revised = flow.Next(Events.RevisedTimetable, x => x.StepId == step.StepId, cts.Token);
                    continue;
                }
                var panel = new EmailAddress(flow.Partnership.Notifications.NationalPanel, "Child Safeguarding Practice Review Panel");
                await flow.Send(flow.StatutoryNotice($"{key}:revised-timetable", [panel], "Revised timetable for a review paused for parallel proceedings",
                    $"{flow.Partnership.Name} tells the Panel that its review {watch.Reference} is paused for parallel proceedings and has passed its date ({Day(watch.Due)}).",
                    $"Revised timetable: the review now expects to be completed by {Day(expectedBy)}.",
                    submission.Text("timetable") ?? ""));
                await flow.Close(step.StepId);
                stepOpen = false;
                await flow.Record(null, flow.Decided(submission, $"Revised timetable sent to the National Panel: {watch.Label.ToLowerInvariant()} now expected by {DateWords.Prose(expectedBy)}.",
                    submission.Text("timetable"), watch.Subject, AuditKinds.Notification));
            }
        }
        finally
        {
            cts.Cancel();
        }
    }

    private static string Day(DateOnly date) => DateWords.Prose(date);
}
