using System.Diagnostics;
using System.Security.Cryptography;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Application;

/// <summary>
/// The outcome the orchestration recorded for a submission (its entry keyed by the submission's
/// id, <see cref="AuditEntry.OutcomeId"/>): the one decision a link or API answers from. Waits
/// a short while for it, since the orchestration decides after the event is raised.
/// </summary>
public sealed class SubmissionOutcomes(IIncidentRecords records, TimeSpan patience)
{
    /// <summary>How long a request waits, at most, for the process to decide what it sent (<c>Csp:SubmissionPatienceSeconds</c>).</summary>
    public TimeSpan Patience { get; } = patience;

    /// <summary>How long a step may stay closed without this submission's outcome before it is taken as not decided (another submission closed it).</summary>
    public static readonly TimeSpan ClosedWithout = TimeSpan.FromSeconds(2);

    /// <summary>A new submission's id: random, so two people's identical submissions are two.</summary>
    public static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    /// <summary>The entry deciding the submission, or null when none was recorded in time (still being recorded, or dropped as a repeat).</summary>
    public async Task<AuditEntry?> AwaitAsync(string incidentId, string submissionId, string stepId, CancellationToken cancellation)
    {
        var id = AuditEntry.OutcomeId(submissionId);
        // A monotonic stopwatch, not the host's TimeProvider: the development clock may stand still or leap.
        var waited = Stopwatch.StartNew();
        TimeSpan? closedAt = null;
        while (true)
        {
            var record = await records.LoadAsync(incidentId, cancellation).ConfigureAwait(false);
            if (record?.Audit.FirstOrDefault(a => a.Id == id) is { } outcome) return outcome;
            if (record is not null && record.OpenSteps.All(s => s.StepId != stepId)) closedAt ??= waited.Elapsed;
            if (waited.Elapsed >= Patience || (closedAt is { } closed && waited.Elapsed - closed >= ClosedWithout)) return null;
            await Task.Delay(25, cancellation).ConfigureAwait(false);
        }
    }
}
