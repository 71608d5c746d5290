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
/// Stage 5, the local CSPR, as a checklist of durable steps in the statutory order (panel confirmed,
/// lead reviewer commissioned and named to the Panel, Ofsted and DfE, terms of reference approved by
/// the chair, practitioners and family invited, drafts quality-assured, final draft checked,
/// governance responses within 14 days, subgroup approval, board sign-off, publication planned).
/// The 6-month due date has monitoring checkpoints at 2, 4 and 5 months and escalation after.
/// Parallel proceedings pause and resume the review: the reason and dates are recorded and the
/// monitoring timers hold while paused.
/// </summary>
public sealed class LocalCsprOrchestration(WorkflowServices services) : TaskOrchestrator<IncidentCase, IncidentCase>
{
    /// <summary>The checklist: the action that completes each step, and who gets a link to do it.</summary>
    internal static readonly (string Action, string Title, string? LinkTo)[] Checklist =
    [
        (ActionNames.ConfirmCsprPanel, "Confirm the CSPR panel members", null),
        (ActionNames.CommissionLeadReviewer, "Commission the independent lead reviewer", null),
        (ActionNames.ApproveTermsOfReference, "Approve the terms of reference, methodology and timeline", "panel-chair"),
        (ActionNames.RecordInvitations, "Invite practitioners and the family", null),
        (ActionNames.RecordDraftQualityAssured, "Circulate drafts for the panel's quality assurance", null),
        (ActionNames.RecordFinalDraftChecked, "Check the final draft against the terms of reference", null),
        (ActionNames.ShareWithGovernance, "Share the final draft with partner agencies' governance", null),
        (ActionNames.ConfirmGovernanceResponses, "Confirm partner agencies' governance responses", null),
        (ActionNames.ApproveFinalReportSubgroup, "Subgroup approval of the final report", "subgroup-chair"),
        (ActionNames.SignOffFinalReport, "Board sign-off of the final report", "partnership-chair"),
        (ActionNames.PlanPublication, "Plan the publication date", null),
    ];

    public override async Task<IncidentCase> RunAsync(TaskOrchestrationContext context, IncidentCase c)
    {
        var flow = new Flow(context, services, c.IncidentId, c.Reference, "Local CSPR");
        var decidedOn = c.Incident.Decision!.DecidedOn;
        var due = flow.Calendar.Deadlines.LocalCsprCompletion(decidedOn).Due;
        flow.SetNextDeadline(DeadlineKinds.LocalCsprCompletion, due);

        if (c.CsprDecisionNoticeSentOn is null)
        {
            var notified = await flow.Send(flow.StatutoryNotice("decision:cspr-notice", DecisionOrchestration.StatutoryBodies(flow, panel: true, ofsted: true, dfe: true),
                "Decision to hold a local child safeguarding practice review",
                $"{flow.Partnership.Name} has decided to hold a local child safeguarding practice review ({c.Reference})."));
            c = c with { CsprDecisionNoticeSentOn = notified.SentOn };
        }
        c = c with { Incident = c.Incident.RecordLocalCsprDecisionNotified(Flow.System, c.CsprDecisionNoticeSentOn!.Value) };
        var watchId = flow.WatchId(DeadlineKinds.LocalCsprCompletion);
        await flow.StartWatch(flow.MonthWatch(watchId, DeadlineKinds.LocalCsprCompletion, "Local CSPR completion", decidedOn, due, [2, 4, 5],
            [flow.BusinessUnit, flow.PanelChair], [flow.BusinessManager, flow.PartnershipChair]));
        await flow.Record(c, flow.Audit(Flow.System, $"Local CSPR started; to be completed by {DateWords.Prose(due)} ({TimescaleWords.Months(flow.Calendar.Timescales.LocalCsprCompletionMonths)} after the decision).", kind: AuditKinds.Stage));

        var pause = new PauseSwitch(flow, Events.Cspr, "cspr", watchId);
        await pause.OpenAsync(c);
        string? governanceWatch = null;
        foreach (var (action, title, linkTo) in Checklist)
        {
            // An approver may ask for changes instead: the business unit is told, and the approval is asked for again.
            for (var round = 1; ; round++)
            {
                var step = flow.Step(round == 1 ? $"cspr:{action}" : $"cspr:{action}:{round}", Events.Cspr, title, [action], action == ActionNames.SignOffFinalReport ? due : null);
                var links = linkTo is null ? [] : new[] { LinkFor(flow, c, action, title, linkTo, round) };
                await flow.Open(step, links);
                var asked = c.Incident.ApprovalChanges.Count;
                c = await pause.UntilAppliedAsync(c, step);
                await flow.Close(step.StepId);
                if (c.Incident.ApprovalChanges.Count == asked) break;
                await flow.Send(flow.Notice($"cspr:{action}:changes:{round}", [flow.BusinessUnit], $"Changes requested: {title}",
                    $"{c.Incident.ApprovalChanges[^1].By} asked for changes before approving ({title.ToLowerInvariant()}) for {c.Reference}. Their comments are on the secure site.",
                    "Upload the revised document under Reports as a new version: the approval is asked for again, and the approver reads the newest version."));
            }

            switch (action)
            {
                case ActionNames.CommissionLeadReviewer:
                    await flow.Send(flow.StatutoryNotice("cspr:reviewer-notice", DecisionOrchestration.StatutoryBodies(flow, panel: true, ofsted: true, dfe: true),
                        "Local CSPR: independent lead reviewer",
                        $"The independent lead reviewer for the local child safeguarding practice review {c.Reference} is {c.Incident.LeadReviewer}."));
                    await flow.Record(null, flow.Audit(Flow.System, "National Panel, Ofsted and DfE told the lead reviewer's name.", c.Incident.LeadReviewer, kind: AuditKinds.Notification));
                    break;
                case ActionNames.ShareWithGovernance:
                    var governanceDue = flow.Calendar.Deadlines.GovernanceResponse(c.Incident.DraftSharedWithGovernanceOn!.Value).Due;
                    governanceWatch = flow.WatchId(DeadlineKinds.GovernanceResponse);
                    await flow.StartWatch(flow.DayWatch(governanceWatch, DeadlineKinds.GovernanceResponse, null, "Partner agencies' governance responses",
                        governanceDue, [flow.BusinessUnit], [flow.BusinessManager]));
                    break;
                case ActionNames.ConfirmGovernanceResponses:
                    if (governanceWatch is not null) await flow.StopWatch(governanceWatch);
                    c = c.WithOutcome(Flow.Outcome(DeadlineKinds.GovernanceResponse, null,
                        flow.Calendar.Deadlines.GovernanceResponse(c.Incident.DraftSharedWithGovernanceOn!.Value).Due, c.GovernanceResponsesConfirmedOn));
                    break;
                case ActionNames.SignOffFinalReport:
                    await flow.StopWatch(watchId);
                    c = c.WithOutcome(Flow.Outcome(DeadlineKinds.LocalCsprCompletion, null, due, c.Incident.FinalReportSignOff!.On));
                    break;
            }
            await flow.Record(c);
        }
        await pause.CloseAsync();
        return c;
    }

