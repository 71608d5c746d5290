using Csp.Workflow.Application;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Model;

/// <summary>
/// A signal to a watch. <paramref name="Id"/> names this signal (watch, kind, sequence): events may
/// arrive twice on Durable Functions, and the watch acts on each id once.
/// </summary>
public sealed record WatchSignal(string Signal, string? Reason = null, string? Id = null)
{
    public const string Stop = "stop";
    public const string Pause = "pause";
    public const string Resume = "resume";
}
