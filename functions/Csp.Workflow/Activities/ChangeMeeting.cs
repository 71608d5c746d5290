using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Orchestrations;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Activities;

/// <summary>Creates, changes or cancels the Rapid Review meeting in attendees' calendars.</summary>
public sealed class ChangeMeeting(IMeetingScheduler scheduler) : TaskActivity<MeetingCommand, MeetingReference>
{
    public override async Task<MeetingReference> RunAsync(TaskActivityContext context, MeetingCommand input)
    {
        switch (input.Command)
        {
            case MeetingCommand.Create:
                return await scheduler.CreateAsync(input.Meeting, input.Key, CancellationToken.None);
            case MeetingCommand.Update:
                await scheduler.UpdateAsync(input.Reference!, input.Meeting, input.Sequence, input.Key, CancellationToken.None);
                return input.Reference!;
            case MeetingCommand.Invite:
                await scheduler.InviteAsync(input.Reference!, input.Meeting, input.Sequence, input.Added ?? [], input.Key, CancellationToken.None);
                return input.Reference!;
            case MeetingCommand.Cancel:
                await scheduler.CancelAsync(input.Reference!, input.Meeting, input.Sequence, input.Reason ?? "", input.Key, CancellationToken.None);
                return input.Reference!;
            default:
                throw new ArgumentException($"Unknown meeting command '{input.Command}'.", nameof(input));
        }
    }
}
