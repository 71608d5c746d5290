using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;
using Microsoft.DurableTask;
using Csp.Workflow.Actions;
using Csp.Workflow.Activities;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Orchestrations;

/// <param name="DecisionDueProvisional">True while the National Panel notification is not recorded: the due date is counted from the notification's due date until <see cref="Events.DecisionDue"/> brings the real one.</param>
public sealed record MeetingInput(string IncidentId, string Reference, DateOnly DecisionDue, DateOnly ScopingDue, bool DecisionDueProvisional = false);

/// <summary>
/// Stage 4, the Rapid Review meeting: scheduled by the business unit inside the 15-working-day
/// window; calendar invitations to panel members and deputies (changes and cancellations send
/// updates); replies recorded; quorum (social care, education, police and health) checked from the
/// replies, warning the business manager when it is at risk; ends when the meeting is recorded as held.
/// Scoping starts before the National Panel notification is recorded, so the decision's due date may
/// firm up (earlier) while the meeting is being arranged: it arrives as <see cref="Events.DecisionDue"/>,
/// and a meeting already booked after it is flagged to the business unit.
/// </summary>
public sealed class RapidReviewMeetingOrchestration(WorkflowServices services) : TaskOrchestrator<MeetingInput, RapidReviewMeeting>
{
    public override async Task<RapidReviewMeeting> RunAsync(TaskOrchestrationContext context, MeetingInput input)
    {
        var flow = new Flow(context, services, input.IncidentId, input.Reference, "Rapid Review meeting");
        var decision = new DecisionClock(context, input);
        flow.SetNextDeadline(Csp.Domain.Timescales.DeadlineKinds.RapidReviewDecision, decision.Due);
        var sequence = 0;
        var meetingKey = $"{input.IncidentId}-rapid-review";
        MeetingReference? reference = null;

        for (var round = 1; ; round++)
        {
            // Schedule (again, after a cancellation).
            var scheduleStep = flow.Step($"meeting:schedule:{round}", Events.Meeting, "Schedule the Rapid Review meeting", [ActionNames.ScheduleMeeting], decision.Due);
            await flow.Open(scheduleStep);
            await flow.Send(flow.Notice($"meeting:schedule-request:{round}", [flow.BusinessUnit], "Schedule the Rapid Review meeting",
                $"Please schedule the Rapid Review meeting for {input.Reference} on or before {DateWords.Prose(decision.Due)}, the last day of the {TimescaleWords.WorkingDays(services.Calendar.Timescales.RapidReviewDecisionWorkingDays)} window"
                + (decision.Provisional ? " counted from the National Panel notification's due date: the notification is not recorded yet, and once it is the window runs from the date it was sent." : "."),
                $"Scoping returns are due by the end of {DateWords.Prose(input.ScopingDue)}; a meeting on or after {DateWords.Prose(input.ScopingDue.AddDays(services.Calendar.Timescales.ScopingPackBeforeMeetingCalendarDays))} leaves {TimescaleWords.CalendarDays(services.Calendar.Timescales.ScopingPackBeforeMeetingCalendarDays)} to circulate the pack. Hold it on a working day, between {DateWords.Time(MeetingRules.EarliestStart)} and {DateWords.Time(MeetingRules.LatestEnd)}."));
            StepSubmission scheduled;
            var nextSchedule = flow.Next(Events.Meeting, s => s.StepId == scheduleStep.StepId);
            while (true)
            {
                if (await Task.WhenAny(nextSchedule, decision.Changed) == decision.Changed)
                {
                    await decision.ApplyAsync(flow, null);
                    continue;
                }
                scheduled = await nextSchedule;
                if (Refusal(flow, scheduled, decision.Due) is not { } problem) break;
                await flow.Refuse(scheduled, problem.Message + ".", [problem]);
                // A new wait only after the last one was consumed: a stale wait would swallow later meeting submissions.
                nextSchedule = flow.Next(Events.Meeting, s => s.StepId == scheduleStep.StepId);
            }
            await flow.Close(scheduleStep.StepId);

            // The panel as the partnership directory has it now: a deputy changed since scoping began gets this invitation.
            var invitees = Invitees(flow.Partnership);
            var meeting = new RapidReviewMeeting
            {
                MeetingId = meetingKey,
                StartsAt = scheduled.DateTime("startsAt"),
                EndsAt = scheduled.DateTime("startsAt").AddMinutes(scheduled.Number("durationMinutes")),
                Location = scheduled.Text("location"),
                Sequence = sequence,
                Status = MeetingStatus.Scheduled,
                Invitees = invitees,
            };
            reference = reference is null
                ? await context.CallActivityAsync<MeetingReference>(nameof(ChangeMeeting), Command(flow, MeetingCommand.Create, meeting, null, null))
                : await context.CallActivityAsync<MeetingReference>(nameof(ChangeMeeting), Command(flow, MeetingCommand.Update, meeting, reference, null, rearranged: true));
            await flow.RecordMeeting(meeting, flow.Decided(scheduled, $"Rapid Review meeting scheduled for {Local(flow, meeting.StartsAt)}; invitations sent to {invitees.Count} panel members and deputies.", meeting.Location,
                warning: Warning(flow, meeting, decision.Due, input.ScopingDue)));
            await LateAsync(flow, input, decision.Due, meeting, scheduled);
            if (flow.Calendar.LocalDate(meeting.StartsAt).AddDays(-services.Calendar.Timescales.ScopingPackBeforeMeetingCalendarDays) < input.ScopingDue)
                await flow.Record(null, flow.Audit(Flow.System, "The meeting leaves less than a week between the scoping due date and the meeting to circulate the pack.", kind: AuditKinds.Step));

            // While scheduled: replies, quorum, changes; until held or cancelled.
            while (true)
            {
                var result = await WhileScheduled(context, flow, input, decision, meeting, reference);
                meeting = result.Meeting;
                if (result.Outcome == Outcome.Held)
                {
                    await flow.RecordMeeting(meeting);
                    // The minutes run beside the stages from here (a new instance, so the decision does not wait for them).
                    await context.CallActivityAsync<bool>(nameof(StartRapidReviewMinutes), new MinutesInput(input.IncidentId, input.Reference, meeting));
                    return meeting;
                }
                if (result.Outcome == Outcome.Cancelled)
                {
                    sequence = meeting.Sequence;
                    break;
                }
                // Rescheduled: new sequence, replies start again.
                sequence = meeting.Sequence;
            }
            sequence++;
        }
    }

