using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Activities;

/// <summary>
/// Writes on an incident's timeline that a role the process needs has nobody in the partnership
/// directory yet. The entry's id is fixed by what it is about, so a repeated activity writes it once.
/// </summary>
internal static class UnfilledRoles
{
    public const string Who = "Partnership directory";

    public static async Task RecordAsync(IIncidentRecords records, string incidentId, string about, IReadOnlyList<EmailAddress> recipients, string consequence, TimeProvider time)
    {
        if (string.IsNullOrEmpty(incidentId)) return;
        var unfilled = recipients.Where(WorkflowServices.IsUnfilled).Select(r => r.Name ?? "a role").Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (unfilled.Count == 0) return;
        var entries = unfilled.Select(role => new AuditEntry($"unfilled:{about}:{role}", time.GetUtcNow(), Who,
            $"Waiting for the {role}: the partnership has nobody in that role yet, so {consequence}.",
            "The business unit enters them on the Partnership page.", null, AuditKinds.Escalation)).ToList();
        await records.AppendAuditAsync(incidentId, entries, CancellationToken.None);
    }
}
