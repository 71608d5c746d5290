using Csp.Domain;
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

/// <summary>
/// Stages 2 and 3 together: as soon as the chair accepts the referral for a Rapid Review, the
/// partners are told, the National Panel notification is asked for (<see cref="PanelNotification"/>)
/// and, in parallel, scoping starts: one <see cref="AgencyScopingOrchestration"/> per involved agency
/// (more can be added while scoping runs) and the <see cref="RapidReviewMeetingOrchestration"/>.
/// Fans in when every return is accepted or waived and circulates the collated pack to the panel.
/// When the meeting has been held, returns still outstanding are closed (late returns do not stop
/// the statutory clock) and the Rapid Review stage begins; the stage ends once the notification is
/// recorded as well, since the decision cannot be recorded before it and its 15 working days run
/// from the date it was sent.
/// </summary>
public sealed class ScopingOrchestration(WorkflowServices services) : TaskOrchestrator<IncidentCase, IncidentCase>
{
    public override async Task<IncidentCase> RunAsync(TaskOrchestrationContext context, IncidentCase c)
    {
        var flow = new Flow(context, services, c.IncidentId, c.Reference, "Rapid Review scoping");
        var today = flow.Today;
        var due = flow.Calendar.Deadlines.ScopingReturns(today).Due;
        var agencies = c.Incident.Referral.InvolvedAgencies.Select((a, i) => new ScopingAgency
        {
            Key = $"a{i + 1}",
            Name = a.Name!.Trim(),
            AgencyType = a.AgencyType ?? AgencyType.Other,
            ContactEmail = a.ContactEmail!.Trim(),
            Status = AgencyScopingStatus.Requested,
            RequestedOn = today,
            DueOn = due,
        }).ToList();
        c = c with { Incident = c.Incident.StartScoping(Flow.System, today, agencies.Select(a => a.Name)), Agencies = agencies };
        await flow.Record(c, flow.Audit(Flow.System, $"Scoping requested from {agencies.Count} agencies; returns due {DateWords.Prose(due)}.", kind: AuditKinds.Step));

        // The notification runs alongside: partners told, the designated officer asked for it.
        var notification = new PanelNotification(flow);
        c = await notification.StartAsync(c);
        ShowNextDeadline(flow, c);
        var notified = notification.Awaited ? notification.NextAsync() : null;

        var decision = DecisionDue(flow, c);
        var returns = new Dictionary<string, Task<ScopingAgency>>();
        foreach (var agency in agencies) returns[agency.Key] = StartAgency(context, c, agency);
        var meeting = context.CallSubOrchestratorAsync<RapidReviewMeeting>(nameof(RapidReviewMeetingOrchestration),
            new MeetingInput(c.IncidentId, c.Reference, decision.Due, due, decision.Provisional), new SubOrchestrationOptions { InstanceId = MeetingInstanceId(c.IncidentId) });

        var addStep = flow.Step("scoping:add-agency", Events.Scoping, "Add an involved agency (optional)", [ActionNames.AddScopingAgency]);
        await flow.Open(addStep);
        var added = flow.Next(Events.Scoping, s => s.StepId == addStep.StepId);
        var packVersion = 0;
        var circulatedFor = 0;
        while (true)
        {
            var fanIn = Task.WhenAll(returns.Values);
            var waits = new List<Task> { added, meeting };
            if (circulatedFor < returns.Count) waits.Add(fanIn);
            if (notified is not null) waits.Add(notified);
            var winner = await Task.WhenAny(waits);
            if (winner == meeting) break;
            if (winner == notified)
            {
                c = await NotifiedAsync(context, flow, notification, c, await notified);
                notified = notification.Awaited ? notification.NextAsync() : null;
                continue;
            }
            if (winner == added)
            {
                var s = await added;
                added = flow.Next(Events.Scoping, x => x.StepId == addStep.StepId);
                var name = s.Required("name");
                if (c.Agencies.Any(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    await flow.Refuse(s, $"'{name}' is already asked for a scoping return.", [new FieldError("name", $"{name} is already asked for a scoping return")]);
                    continue;
                }
                var agency = new ScopingAgency
                {
                    Key = $"a{c.Agencies.Count + 1}",
                    Name = name,
                    AgencyType = s.Enum<AgencyType>("agencyType"),
                    ContactEmail = s.Required("contactEmail"),
                    Status = AgencyScopingStatus.Requested,
                    RequestedOn = flow.Today,
                    DueOn = flow.Calendar.Deadlines.ScopingReturns(flow.Today).Due,
                    AddedDuringScoping = true,
                };
                c = c.WithAgency(agency);
                returns[agency.Key] = StartAgency(context, c, agency);
                await flow.Record(c, flow.Decided(s, $"{agency.Name} added to scoping; return due {DateWords.Prose(agency.DueOn)}.", null, agency.Key));
                continue;
            }

            // Fan-in: every return accepted or waived. Collate the pack and send it to the panel under secure cover.
            var settled = await fanIn;
            foreach (var a in settled) c = c.WithAgency(a);
            circulatedFor = returns.Count;
            packVersion++;
            var path = await flow.CollateScopingPack(new ScopingPackRequest(c.IncidentId, c.Reference, packVersion, c.Agencies, c.Incident.Referral, flow.Today));
            var panel = Panel(flow);
            var sent = await flow.Send(flow.Notice($"scoping:pack:{packVersion}", panel, "Rapid Review scoping pack",
                $"The collated scoping pack for Rapid Review {c.Reference} is ready ({c.Agencies.Count(a => a.Status == AgencyScopingStatus.Accepted)} returns accepted, {c.Agencies.Count(a => a.Status == AgencyScopingStatus.Waived)} waived).",
                "Please read it on the secure site before the meeting."));
            c = c with { ScopingPackCirculatedOn = c.ScopingPackCirculatedOn ?? sent.SentOn, ScopingPacks = [.. c.ScopingPacks, path] };
            await flow.Record(c, flow.Audit(Flow.System, $"Scoping pack (version {packVersion}) circulated to {panel.Count} panel members.", kind: AuditKinds.Notification));
        }
        await flow.Close(addStep.StepId);

        // The meeting was held: whatever is still outstanding is closed.
        var held = await meeting;
        foreach (var (key, task) in returns.Where(r => !r.Value.IsCompleted))
        {
            await context.CallActivityAsync<bool>(nameof(SignalInstance),
                new InstanceSignal(AgencyInstanceId(c.IncidentId, key), Events.ScopingClosed, new WatchSignal(WatchSignal.Stop, "Rapid Review meeting held", $"{c.IncidentId}:{key}:closed")));
        }
        var finals = await Task.WhenAll(returns.Values);
        foreach (var a in finals) c = c.WithAgency(a);
        c = RecordReturnsOnIncident(c, finals);

        foreach (var a in c.Agencies.Where(a => !a.AddedDuringScoping))
            c = c.WithOutcome(Flow.Outcome(DeadlineKinds.ScopingReturns, a.Key, due, a.FirstReturnedOn));
        // The row counts every agency asked, those added later included: settled only when each returned or was waived.
        var returnsStatus = ScopingReturnsStatus.Of(c.Agencies.Select(a => DeadlineAssessor.Dates(a, flow.Calendar.Deadlines)).ToList());
        c = c.WithOutcome(new DeadlineOutcome(DeadlineKinds.ScopingReturns, null, returnsStatus?.Due ?? due, returnsStatus?.SettledOn,
            returnsStatus is { SettledOn: not null, Late: false }));
        var meetingDay = flow.Calendar.LocalDate(held.StartsAt);
        c = c.WithOutcome(Flow.Outcome(DeadlineKinds.ScopingPackCirculation, null, flow.Calendar.Deadlines.ScopingPackCirculation(meetingDay).Due, c.ScopingPackCirculatedOn));

        var heldOn = held.HeldOn ?? flow.Today;
        c = c with { Meeting = held, Incident = c.Incident.StartRapidReview(Flow.System, heldOn, held.NotRepresented) };
        await flow.Record(c, flow.Audit(Flow.System, $"Rapid Review meeting held on {DateWords.Prose(heldOn)}.",
            c.Incident.History.Last().Reason, kind: AuditKinds.Stage));

        // The decision waits for the notification: its working days run from the date it was sent.
        while (notified is not null)
        {
            flow.SetStage("Rapid Review (waiting for the National Panel notification)");
            c = await NotifiedAsync(context, flow, notification, c, await notified);
            notified = notification.Awaited ? notification.NextAsync() : null;
        }
        return c;
    }

    public static string MeetingInstanceId(string incidentId) => $"{incidentId}:meeting";

    /// <summary>The decision's due date: from the notification once sent, else provisional from its due date.</summary>
    private static StatutoryDeadline DecisionDue(Flow flow, IncidentCase c) =>
        flow.Calendar.Deadlines.RapidReviewDecision(c.Incident.Referral.Incident!.DateLocalAuthorityAware!.Value, c.Incident.NationalPanelNotification?.SentOn);

    /// <summary>A notification recorded while scoping runs (or after the meeting): the meeting learns the decision's firm due date.</summary>
    private static async Task<IncidentCase> NotifiedAsync(TaskOrchestrationContext context, Flow flow, PanelNotification notification, IncidentCase c, StepSubmission s)
    {
        if (await notification.ApplyAsync(c, s) is not { } next) return c;
        var decision = DecisionDue(flow, next);
        await context.CallActivityAsync<bool>(nameof(SignalInstance), new InstanceSignal(MeetingInstanceId(next.IncidentId), Events.DecisionDue, null,
            new DecisionDueSet(decision.Due, next.Incident.NationalPanelNotification!.SentOn)));
        ShowNextDeadline(flow, next);
        return next;
    }

    private static void ShowNextDeadline(Flow flow, IncidentCase c)
    {
        if (new DeadlineAssessor(flow.Calendar).Next(c, flow.Today) is { } next) flow.SetNextDeadline(next.Kind, next.Due);
    }

    public static string AgencyInstanceId(string incidentId, string key) => $"{incidentId}:scoping:{key}";

    private static Task<ScopingAgency> StartAgency(TaskOrchestrationContext context, IncidentCase c, ScopingAgency agency) =>
        context.CallSubOrchestratorAsync<ScopingAgency>(nameof(AgencyScopingOrchestration), new AgencyScopingInput(c.IncidentId, c.Reference, agency),
            new SubOrchestrationOptions { InstanceId = AgencyInstanceId(c.IncidentId, agency.Key) });

    internal static List<EmailAddress> Panel(Flow flow)
    {
        var panel = new List<EmailAddress> { flow.PanelChair };
        foreach (var m in flow.Partnership.PanelMembers)
        {
            panel.Add(new EmailAddress(m.Email, m.Name));
            if (m.Deputy is { Email.Length: > 0 } d) panel.Add(new EmailAddress(d.Email, d.Name));
        }
        return panel.DistinctBy(p => p.Address.ToLowerInvariant()).ToList();
    }

    /// <summary>Brings the domain incident's scoping records up to date for the agencies it lists (agencies added later are the workflow's).</summary>
    private static IncidentCase RecordReturnsOnIncident(IncidentCase c, IReadOnlyList<ScopingAgency> finals)
    {
        var incident = c.Incident;
        foreach (var a in finals.Where(a => !a.AddedDuringScoping && a.FirstReturnedOn is null && a.Status == AgencyScopingStatus.Waived))
        {
            try
            {
                incident = incident.WaiveScopingReturn(a.Name, "Business unit", a.WaivedOn ?? a.RequestedOn, a.WaivedReason ?? "Waived by the business unit.");
            }
            catch (DomainException)
            {
                // As below: the workflow's agency record is the fuller one.
            }
        }
        foreach (var a in finals.Where(a => !a.AddedDuringScoping && a.FirstReturnedOn is not null))
        {
            try
            {
                incident = incident.RecordScopingReturn(a.Name, a.ReturnedOn ?? a.FirstReturnedOn!.Value);
                if (a.Status == AgencyScopingStatus.Accepted)
                    incident = incident.AcceptScopingReturn(a.Name, "Business unit", a.AcceptedOn!.Value);
                else if (a.Status == AgencyScopingStatus.ResubmissionRequested && a.Gaps is { } gaps)
                    incident = incident.RequestScopingResubmission(a.Name, "Business unit", a.ReturnedOn!.Value, gaps);
            }
            catch (DomainException)
            {
                // The workflow's agency record is the fuller one; the domain keeps what it can express.
            }
        }
        return c with { Incident = incident };
    }
}
