using Csp.Workflow.Application;
using CspFunctions.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace CspFunctions.Timers;

/// <summary>
/// Reviews still paused for parallel proceedings past their date, whose watch has not asked for the revised
/// timetable for the National Panel, are asked now (<see cref="PausedReviewPrompts"/>), as the local host's loop does.
/// </summary>
public sealed class PausedReviewFunctions(PausedReviewPrompts prompts, InvocationDurableTaskClient durable, ILogger<PausedReviewFunctions> logger)
{
    /// <summary>Hourly, at five past (the local host's loop runs hourly on its clock).</summary>
    public const string Schedule = "0 5 * * * *";

    [Function(nameof(AskForRevisedTimetables))]
    public async Task AskForRevisedTimetables([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellation)
    {
        using (durable.Use(client))
        {
            var signalled = await prompts.PromptAsync(cancellation);
            if (signalled > 0) logger.LogInformation("Asked for the revised timetable of {Count} reviews paused past their date.", signalled);
        }
    }
}
