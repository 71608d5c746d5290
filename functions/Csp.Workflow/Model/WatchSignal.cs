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

    /// <summary>
    /// The review is still paused past its date (sent by <c>PausedReviewPrompts</c>): a watch started before it
    /// asked by itself tells those concerned and asks for the revised timetable; others ignore it.
    /// </summary>
    public const string PastDue = "past-due";
}