    /// <summary>
    /// A meeting after the Rapid Review decision's due date: the reason is recorded and the National
    /// Panel is told the Rapid Review will be late (an informing email with no personal details).
    /// </summary>
    private static async Task LateAsync(Flow flow, MeetingInput input, DateOnly decisionDue, RapidReviewMeeting meeting, StepSubmission s)
    {
        if (!MeetingRules.IsLate(flow.Calendar.LocalDate(meeting.StartsAt), decisionDue)) return;
        var on = flow.Calendar.LocalDate(meeting.StartsAt);
        await flow.Record(null, flow.Audit(s.By, $"Rapid Review late: the meeting is on {DateWords.Prose(on)}, after the decision was due ({DateWords.Prose(decisionDue)}).",
            s.Text(MeetingRules.LateReasonField), kind: AuditKinds.Escalation));
        var panel = new EmailAddress(flow.Partnership.Notifications.NationalPanel, "Child Safeguarding Practice Review Panel");
        await flow.Send(flow.StatutoryNotice($"meeting:late:{meeting.Sequence}", [panel], "Rapid Review will be late",
            $"{flow.Partnership.Name} tells the Panel that the Rapid Review of its notified incident (reference {input.Reference}) will be late: the decision was due by the end of {DateWords.Prose(decisionDue)} and the Rapid Review meeting is on {DateWords.Prose(on)}.",
            "The reason is recorded and will be given with the Rapid Review report; the business unit can tell you more on request."));
        await flow.Record(null, flow.Audit(Flow.System, "National Panel told the Rapid Review will be late.", "To " + panel.Address, kind: AuditKinds.Notification));
    }

    private enum Outcome { Held, Cancelled, Rescheduled }

    private sealed record ScheduledResult(Outcome Outcome, RapidReviewMeeting Meeting);

