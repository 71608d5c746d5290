using Csp.Workflow.Application;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Model;

/// <summary>A meeting change for the calendar port.</summary>
public sealed record MeetingCommand(string Command, MeetingRequest Meeting, MeetingReference? Reference, int Sequence, string? Reason, string Key)
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Cancel = "cancel";
}