    private static LinkInvite LinkFor(Flow flow, IncidentCase c, string action, string title, string linkTo, int round = 1)
    {
        var (to, description) = linkTo switch
        {
            "panel-chair" => (flow.PanelChair, "CSPR panel chair"),
            "subgroup-chair" => (flow.SubgroupChair, "Subgroup chair"),
            _ => (flow.PartnershipChair, "Partnership chair (for the board)"),
        };
        return flow.Link(LinkKind.Approval, action, to, description, flow.Notice(round == 1 ? $"cspr:{action}:request" : $"cspr:{action}:request:{round}", [to], $"Approval needed: {title}",
            $"The local child safeguarding practice review {c.Reference} needs your approval: {title.ToLowerInvariant()}.",
            "Open the link to read what you are asked to approve (the document and its version, with a download) and record your approval there."));
    }
}

/// <summary>
/// The pause/resume step shared by the review stages: a step offering "pause" while running and
/// "resume" while paused; each move is applied to the case and passed on to the stage's watches.
/// </summary>
internal sealed class PauseSwitch(Flow flow, string eventName, string prefix, params string[] watches)
{
    private int _sequence;
    private AwaitedStep? _step;
    private readonly List<string> _watches = [.. watches];

    public IReadOnlyList<string> Watches => _watches;

    public void SetWatches(params string[] ids)
    {
        _watches.Clear();
        _watches.AddRange(ids);
    }

    public bool Accepts(StepSubmission s) => _step is not null && s.StepId == _step.StepId;

    public async Task OpenAsync(IncidentCase c)
    {
        _sequence++;
        _step = c.Incident.IsPaused
            ? flow.Step($"{prefix}:resume:{_sequence}", eventName, "Resume the review (paused for parallel proceedings)", [ActionNames.ResumeReview])
            : flow.Step($"{prefix}:pause:{_sequence}", eventName, "Pause the review for parallel proceedings (if needed)", [ActionNames.PauseReview]);
        await flow.Open(_step);
    }

    /// <summary>Applies a pause or resume; returns the case (unchanged if the move was refused).</summary>
    public async Task<IncidentCase> ApplyAsync(IncidentCase c, StepSubmission s)
    {
        if (await flow.TryApply(c, s) is not { } next) return c;
        await CloseAsync();
        var signal = next.Incident.IsPaused ? WatchSignal.Pause : WatchSignal.Resume;
        foreach (var w in _watches) await flow.SignalWatch(w, signal, s.Text("reason"), _sequence);
        await OpenAsync(next);
        return next;
    }

    /// <summary>
    /// Waits for a submission to the open step that the case accepts, applying pauses and resumes
    /// that arrive meanwhile; returns the case after that submission.
    /// </summary>
    public async Task<IncidentCase> UntilAppliedAsync(IncidentCase c, AwaitedStep step)
    {
        while (true)
        {
            var s = await flow.Next(eventName, x => x.StepId == step.StepId || Accepts(x));
            if (Accepts(s))
            {
                c = await ApplyAsync(c, s);
                continue;
            }
            if (await flow.TryApply(c, s) is { } next) return next;
        }
    }

    public async Task CloseAsync()
    {
        if (_step is null) return;
        await flow.Close(_step.StepId);
        _step = null;
    }
}