    private async Task<ScheduledResult> WhileScheduled(TaskOrchestrationContext context, Flow flow, MeetingInput input, DecisionClock decision, RapidReviewMeeting meeting, MeetingReference reference)
    {
        var seq = meeting.Sequence;
        var changeStep = flow.Step($"meeting:change:{seq}", Events.Meeting, "Rapid Review meeting: record it held, reschedule or cancel",
            [ActionNames.RecordMeetingHeld, ActionNames.RescheduleMeeting, ActionNames.CancelMeeting, ActionNames.InviteToMeeting], flow.Calendar.LocalDate(meeting.StartsAt));
        await flow.Open(changeStep);
        var open = new HashSet<string> { changeStep.StepId };
        async Task AskForReply(MeetingInvitee invitee)
        {
            var step = flow.Step($"meeting:respond:{seq}:{invitee.Key}", Events.Meeting, $"Reply to the Rapid Review invitation: {invitee.Name}",
                [ActionNames.RespondToMeeting], null, invitee.Key, $"{invitee.Name} ({invitee.Email})");
            var ask = flow.Notice($"meeting:reply:{seq}:{invitee.Key}", [new EmailAddress(invitee.Email, invitee.Name)], "Please reply to the Rapid Review invitation",
                $"You are invited to the Rapid Review meeting for {input.Reference} on {Local(flow, meeting.StartsAt)} (calendar invitation sent separately).",
                $"Please say whether you will attend: the meeting is quorate only with {MeetingQuorum.List(MeetingQuorum.Required)} represented.");
            await flow.Open(step, flow.Link(LinkKind.Approval, ActionNames.RespondToMeeting, new EmailAddress(invitee.Email, invitee.Name), invitee.Name, ask));
            open.Add(step.StepId);
        }
        foreach (var invitee in meeting.Invitees) await AskForReply(invitee);

        var checkDay = flow.Calendar.Deadlines.WorkingDaysBefore(flow.Calendar.LocalDate(meeting.StartsAt), flow.Reminders.QuorumCheckWorkingDaysBefore);
        var checkAt = flow.Calendar.FireAt(checkDay);
        using var cts = new CancellationTokenSource();
        Task? quorumCheck = checkAt > context.CurrentUtcDateTime ? context.CreateTimer(checkAt, cts.Token) : null;
        var warned = new HashSet<string>();
        // One wait on the meeting event at a time; cancelled on leaving, so no stale wait swallows a later submission.
        var next = flow.Next(Events.Meeting, s => open.Contains(s.StepId), cts.Token);
        try
        {
            while (true)
            {
                var winner = quorumCheck is null ? await Task.WhenAny(next, decision.Changed) : await Task.WhenAny(next, quorumCheck, decision.Changed);
                if (winner == decision.Changed)
                {
                    await decision.ApplyAsync(flow, meeting);
                    continue;
                }
                if (winner == quorumCheck)
                {
                    quorumCheck = null;
                    var missing = MissingForQuorum(meeting, acceptedOnly: true);
                    if (missing.Count > 0)
                        await WarnQuorum(flow, input, meeting, $"meeting:{seq}:quorum-check", $"No acceptance yet from {MeetingQuorum.List(missing)}.");
                    else
                        await flow.Record(null, flow.Audit(Flow.System, "Quorum check: social care, education, police and health have all accepted.", kind: AuditKinds.Step));
                    continue;
                }

                var s = await next;
                next = flow.Next(Events.Meeting, x => open.Contains(x.StepId), cts.Token);
                switch (s.Action)
                {
                    case ActionNames.RespondToMeeting:
                    {
                        var key = s.StepId[(s.StepId.LastIndexOf(':') + 1)..];
                        var response = s.Enum<MeetingResponse>("response");
                        meeting = meeting with { Invitees = meeting.Invitees.Select(i => i.Key == key ? i with { Response = response } : i).ToList() };
                        var who = meeting.Invitees.First(i => i.Key == key);
                        await flow.RecordMeeting(meeting, flow.Audit(s.By, $"{who.Name} replied: {CaseTransitions.Words(response)}.", null, key, AuditKinds.Step));
                        var lost = MissingForQuorum(meeting, acceptedOnly: false).Where(t => warned.Add(t.ToString())).ToList();
                        if (lost.Count > 0)
                            await WarnQuorum(flow, input, meeting, $"meeting:{seq}:quorum-risk:{string.Join("-", lost)}",
                                $"Everyone invited from {MeetingQuorum.List(lost)} has declined.");
                        break;
                    }
                    case ActionNames.RecordMeetingHeld:
                    {
                        var heldOn = s.Date("heldOn");
                        if (MeetingRules.HeldRefusal(heldOn, flow.Today, flow.Calendar.LocalDate(meeting.StartsAt)) is { } notHeld)
                        {
                            await flow.Refuse(s, notHeld.Message + ".", [notHeld]);
                            break;
                        }
                        // Quorum is judged at the meeting, from who was there; a submission from before the
                        // form asked agency by agency carries one "quorate" answer.
                        var notRepresented = s.Fields.ContainsKey("quorate")
                            ? []
                            : MeetingQuorum.NotRepresented(MeetingQuorum.Required.Where(t => s.Flag(MeetingQuorum.RepresentedField(t))));
                        var quorate = s.Fields.ContainsKey("quorate") ? s.Flag("quorate") : notRepresented.Count == 0;
                        meeting = meeting with { Status = MeetingStatus.Held, HeldOn = heldOn, Quorate = quorate, NotRepresented = notRepresented };
                        await CloseAll(flow, open);
                        await flow.RecordMeeting(meeting, flow.Decided(s,
                            $"Rapid Review meeting held on {DateWords.Prose(heldOn)}" + (quorate ? " (quorate)." : notRepresented.Count > 0 ? $": not quorate, {MeetingQuorum.List(notRepresented)} not represented." : ": not quorate."),
                            quorate ? null : "The review goes on; its decision is recorded as made at a meeting that was not quorate.",
                            kind: quorate ? AuditKinds.Decision : AuditKinds.Escalation));
                        return new ScheduledResult(Outcome.Held, meeting);
                    }
                    case ActionNames.InviteToMeeting:
                    {
                        var email = s.Text("email");
                        var name = s.Text("name");
                        if (SubstituteRefusal(meeting, name, email) is { } refused)
                        {
                            await flow.Refuse(s, refused.Message + ".", [refused]);
                            break;
                        }
                        var substitute = new MeetingInvitee($"s{meeting.Invitees.Count(i => i.Key.StartsWith('s')) + 1}", name!, email!, s.Enum<AgencyType>("agencyType"), true, MeetingResponse.NeedsAction);
                        meeting = meeting with { Invitees = [.. meeting.Invitees, substitute] };
                        await context.CallActivityAsync<MeetingReference>(nameof(ChangeMeeting), Command(flow, MeetingCommand.Invite, meeting, reference, null) with
                        {
                            Added = [new MeetingAttendee(substitute.Name, substitute.Email)],
                            Key = $"{flow.IncidentId}|meeting:{meeting.Sequence}:invite:{substitute.Key}",
                        });
                        await flow.RecordMeeting(meeting, flow.Decided(s, $"{substitute.Name} invited to the Rapid Review meeting for {MeetingQuorum.Words(substitute.AgencyType!.Value)}.", null, substitute.Key));
                        await AskForReply(substitute);
                        break;
                    }
                    case ActionNames.RescheduleMeeting:
                    {
                        if (Refusal(flow, s, decision.Due) is { } problem)
                        {
                            await flow.Refuse(s, problem.Message + ".", [problem]);
                            break;
                        }
                        var movedFrom = meeting.StartsAt;
                        meeting = meeting with
                        {
                            StartsAt = s.DateTime("startsAt"),
                            EndsAt = s.DateTime("startsAt").AddMinutes(s.Number("durationMinutes")),
                            Location = s.Text("location"),
                            Sequence = seq + 1,
                            Invitees = meeting.Invitees.Select(i => i with { Response = MeetingResponse.NeedsAction }).ToList(),
                        };
                        await CloseAll(flow, open);
                        await context.CallActivityAsync<MeetingReference>(nameof(ChangeMeeting), Command(flow, MeetingCommand.Update, meeting, reference, s.Text("reason"), movedFrom: movedFrom));
                        await flow.RecordMeeting(meeting, flow.Decided(s, $"Rapid Review meeting moved to {Local(flow, meeting.StartsAt)}; updates sent.", s.Text("reason"),
                            warning: Warning(flow, meeting, decision.Due, input.ScopingDue)));
                        await LateAsync(flow, input, decision.Due, meeting, s);
                        return new ScheduledResult(Outcome.Rescheduled, meeting);
                    }
                    case ActionNames.CancelMeeting:
                    {
                        meeting = meeting with { Status = MeetingStatus.Cancelled, Sequence = seq + 1 };
                        await CloseAll(flow, open);
                        await context.CallActivityAsync<MeetingReference>(nameof(ChangeMeeting), Command(flow, MeetingCommand.Cancel, meeting, reference, s.Required("reason")));
                        await flow.RecordMeeting(meeting, flow.Audit(s.By, "Rapid Review meeting cancelled; cancellations sent. It must be scheduled again.", s.Text("reason"), kind: AuditKinds.Decision));
                        return new ScheduledResult(Outcome.Cancelled, meeting);
                    }
                }
            }
        }
        finally
        {
            cts.Cancel();
        }
    }

