using Csp.Workflow.Application;
using CspFunctions.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CspFunctions.Timers;

/// <summary>
/// Attendees' answers to Rapid Review meeting invitations, read back from the business unit's
/// Microsoft 365 calendar (<c>Csp__Calendar__Provider=Graph</c>) and submitted as their replies, as
/// the local host's background reader does; here a timer, because the platform stops idle workers.
/// </summary>
public sealed class MeetingReplyFunctions(IServiceProvider services, InvocationDurableTaskClient durable, ILogger<MeetingReplyFunctions> logger)
{
    /// <summary>
    /// Every 15 minutes (the local host's default <c>Csp__Calendar__Graph__ResponsePollMinutes</c>;
    /// a timer's schedule is fixed when the app is built).
    /// </summary>
    public const string Schedule = "0 */15 * * * *";

    // Each reply raises the meeting step's event on the incident's orchestration.
    [Function(nameof(ReadMeetingReplies))]
    public async Task ReadMeetingReplies([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellation)
    {
        // Registered only with the Graph calendar: with emailed invitations there is nothing to read.
        if (services.GetService<MeetingResponseSync>() is not { } sync) return;
        using (durable.Use(client))
        {
            var submitted = await sync.SyncAsync(cancellation);
            if (submitted > 0) logger.LogInformation("Recorded {Count} meeting replies from the calendar.", submitted);
        }
    }
}
