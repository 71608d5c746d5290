using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

/// <summary>An action the user's role takes that the process does not offer yet, with the reason (the decision waits for the notification).</summary>
public sealed record WaitingAction(string Name, string Label, string Reason);
