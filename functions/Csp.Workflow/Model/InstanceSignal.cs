using Csp.Workflow.Application;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Model;

/// <summary>An event the workflow raises on another of its instances (stopping a watch, closing scoping).</summary>
public sealed record InstanceSignal(string InstanceId, string EventName, WatchSignal? Watch, DecisionDueSet? DecisionDue = null);
