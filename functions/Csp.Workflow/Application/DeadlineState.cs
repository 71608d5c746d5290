using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

[JsonConverter(typeof(JsonStringEnumConverter<DeadlineState>))]
/// <summary>
/// Where a deadline stands: open (<see cref="Due"/>, <see cref="Overdue"/>) or resolved
/// (<see cref="Met"/>, <see cref="MetLate"/>, <see cref="Waived"/> when the business unit waived
/// what it waited for, <see cref="Missed"/> when its stage ended without it). Only open deadlines
/// make an incident red or amber.
/// </summary>
public enum DeadlineState { Met, Due, Overdue, MetLate, Waived, Missed }
