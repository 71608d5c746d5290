using Csp.Workflow.Application;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Model;

/// <summary>What an orchestration writes to the read model and audit trail in one activity call.</summary>
public sealed record ProgressRecord(
    string IncidentId,
    DateTimeOffset At,
    IncidentCase? Case = null,
    ScopingAgency? Agency = null,
    RapidReviewMeeting? Meeting = null,
    IReadOnlyList<AuditEntry>? Audit = null);