    private static async Task CloseAll(Flow flow, HashSet<string> open)
    {
        foreach (var id in open.ToList()) await flow.Close(id);
        open.Clear();
    }

    private static async Task WarnQuorum(Flow flow, MeetingInput input, RapidReviewMeeting meeting, string key, string detail)
    {
        // The business unit arranges the meeting and the business manager answers for it: both are told.
        await flow.Send(flow.Notice(key, [flow.BusinessUnit, flow.BusinessManager], "Rapid Review quorum at risk",
            $"The Rapid Review meeting for {input.Reference} on {Local(flow, meeting.StartsAt)} may not be quorate. {detail}",
            $"Please arrange a member, deputy or substitute for each of {MeetingQuorum.List(MeetingQuorum.Required)} (\"Invite a substitute\" on the incident page), or reschedule."));
        await flow.Record(null, flow.Audit(Flow.System, "Quorum at risk: business unit and business manager warned.", detail, kind: AuditKinds.Escalation));
    }

    /// <summary>The quorum agency types with nobody accepted (or, for <paramref name="acceptedOnly"/> false, with everyone declined).</summary>
    internal static List<AgencyType> MissingForQuorum(RapidReviewMeeting meeting, bool acceptedOnly) =>
        (acceptedOnly ? MeetingQuorum.Unconfirmed(Answers(meeting)) : MeetingQuorum.Lost(Answers(meeting))).ToList();

