using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Ports;
using Microsoft.Extensions.Options;

namespace Csp.Workflow.Configuration;

/// <summary>
/// The configuration every orchestration and activity reads, bundled: options fixed at start, and the
/// partnership's people as last read from the directory the business unit keeps.
/// </summary>
public sealed class WorkflowServices(
    IOptions<WorkflowOptions> options,
    PartnershipDirectoryService partnership,
    WorkflowCalendar calendar,
    ActionCatalogue catalogue)
{
    public WorkflowOptions Options { get; } = options.Value;
    /// <summary>The partnership's people now (the directory's last read version): what is sent next goes to them.</summary>
    public PartnershipOptions Partnership => Directory.Current;

    public PartnershipDirectoryService Directory { get; } = partnership;
    public WorkflowCalendar Calendar { get; } = calendar;
    public ActionCatalogue Catalogue { get; } = catalogue;

    public Uri IncidentPage(string incidentId) => new(Options.PublicBase, "incidents/" + Uri.EscapeDataString(incidentId));

    public static EmailAddress Address(PersonOptions person) => new(person.Email, person.Name);

    /// <summary>The holder of a role, or (nobody holds it) an address with no email and the role's name: <see cref="IsUnfilled"/>.</summary>
    public static EmailAddress Role(PersonOptions? person, string role) =>
        person is { Email.Length: > 0 } ? Address(person) : new EmailAddress("", role);

    /// <summary>True for a role nobody holds yet: nothing is sent to it.</summary>
    public static bool IsUnfilled(EmailAddress address) => string.IsNullOrWhiteSpace(address.Address);
}
