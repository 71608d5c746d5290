using Csp.Workflow.Application;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Model;

/// <summary>The scoping returns to collate into the pack for panel members, with the referral it summarises and the day it is collated.</summary>
public sealed record ScopingPackRequest(
    string IncidentId, string Reference, int Version, IReadOnlyList<ScopingAgency> Agencies,
    Csp.Domain.Referrals.Referral? Referral = null, DateOnly? CollatedOn = null);
