using Csp.Workflow.Orchestrations;
using Csp.Workflow.Activities;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CspFunctions.Durable;

/// <summary>
/// Every activity of the workflow as a Durable Functions activity, named after its class. Each
/// function creates the workflow's <see cref="TaskActivity{TInput, TOutput}"/> with its services
/// and runs it; exceptions surface so Durable Functions' retries apply.
/// </summary>
public sealed class WorkflowActivityFunctions(IServiceProvider services)
{
    private Task<TOut> Run<TActivity, TIn, TOut>(string name, TIn input, FunctionContext function, params object[] arguments)
        where TActivity : TaskActivity<TIn, TOut> =>
        ActivatorUtilities.CreateInstance<TActivity>(services, arguments).RunAsync(new FunctionActivityContext(name, function), input);

    [Function(nameof(RecordProgress))]
    public Task<bool> RecordProgress([ActivityTrigger] ProgressRecord input, FunctionContext function) =>
        Run<RecordProgress, ProgressRecord, bool>(nameof(RecordProgress), input, function);

    [Function(nameof(SendNotice))]
    public Task<NoticeSent> SendNotice([ActivityTrigger] Notice input, FunctionContext function) =>
        Run<SendNotice, Notice, NoticeSent>(nameof(SendNotice), input, function);

    [Function(nameof(OpenStep))]
    public Task<bool> OpenStep([ActivityTrigger] OpenStepRequest input, FunctionContext function) =>
        Run<OpenStep, OpenStepRequest, bool>(nameof(OpenStep), input, function);

    [Function(nameof(SendLinkReminder))]
    public Task<NoticeSent> SendLinkReminder([ActivityTrigger] LinkReminder input, FunctionContext function) =>
        Run<SendLinkReminder, LinkReminder, NoticeSent>(nameof(SendLinkReminder), input, function);

    [Function(nameof(CloseStep))]
    public Task<bool> CloseStep([ActivityTrigger] StepRef input, FunctionContext function) =>
        Run<CloseStep, StepRef, bool>(nameof(CloseStep), input, function);

    [Function(nameof(ChangeMeeting))]
    public Task<MeetingReference> ChangeMeeting([ActivityTrigger] MeetingCommand input, FunctionContext function) =>
        Run<ChangeMeeting, MeetingCommand, MeetingReference>(nameof(ChangeMeeting), input, function);

    [Function(nameof(CollateScopingPack))]
    public Task<string> CollateScopingPack([ActivityTrigger] ScopingPackRequest input, FunctionContext function) =>
        Run<CollateScopingPack, ScopingPackRequest, string>(nameof(CollateScopingPack), input, function);

    [Function(nameof(DraftRapidReviewReport))]
    public Task<string?> DraftRapidReviewReport([ActivityTrigger] IncidentCase input, FunctionContext function) =>
        Run<DraftRapidReviewReport, IncidentCase, string?>(nameof(DraftRapidReviewReport), input, function);

    // Raises an event on another instance, through the client Durable Functions binds to this invocation.
    [Function(nameof(SignalInstance))]
    public Task<bool> SignalInstance([ActivityTrigger] InstanceSignal input, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        Run<SignalInstance, InstanceSignal, bool>(nameof(SignalInstance), input, function, client);

    // Starts a deadline watch instance, through the client Durable Functions binds to this invocation.
    [Function(nameof(StartDeadlineWatch))]
    public Task<bool> StartDeadlineWatch([ActivityTrigger] DeadlineWatch input, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        Run<StartDeadlineWatch, DeadlineWatch, bool>(nameof(StartDeadlineWatch), input, function, client);

    // Starts the held meeting's minutes instance, through the client Durable Functions binds to this invocation.
    [Function(nameof(StartRapidReviewMinutes))]
    public Task<bool> StartRapidReviewMinutes([ActivityTrigger] MinutesInput input, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        Run<StartRapidReviewMinutes, MinutesInput, bool>(nameof(StartRapidReviewMinutes), input, function, client);
}

/// <summary>The activity's name and its orchestration's instance id, as the SDK's activities expect them.</summary>
internal sealed class FunctionActivityContext(string name, FunctionContext function) : TaskActivityContext
{
    public override TaskName Name { get; } = new(name);

    public override string InstanceId { get; } =
        function.BindingContext.BindingData.TryGetValue("instanceId", out var id) && id is string text ? text : "";
}