    /// <summary>The invitees' replies as the domain's quorum rule reads them.</summary>
    internal static IEnumerable<(AgencyType? Type, InviteeAnswer Answer)> Answers(RapidReviewMeeting meeting) =>
        meeting.Invitees.Select(i => (i.AgencyType, i.Response switch
        {
            MeetingResponse.Accepted => InviteeAnswer.Accepted,
            MeetingResponse.Tentative => InviteeAnswer.Tentative,
            MeetingResponse.Declined => InviteeAnswer.Declined,
            _ => InviteeAnswer.NoAnswer,
        }));

    /// <summary>
    /// The meeting's date rules, decided here once: in the future, late only with a reason, in the
    /// working day unless the business unit confirms otherwise.
    /// </summary>
    private static FieldError? Refusal(Flow flow, StepSubmission s, DateOnly decisionDue)
    {
        var startsAt = s.DateTime("startsAt");
        var minutes = s.Number("durationMinutes");
        var meetingDay = flow.Calendar.LocalDate(startsAt);
        if (MeetingRules.ScheduleRefusal(startsAt, meetingDay, minutes, flow.Now, decisionDue, flow.Calendar.Timescales, s.Text(MeetingRules.LateReasonField)) is { } refusal)
            return refusal;
        var starts = TimeZoneInfo.ConvertTime(startsAt, flow.Calendar.Zone);
        var ends = starts.AddMinutes(minutes);
        return MeetingRules.WorkingDayRefusal(meetingDay, TimeOnly.FromDateTime(starts.DateTime), TimeOnly.FromDateTime(ends.DateTime),
            ends.Date == starts.Date, flow.Calendar.Days, s.Flag(MeetingRules.OutsideWorkingDayField));
    }

