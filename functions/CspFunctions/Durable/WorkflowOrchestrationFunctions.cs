using Csp.Workflow.Model;
using Csp.Workflow.Orchestrations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace CspFunctions.Durable;

/// <summary>
/// Every orchestration of the workflow as a Durable Functions orchestrator, named after its class
/// (the name the workflow calls it by). Each function only hands the context to the workflow's
/// own <see cref="TaskOrchestrator{TInput, TOutput}"/>; a contract test keeps the list complete.
/// </summary>
public sealed class WorkflowOrchestrationFunctions(IServiceProvider services)
{
    private Task<TOut> Run<TOrchestrator, TIn, TOut>(TaskOrchestrationContext context)
        where TOrchestrator : TaskOrchestrator<TIn, TOut> =>
        ActivatorUtilities.CreateInstance<TOrchestrator>(services).RunAsync(context, context.GetInput<TIn>()!);

    [Function(nameof(IncidentOrchestration))]
    public Task<IncidentCase> IncidentOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Run<IncidentOrchestration, IncidentCase, IncidentCase>(context);

    [Function(nameof(ReferralQaOrchestration))]
    public Task<IncidentCase> ReferralQaOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Run<ReferralQaOrchestration, IncidentCase, IncidentCase>(context);

    [Function(nameof(ScopingOrchestration))]
    public Task<IncidentCase> ScopingOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Run<ScopingOrchestration, IncidentCase, IncidentCase>(context);

    [Function(nameof(AgencyScopingOrchestration))]
    public Task<ScopingAgency> AgencyScopingOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Run<AgencyScopingOrchestration, AgencyScopingInput, ScopingAgency>(context);

    [Function(nameof(RapidReviewMeetingOrchestration))]
    public Task<RapidReviewMeeting> RapidReviewMeetingOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Run<RapidReviewMeetingOrchestration, MeetingInput, RapidReviewMeeting>(context);

    [Function(nameof(RapidReviewOrchestration))]
    public Task<IncidentCase> RapidReviewOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Run<RapidReviewOrchestration, IncidentCase, IncidentCase>(context);

    [Function(nameof(DecisionOrchestration))]
    public Task<IncidentCase> DecisionOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Run<DecisionOrchestration, IncidentCase, IncidentCase>(context);

    [Function(nameof(LocalCsprOrchestration))]
    public Task<IncidentCase> LocalCsprOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Run<LocalCsprOrchestration, IncidentCase, IncidentCase>(context);

    [Function(nameof(PublicationOrchestration))]
    public Task<IncidentCase> PublicationOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Run<PublicationOrchestration, IncidentCase, IncidentCase>(context);

    [Function(nameof(OtherLearningReviewOrchestration))]
    public Task<IncidentCase> OtherLearningReviewOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Run<OtherLearningReviewOrchestration, IncidentCase, IncidentCase>(context);

    [Function(nameof(NationalReviewOrchestration))]
    public Task<IncidentCase> NationalReviewOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Run<NationalReviewOrchestration, IncidentCase, IncidentCase>(context);

    [Function(nameof(ActionPlanOrchestration))]
    public Task<IncidentCase> ActionPlanOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Run<ActionPlanOrchestration, IncidentCase, IncidentCase>(context);

    [Function(nameof(DeadlineWatchOrchestration))]
    public Task<WatchResult> DeadlineWatchOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Run<DeadlineWatchOrchestration, DeadlineWatch, WatchResult>(context);

    [Function(nameof(RapidReviewMinutesOrchestration))]
    public Task<RapidReviewMeeting> RapidReviewMinutesOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Run<RapidReviewMinutesOrchestration, MinutesInput, RapidReviewMeeting>(context);
}
