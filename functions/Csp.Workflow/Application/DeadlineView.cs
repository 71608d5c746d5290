using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

/// <summary>A statutory due date with its basis and where it stands.</summary>
public sealed record DeadlineView(string Kind, string Label, DateOnly Due, string Basis, DeadlineState State, DateOnly? MetOn)
{
    /// <summary>
    /// For a review paused past its date: when the revised timetable sent to the National Panel now expects it
    /// to be completed. The due date itself does not move.
    /// </summary>
    public DateOnly? RevisedExpectedBy { get; init; }
}
