using Csp.Domain.Calendar;
using Csp.Domain.Timescales;
using Microsoft.DurableTask;
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
    /// <c>Csp:WorkingDayCalendar</c>) validated at start, the orchestrations and
    /// activities on the embedded engine, <see cref="IIncidentService"/>, <see cref="ICapabilityLinks"/> and
    /// <see cref="IScopingLinkAccess"/> (one-time codes on scoping links).
    /// The ports (email, calendar, documents, read model, links and their codes, registry) and the orchestration store
    /// come from <c>AddCspIntegrations</c>; <c>AddCspWorkflow</c> adds both.
    /// </summary>
    public static IServiceCollection AddCspWorkflowCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(configuration);
        services.AddUnresolvedKeyVaultReferencesAsMissing();
        services.AddOptions<WorkflowOptions>().BindConfiguration(WorkflowOptions.SectionName).ValidateOnStart();
        services.AddOptions<PartnershipOptions>().BindConfiguration(PartnershipOptions.SectionName).ValidateOnStart();
        services.AddOptions<StatutoryTimescales>().BindConfiguration("Csp:Timescales").ValidateOnStart();
        services.AddCspWorkingDayCalendar();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkflowOptions>, WorkflowOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PartnershipOptions>, PartnershipOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StatutoryTimescales>, TimescalesValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new WorkflowCalendar(
            sp.GetRequiredService<WorkingDayCalendar>(),
            sp.GetRequiredService<IOptions<StatutoryTimescales>>().Value,
            sp.GetRequiredService<IOptions<WorkflowOptions>>().Value.Reminders));
        services.TryAddSingleton(sp => new IncidentIndexer(sp.GetRequiredService<WorkflowCalendar>()));
        services.TryAddSingleton<ActionCatalogue>();
        services.TryAddSingleton<PartnershipDirectoryService>();
        services.TryAddSingleton<WorkflowServices>();
        services.TryAddSingleton<NoticeMailer>();
        services.TryAddSingleton<IIncidentService, WorkflowIncidentService>();
        services.TryAddSingleton<PausedReviewPrompts>();
        services.TryAddSingleton<LinkRecipients>();
        services.TryAddSingleton<StepReassignment>();
        services.TryAddSingleton<ICapabilityLinks, CapabilityLinks>();
        services.TryAddSingleton<IScopingLinkAccess, ScopingLinkAccess>();
        services.TryAddSingleton<IIncidentDocuments, IncidentDocuments>();

        return services;
    }

    /// <summary>
    /// The working-day calendar as one singleton, from the one section <see cref="WorkingDayCalendarOptions.SectionName"/>:
    /// the workflow's deadlines, the calendar API and the pages count on the same calendar. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddCspWorkingDayCalendar(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(WorkingDayCalendarOptionsMarker))) return services;
        services.AddSingleton<WorkingDayCalendarOptionsMarker>();
        services.AddOptions<WorkingDayCalendarOptions>().BindConfiguration(WorkingDayCalendarOptions.SectionName);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<WorkingDayCalendarOptions>>().Value.CreateCalendar());
        return services;
    }

    /// <summary>Marks that the calendar section is bound, so a second call does not bind it twice (lists would append).</summary>
    private sealed class WorkingDayCalendarOptionsMarker;

    /// <summary>
    /// Every orchestration and activity of the workflow, by class name. The SDK creates activities
    /// through DI but orchestrators with a parameterless constructor; ours take the workflow's
    /// settings (calendar, timescales, partnership: fixed data, so replay stays deterministic), so
    /// each orchestrator comes from a factory over <paramref name="services"/>.
    /// </summary>
    public static void RegisterWorkflow(DurableTaskRegistry registry, IServiceProvider services)
    {
        void AddOrchestrator<T>() where T : class, ITaskOrchestrator =>
            registry.AddOrchestrator(typeof(T).Name, () => ActivatorUtilities.CreateInstance<T>(services));

        AddOrchestrator<IncidentOrchestration>();
        AddOrchestrator<ReferralQaOrchestration>();
        AddOrchestrator<ScopingOrchestration>();
        AddOrchestrator<AgencyScopingOrchestration>();
        AddOrchestrator<RapidReviewMeetingOrchestration>();
        AddOrchestrator<RapidReviewOrchestration>();
        AddOrchestrator<DecisionOrchestration>();
        AddOrchestrator<LocalCsprOrchestration>();
        AddOrchestrator<PublicationOrchestration>();
        AddOrchestrator<OtherLearningReviewOrchestration>();
        AddOrchestrator<NationalReviewOrchestration>();
        AddOrchestrator<ActionPlanOrchestration>();
        AddOrchestrator<DeadlineWatchOrchestration>();
        AddOrchestrator<RapidReviewMinutesOrchestration>();

        registry.AddActivity<RecordProgress>();
        registry.AddActivity<SendNotice>();
        registry.AddActivity<OpenStep>();
        registry.AddActivity<CloseStep>();
        registry.AddActivity<SendLinkReminder>();
        registry.AddActivity<ChangeMeeting>();
        registry.AddActivity<CollateScopingPack>();
        registry.AddActivity<DraftRapidReviewReport>();
        registry.AddActivity<SignalInstance>();
        registry.AddActivity<StartDeadlineWatch>();
        registry.AddActivity<StartRapidReviewMinutes>();
    }
}
