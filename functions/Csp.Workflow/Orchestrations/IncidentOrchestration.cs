using Csp.Domain.Incidents;
using Microsoft.DurableTask;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;

namespace Csp.Workflow.Orchestrations;

/// <summary>
/// One serious incident from referral to closure. Each generation runs one stage as its own
/// orchestration and then continues as new with the compact case, so history stays short however
/// long the incident lasts. This orchestration itself waits only for its stages (no timers, no
/// events): reminders and escalations live in the stages and their deadline watches.
/// Instance id: the incident id. Stage instances: <c>{incidentId}:{phase}</c>.
/// </summary>
public sealed class IncidentOrchestration(WorkflowServices services) : TaskOrchestrator<IncidentCase, IncidentCase>
{
    public override async Task<IncidentCase> RunAsync(TaskOrchestrationContext context, IncidentCase input)
    {
        var phase = PhaseOf(input);
        var flow = new Flow(context, services, input.IncidentId, input.Reference, phase);
        if (NextDeadline(input, flow.Today) is { } next) flow.SetNextDeadline(next.Kind, next.Due);

        if (phase == Phases.Closed)
        {
            await flow.Record(input, flow.Audit(Flow.System, "Incident closed.", input.Incident.History.LastOrDefault()?.Reason, kind: AuditKinds.Stage));
            return input;
        }

        await flow.Record(input, flow.Audit(Flow.System, $"Stage: {Phases.Describe(phase)}.", kind: AuditKinds.Stage));
        var options = new SubOrchestrationOptions { InstanceId = $"{input.IncidentId}:{phase}" };
        flow.Awaiting(options.InstanceId!, $"Stage {Phases.Describe(phase)} ({options.InstanceId})");
        var result = phase switch
        {
            Phases.ReferralQa => await context.CallSubOrchestratorAsync<IncidentCase>(nameof(ReferralQaOrchestration), input, options),
            Phases.Scoping => await context.CallSubOrchestratorAsync<IncidentCase>(nameof(ScopingOrchestration), input, options),
            Phases.RapidReview => await context.CallSubOrchestratorAsync<IncidentCase>(nameof(RapidReviewOrchestration), input, options),
            Phases.Decision => await context.CallSubOrchestratorAsync<IncidentCase>(nameof(DecisionOrchestration), input, options),
            Phases.LocalCspr => await context.CallSubOrchestratorAsync<IncidentCase>(nameof(LocalCsprOrchestration), input, options),
            Phases.Publication => await context.CallSubOrchestratorAsync<IncidentCase>(nameof(PublicationOrchestration), input, options),
            Phases.OtherLearningReview => await context.CallSubOrchestratorAsync<IncidentCase>(nameof(OtherLearningReviewOrchestration), input, options),
            Phases.NationalReview => await context.CallSubOrchestratorAsync<IncidentCase>(nameof(NationalReviewOrchestration), input, options),
            Phases.ActionPlan => await context.CallSubOrchestratorAsync<IncidentCase>(nameof(ActionPlanOrchestration), input, options),
            Phases.NoFurtherReview => CloseWithoutReview(input, flow),
            _ => throw new InvalidOperationException($"No stage orchestration for phase '{phase}'."),
        };
        if (PhaseOf(result) == phase)
            throw new InvalidOperationException($"The {phase} stage of {input.Reference} ended without moving the case on.");
        context.ContinueAsNew(result);
        return result;
    }

    /// <summary>No further review: the decision and its rationale were recorded and communicated; close.</summary>
    private static IncidentCase CloseWithoutReview(IncidentCase c, Flow flow)
    {
        var reason = c.Incident.Decision?.Rationale ?? c.Incident.Triage?.Rationale ?? "No further review.";
        return c with { Incident = c.Incident.Close(Flow.System, flow.Today, "No further review: " + reason) };
    }

    /// <summary>
    /// The stage orchestration a case needs next. The Notification stage goes straight to scoping,
    /// which runs the National Panel notification alongside the scoping requests.
    /// </summary>
    public static string PhaseOf(IncidentCase c) => c.Stage switch
    {
        IncidentStage.ReferralQa => Phases.ReferralQa,
        IncidentStage.Notification => Phases.Scoping,
        IncidentStage.Scoping => Phases.Scoping,
        IncidentStage.RapidReview => Phases.RapidReview,
        IncidentStage.Decision => Phases.Decision,
        IncidentStage.LocalCspr => Phases.LocalCspr,
        IncidentStage.Publication => Phases.Publication,
        IncidentStage.OtherLearningReview => Phases.OtherLearningReview,
        IncidentStage.NationalReview => Phases.NationalReview,
        IncidentStage.NoFurtherReview => Phases.NoFurtherReview,
        IncidentStage.ActionPlan => Phases.ActionPlan,
        _ => Phases.Closed,
    };

    private (string Kind, DateOnly Due)? NextDeadline(IncidentCase c, DateOnly today) =>
        new Application.DeadlineAssessor(services.Calendar).Next(c, today) is { } next ? (next.Kind, next.Due) : null;
}

/// <summary>The stage orchestrations, by name (also the suffix of their instance ids).</summary>
public static class Phases
{
    public const string ReferralQa = "referral-qa";
    public const string Scoping = "scoping";
    public const string RapidReview = "rapid-review";
    public const string Decision = "decision";
    public const string LocalCspr = "local-cspr";
    public const string Publication = "publication";
    public const string OtherLearningReview = "other-learning-review";
    public const string NationalReview = "national-review";
    public const string NoFurtherReview = "no-further-review";
    public const string ActionPlan = "action-plan";
    public const string Closed = "closed";

    public static string Describe(string phase) => phase.Replace('-', ' ').Replace("cspr", "CSPR", StringComparison.Ordinal).Replace("qa", "QA", StringComparison.Ordinal);
}
