using Csp.Workflow.Application;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Csp.Host.LocalHost;

/// <summary>
/// Every hour on the host's clock (so moving the development clock runs it), asks for the revised timetable
/// of reviews still paused past their date that nobody has been asked about (<see cref="PausedReviewPrompts"/>);
/// the Functions app runs the same check on a timer.
/// </summary>
internal sealed class PausedReviewPromptLoop(IServiceProvider services, TimeProvider time, ILogger<PausedReviewPromptLoop> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var signalled = await services.GetRequiredService<PausedReviewPrompts>().PromptAsync(stoppingToken);
                if (signalled > 0) logger.LogInformation("Asked for the revised timetable of {Count} reviews paused past their date.", signalled);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Storage unreachable for now: the next tick tries again.
                logger.LogWarning(ex, "Checking paused reviews past their date failed.");
            }
        }
    }
}
