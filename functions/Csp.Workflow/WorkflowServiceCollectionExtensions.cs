using Csp.Domain.Calendar;
using Csp.Domain.Timescales;
using Csp.Durable;
using Csp.Durable.Engine;
using Csp.Workflow.Actions;
using Csp.Workflow.Activities;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Orchestrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// Extension methods for service registration live in this namespace by convention, so Program.cs needs no using.
namespace Microsoft.Extensions.DependencyInjection;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// The workflow core: options (<c>Csp</c>, <c>Csp:Partnership</c>, <c>Csp:Timescales</c>,
    /// <c>Csp:WorkingDayCalendar</c>, <c>Csp:Durable</c>) validated at start, the orchestrations and
    /// activities on the embedded engine, <see cref="IIncidentService"/> and <see cref="ICapabilityLinks"/>.
    /// The ports (email, calendar, documents, read model, links, registry) and the orchestration store
    /// come from <c>AddCspIntegrations</c>; <c>AddCspWorkflow</c> adds both.
    /// </summary>
    public static IServiceCollection AddCspWorkflowCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(configuration);
        services.AddOptions<WorkflowOptions>().BindConfiguration(WorkflowOptions.SectionName).ValidateOnStart();
        services.AddOptions<PartnershipOptions>().BindConfiguration(PartnershipOptions.SectionName).ValidateOnStart();
        services.AddOptions<StatutoryTimescales>().BindConfiguration("Csp:Timescales").ValidateOnStart();
        services.AddOptions<WorkingDayCalendarOptions>().BindConfiguration("Csp:" + WorkingDayCalendarOptions.SectionName);
        services.AddOptions<DurableEngineOptions>().BindConfiguration(DurableEngineOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkflowOptions>, WorkflowOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PartnershipOptions>, PartnershipOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StatutoryTimescales>, TimescalesValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new WorkflowCalendar(
            sp.GetRequiredService<IOptions<WorkingDayCalendarOptions>>().Value.CreateCalendar(),
            sp.GetRequiredService<IOptions<StatutoryTimescales>>().Value,
            sp.GetRequiredService<IOptions<WorkflowOptions>>().Value.Reminders));
        services.TryAddSingleton<ActionCatalogue>();
        services.TryAddSingleton<WorkflowServices>();
        services.TryAddSingleton<NoticeMailer>();
        services.TryAddSingleton<IIncidentService, WorkflowIncidentService>();
        services.TryAddSingleton<ICapabilityLinks, CapabilityLinks>();
        services.TryAddSingleton<IIncidentDocuments, IncidentDocuments>();

        services.AddDurableEngine(RegisterWorkflow);
        return services;
    }

    /// <summary>Every orchestration and activity of the workflow, by class name.</summary>
    public static void RegisterWorkflow(DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<IncidentOrchestration>();
        registry.AddOrchestrator<ReferralQaOrchestration>();
        registry.AddOrchestrator<NotificationOrchestration>();
        registry.AddOrchestrator<ScopingOrchestration>();
        registry.AddOrchestrator<AgencyScopingOrchestration>();
        registry.AddOrchestrator<RapidReviewMeetingOrchestration>();
        registry.AddOrchestrator<RapidReviewOrchestration>();
        registry.AddOrchestrator<DecisionOrchestration>();
        registry.AddOrchestrator<LocalCsprOrchestration>();
        registry.AddOrchestrator<PublicationOrchestration>();
        registry.AddOrchestrator<OtherLearningReviewOrchestration>();
        registry.AddOrchestrator<NationalReviewOrchestration>();
        registry.AddOrchestrator<ActionPlanOrchestration>();
        registry.AddOrchestrator<DeadlineWatchOrchestration>();

        registry.AddActivity<RecordProgress>();
        registry.AddActivity<SendNotice>();
        registry.AddActivity<OpenStep>();
        registry.AddActivity<CloseStep>();
        registry.AddActivity<SendLinkReminder>();
        registry.AddActivity<ChangeMeeting>();
        registry.AddActivity<CollateScopingPack>();
        registry.AddActivity<SignalInstance>();
        registry.AddActivity<StartDeadlineWatch>();
    }
}
