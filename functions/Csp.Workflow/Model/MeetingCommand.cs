using Csp.Workflow.Application;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Model;

/// <summary>A meeting change for the calendar port.</summary>
/// <param name="Added">For <see cref="Invite"/>: the attendees added, who alone need an invitation.</param>
public sealed record MeetingCommand(string Command, MeetingRequest Meeting, MeetingReference? Reference, int Sequence, string? Reason, string Key, IReadOnlyList<MeetingAttendee>? Added = null)
{
    public const string Invite = "invite";
    public const string Create = "create";
    public const string Update = "update";
    public const string Cancel = "cancel";
}
