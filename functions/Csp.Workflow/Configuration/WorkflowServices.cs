using Csp.Workflow.Actions;
using Csp.Workflow.Ports;
using Microsoft.Extensions.Options;

namespace Csp.Workflow.Configuration;

/// <summary>The configuration every orchestration and activity reads, bundled (all immutable after start).</summary>
public sealed class WorkflowServices(
    IOptions<WorkflowOptions> options,
    IOptions<PartnershipOptions> partnership,
    WorkflowCalendar calendar,
    ActionCatalogue catalogue)
{
    public WorkflowOptions Options { get; } = options.Value;
    public PartnershipOptions Partnership { get; } = partnership.Value;
    public WorkflowCalendar Calendar { get; } = calendar;
    public ActionCatalogue Catalogue { get; } = catalogue;

    public Uri IncidentPage(string incidentId) => new(Options.PublicBase, "incidents/" + Uri.EscapeDataString(incidentId));

    public static EmailAddress Address(PersonOptions person) => new(person.Email, person.Name);
}
