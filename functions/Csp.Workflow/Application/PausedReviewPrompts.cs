using System.Globalization;
using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using Csp.Workflow.Actions;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;
using Microsoft.DurableTask.Client;

namespace Csp.Workflow.Application;

/// <summary>
/// Local CSPRs still paused for parallel proceedings past their completion date with nobody asked for the
/// revised timetable for the National Panel: reviews whose completion watch was started before it asked by
/// itself, or paused before it could. Each such watch is sent <see cref="WatchSignal.PastDue"/> once per
/// pause (the signal's id names the pause); it then tells the business unit and those monitoring the review,
/// and the incident page asks for the revised timetable. Watches that ask by themselves ignore the signal.
/// Run regularly: a timer in the Functions app, a loop on the local host's clock.
/// </summary>
public sealed class PausedReviewPrompts(DurableTaskClient client, IIncidentRecords records, WorkflowServices services, TimeProvider time)
{
    /// <summary>Signals every watch that should ask and has not; returns how many were signalled.</summary>
    public async Task<int> PromptAsync(CancellationToken cancellation)
    {
        var today = services.Calendar.LocalDate(time.GetUtcNow());
        var pastDue = new List<string>();
        await foreach (var row in records.ListCasesAsync(cancellation).ConfigureAwait(false))
        {
            var incident = row.Case.Incident;
            if (row.Case.Stage == IncidentStage.LocalCspr && incident.IsPaused && incident.Decision is { } decision
                && services.Calendar.Deadlines.LocalCsprCompletion(decision.DecidedOn).Due < today)
                pastDue.Add(row.Case.IncidentId);
        }

        var signalled = 0;
        foreach (var id in pastDue)
        {
            if (await records.LoadAsync(id, cancellation).ConfigureAwait(false) is not { } record || record.Case.Incident.ActivePause is not { } pause) continue;
            // Asked already (the step is open), or the Panel has had a revised timetable since this pause began.
            if (record.OpenSteps.Any(s => s.Actions.Contains(ActionNames.RecordRevisedTimetable))) continue;
            if (record.Audit.Any(a => a.Revised?.Kind == DeadlineKinds.LocalCsprCompletion && services.Calendar.LocalDate(a.At) >= pause.From)) continue;
            var watchId = DeadlineWatch.IdFor(id, DeadlineKinds.LocalCsprCompletion);
            var signalId = $"{watchId}:{WatchSignal.PastDue}:{pause.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
            try
            {
                await client.RaiseEventAsync(watchId, Events.WatchSignal, new WatchSignal(WatchSignal.PastDue, pause.Reason, signalId), cancellation).ConfigureAwait(false);
                signalled++;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // The watch has finished (its escalations all sent): nothing waits to be told.
            }
        }
        return signalled;
    }
}