    /// <summary>What the business unit is told with an accepted date: the review will be late, or the pack cannot go out in time.</summary>
    private static string? Warning(Flow flow, RapidReviewMeeting meeting, DateOnly decisionDue, DateOnly scopingDue)
    {
        var meetingDay = flow.Calendar.LocalDate(meeting.StartsAt);
        return MeetingRules.IsLate(meetingDay, decisionDue)
            ? MeetingRules.LateWarning(decisionDue)
            : MeetingRules.PackWarning(meetingDay, scopingDue, flow.Calendar.Timescales);
    }

    /// <summary>A substitute needs a name and a well-formed email address not already invited.</summary>
    private static FieldError? SubstituteRefusal(RapidReviewMeeting meeting, string? name, string? email)
    {
        if (name is null) return new FieldError("name", "Enter the substitute's name");
        if (email is null || !Csp.Domain.EmailAddresses.IsValid(email)) return new FieldError("email", "Enter an email address in the correct format, like name@example.gov.uk");
        if (meeting.Invitees.Any(i => string.Equals(i.Email, email, StringComparison.OrdinalIgnoreCase))) return new FieldError("email", $"{email} is already invited to the meeting");
        return null;
    }

    internal static IReadOnlyList<MeetingInvitee> Invitees(PartnershipOptions partnership)
    {
        var list = new List<MeetingInvitee>();
        for (var i = 0; i < partnership.PanelMembers.Count; i++)
        {
            var m = partnership.PanelMembers[i];
            list.Add(new MeetingInvitee($"m{i + 1}", m.Name, m.Email, m.AgencyType, false, MeetingResponse.NeedsAction));
            if (m.Deputy is { Email.Length: > 0 } d)
                list.Add(new MeetingInvitee($"m{i + 1}d", d.Name, d.Email, m.AgencyType, true, MeetingResponse.NeedsAction));
        }
        return list;
    }

    /// <param name="movedFrom">A reschedule: the time it was at, which the update names with the reason.</param>
    /// <param name="rearranged">Arranged again after a cancellation: it reads as a new invitation.</param>
    private static MeetingCommand Command(Flow flow, string command, RapidReviewMeeting meeting, MeetingReference? reference, string? reason,
        DateTimeOffset? movedFrom = null, bool rearranged = false)
    {
        var moved = movedFrom is { } from
            ? $" The meeting has moved from {Local(flow, from)} to {Local(flow, meeting.StartsAt)}" + (string.IsNullOrWhiteSpace(reason) ? "." : $": {reason.Trim().TrimEnd('.')}.")
            : "";
        var attendees = meeting.Invitees.Select(i => new MeetingAttendee(i.Name, i.Email, !i.Deputy)).ToList();
        if (!WorkflowServices.IsUnfilled(flow.PanelChair)) attendees.Insert(0, new MeetingAttendee(flow.PanelChair.Name ?? "Panel chair", flow.PanelChair.Address));
        var request = new MeetingRequest(flow.IncidentId, meeting.MeetingId, $"Rapid Review meeting: {flow.Reference}",
            $"Rapid Review meeting for {flow.Reference} ({flow.Partnership.Name}).{moved} The scoping pack is on the secure site; this invitation contains no personal details.",
            meeting.StartsAt, meeting.EndsAt, flow.Reminders.TimeZone, meeting.Location,
            new MeetingAttendee(flow.BusinessUnit.Name ?? "Business unit", flow.BusinessUnit.Address), attendees.DistinctBy(a => a.Email.ToLowerInvariant()).ToList(),
            rearranged);
        return new MeetingCommand(command, request, reference, meeting.Sequence, reason, $"{flow.IncidentId}|meeting:{meeting.Sequence}:{command}");
    }

    private static string Local(Flow flow, DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, flow.Calendar.Zone);
        return DateWords.ProseAt(local.DateTime);
    }
}
