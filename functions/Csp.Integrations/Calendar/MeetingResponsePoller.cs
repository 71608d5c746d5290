using Csp.Workflow.Application;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Csp.Integrations.Calendar;

/// <summary>Reads attendees' answers from the calendar service every <c>Csp:Calendar:Graph:ResponsePollMinutes</c> (Graph only).</summary>
public sealed class MeetingResponsePoller(IServiceProvider services, IOptions<CalendarOptions> options, TimeProvider time)
    : BackgroundService
{
    private readonly ILogger _logger = services.GetService<ILogger<MeetingResponsePoller>>() ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.Graph.ResponsePollMinutes), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var submitted = await services.GetRequiredService<MeetingResponseSync>().SyncAsync(stoppingToken);
                if (submitted > 0) _logger.LogInformation("Recorded {Count} meeting replies from the calendar.", submitted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The calendar service is unreachable for now; the next tick tries again.
                _logger.LogWarning(ex, "Reading meeting replies from the calendar failed.");
            }
        }
    }
}
