using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

/// <summary>
/// An agency's scoping return as listed on the incident; <paramref name="Returns"/> counts the submissions staff can read;
/// <paramref name="CannotReturnReason"/> is why the agency said it cannot return (for the business unit to waive or chase).
/// </summary>
public sealed record ScopingAgencyView(string Agency, string AgencyType, string Status, DateOnly? RequestedOn, DateOnly? DueOn, DateOnly? ReturnedOn, int Chases, string? Gaps,
    string? Key = null, int Returns = 0, string? CannotReturnReason = null);
